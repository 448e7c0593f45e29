"""Telegram and WhatsApp end to end: fake Telegram Bot API and Graph API servers, the real
app (its lifespan starts the adapters from HALO_TELEGRAM_* / HALO_WHATSAPP_* settings) and
the real Rasa server with the trained model.

The app runs in this process (uvicorn in a thread) so that a test can push a proactive
message through ``app.state.ctx.outbound`` exactly as the complaint, booking and handoff
services do; Rasa is the session's server (tests/e2e/conftest.py), its own process.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlmodel import Session

from app.config import Settings
from app.launcher import LocalSystem
from app.main import create_app
from app.models import Conversation
from app.models.base import utcnow
from core.message import Button, OutgoingMessage
from tests.e2e.conftest import free_port
from tests.fakes import graph_api as meta
from tests.fakes import media
from tests.fakes.graph_api import FakeGraph
from tests.fakes.telegram_api import TOKEN, FakeTelegram, buttons_of

pytestmark = pytest.mark.e2e

T = TypeVar("T")
MENU = ["/ask_info", "/file_complaint", "/book_facility", "/request_human"]


class InProcessApp:
    def __init__(self, app: FastAPI, port: int) -> None:
        self.app = app
        self.port = port
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def start(self, timeout_s: float = 120.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("app did not start")
            time.sleep(0.1)

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run a coroutine on the app's own event loop."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)


@dataclass
class Channels:
    telegram: FakeTelegram
    graph: FakeGraph
    app: InProcessApp
    rasa_url: str
    runtime: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.app.port}"

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        token = (self.runtime / "rasa_token").read_text()  # written by the launcher
        resp = httpx.get(
            f"{self.rasa_url}/conversations/{conversation_id}/tracker",
            params={"token": token},
            timeout=30,
        )
        resp.raise_for_status()
        data: dict[str, Any] = resp.json()
        return data

    def user_events(self, conversation_id: str) -> list[dict[str, Any]]:
        return [e for e in self.tracker(conversation_id)["events"] if e["event"] == "user"]


def channel_settings(runtime: Path, rasa_url: str, tg: FakeTelegram, graph: FakeGraph) -> Settings:
    """An app with both channels on, talking to the fake Bot API and Graph API servers."""
    return Settings(
        environment="test",
        runtime_dir=runtime,
        rasa_url=rasa_url,
        telegram_token=TOKEN,
        telegram_mode="polling",
        telegram_api_base_url=tg.api_base_url,
        telegram_file_base_url=tg.file_base_url,
        whatsapp_token=meta.TOKEN,
        whatsapp_phone_number_id=meta.PHONE_NUMBER_ID,
        whatsapp_app_secret=meta.APP_SECRET,
        whatsapp_verify_token=meta.VERIFY_TOKEN,
        whatsapp_graph_url=graph.base_url,
    )


@pytest.fixture(scope="module")
def channels(system: LocalSystem) -> Iterator[Channels]:
    """The session's Rasa server (its actions run in the session's app process, on the same
    SQLite database), and an app of our own in this process with both channels on."""
    with FakeTelegram() as tg, FakeGraph() as graph:
        settings = channel_settings(system.runtime_dir, system.rasa_url, tg, graph)
        app = InProcessApp(create_app(settings), free_port())
        app.start()
        try:
            yield Channels(tg, graph, app, system.rasa_url, system.runtime_dir)
        finally:
            app.stop()


def tg_texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def wa_texts(messages: list[dict[str, Any]]) -> str:
    out = []
    for m in messages:
        if m["type"] == "text":
            out.append(m["text"]["body"])
        elif m["type"] == "interactive":
            out.append(m["interactive"]["body"]["text"])
        elif m["type"] == "template":
            out.append(m["template"]["components"][0]["parameters"][0]["text"])
    return "\n".join(out)


def wa_payloads(messages: list[dict[str, Any]]) -> list[str]:
    out = []
    for m in messages:
        if m["type"] != "interactive":
            continue
        action = m["interactive"]["action"]
        if m["interactive"]["type"] == "button":
            out += [b["reply"]["id"] for b in action["buttons"]]
        else:
            out += [r["id"] for s in action["sections"] for r in s["rows"]]
    return out


class TelegramCitizen:
    def __init__(self, ch: Channels, chat_id: int) -> None:
        self.fake, self.chat_id = ch.telegram, chat_id

    def expect(self, action: Any, min_new: int = 1) -> list[dict[str, Any]]:
        """Do ``action`` (queue an update), wait for the bot's answers, return the new ones."""
        before = len(self.fake.sent_to(self.chat_id))
        action()
        self.fake.wait_sent(self.chat_id, before + min_new, timeout=90)
        return self.fake.wait_quiet(self.chat_id, 1.5)[before:]


class WhatsAppCitizen:
    def __init__(self, ch: Channels, wa_id: str) -> None:
        self.ch, self.wa_id = ch, wa_id
        self.http = httpx.Client(base_url=ch.url, timeout=30)

    def deliver(self, payload: dict[str, Any], **kw: Any) -> httpx.Response:
        return meta.deliver(self.http, "/channels/whatsapp/webhook", payload, **kw)

    def expect(self, payload: dict[str, Any], min_new: int = 1) -> list[dict[str, Any]]:
        graph = self.ch.graph
        before = len(graph.sent_to(self.wa_id))
        resp = self.deliver(payload)
        assert resp.status_code == 200, resp.text
        graph.wait_sent(self.wa_id, before + min_new, timeout=90)
        return graph.wait_quiet(self.wa_id, 1.5)[before:]


# -- Telegram ------------------------------------------------------------------------------


def test_telegram_conversation_buttons_and_commands(channels):
    citizen = TelegramCitizen(channels, 7001)
    tg = channels.telegram
    first = citizen.expect(lambda: tg.send_text(7001, "halo"), min_new=2)
    assert "Pelindungan Data Pribadi" in first[0]["text"]
    assert "selamat datang" in tg_texts(first).lower()
    menu = next(m for m in first if m.get("reply_markup"))
    assert [data for _, data in buttons_of(menu)] == MENU
    assert any(a["method"] == "sendChatAction" for a in tg.actions)
    # tap "Lapor masalah" on the inline keyboard
    answer = citizen.expect(lambda: tg.press(7001, "/file_complaint", message=menu))
    assert "ceritakan masalahnya" in tg_texts(answer).lower()
    # /bantuan maps to the help intent (mid-form it re-asks the open question, so a
    # citizen outside any form is used to see the plain help menu)
    helped = citizen.expect(lambda: tg.send_text(7001, "/bantuan"))
    assert helped
    intents = [e["parse_data"]["intent"]["name"] for e in channels.user_events("telegram:7001")]
    assert intents[:3] == ["greet", "file_complaint", "help"]
    other = TelegramCitizen(channels, 7011)
    other.expect(lambda: tg.send_text(7011, "halo"), min_new=2)
    helped = other.expect(lambda: tg.send_text(7011, "/bantuan"))
    assert [d for m in helped for _, d in buttons_of(m)] == MENU


def test_telegram_location_photo_and_voice(channels):
    citizen = TelegramCitizen(channels, 7002)
    tg = channels.telegram
    citizen.expect(lambda: tg.send_text(7002, "halo"), min_new=2)
    # a location outside the (sample) city is explained, not silently dropped
    answer = citizen.expect(lambda: tg.send_location(7002, -6.2001, 106.8167))
    assert "di luar wilayah Kota Contoh" in tg_texts(answer)
    photo = media.jpeg()
    assert citizen.expect(lambda: tg.send_photo(7002, photo, caption="lampu mati"))
    events = channels.user_events("telegram:7002")
    loc_event, photo_event = events[-2], events[-1]
    assert loc_event["text"].startswith("/share_location")
    assert loc_event["metadata"]["location"]["latitude"] == -6.2001
    assert loc_event["metadata"]["channel"] == "telegram"
    assert photo_event["text"] == "/share_image"
    [att] = photo_event["metadata"]["attachments"]
    assert (channels.runtime / att["url"]).read_bytes() == photo
    assert photo_event["metadata"]["caption"] == "lampu mati"

    voice = citizen.expect(lambda: tg.send_voice(7002, media.ogg_voice()))
    assert voice[0]["text"].startswith("Saya mendengar:")
    assert channels.user_events("telegram:7002")[-1]["metadata"]["voice"] is True


def test_telegram_duplicate_update_and_proactive_message(channels):
    citizen = TelegramCitizen(channels, 7003)
    tg = channels.telegram
    update = tg.send_text(7003, "halo", queue=False)
    first = citizen.expect(lambda: (tg.queue(update), tg.queue(json.loads(json.dumps(update)))), 2)
    assert tg_texts(first).count("Pelindungan Data Pribadi") == 1
    assert len(channels.user_events("telegram:7003")) == 1

    outbound = channels.app.app.state.ctx.outbound
    push = OutgoingMessage(
        text="Laporan LPR-2026-000123 sudah selesai ditangani. Terima kasih.",
        sender="agent",
        buttons=[Button(title="Beri penilaian", payload="/rate_service")],
    )
    assert channels.app.call(outbound.push("telegram:7003", [push]))
    last = tg.sent_to(7003)[-1]
    assert last["text"] == push.text
    assert buttons_of(last) == [("Beri penilaian", "/rate_service")]


# -- WhatsApp ------------------------------------------------------------------------------


def test_whatsapp_conversation_with_buttons_and_list(channels):
    citizen = WhatsAppCitizen(channels, "6281200000001")
    first = citizen.expect(meta.text("6281200000001", "halo"), min_new=2)
    assert "Pelindungan Data Pribadi" in wa_texts(first)
    assert "selamat datang" in wa_texts(first).lower()
    # four menu buttons: more than the 3 reply buttons WhatsApp allows, so a list
    [menu] = [m for m in first if m["type"] == "interactive"]
    assert menu["interactive"]["type"] == "list"
    assert wa_payloads(first) == MENU
    answer = citizen.expect(meta.list_reply("6281200000001", "/file_complaint", "Lapor masalah"))
    assert "ceritakan masalahnya" in wa_texts(answer).lower()
    assert channels.graph.read_receipts  # blue ticks + typing indicator
    intents = [
        e["parse_data"]["intent"]["name"] for e in channels.user_events("whatsapp:6281200000001")
    ]
    assert intents[:2] == ["greet", "file_complaint"]


def test_whatsapp_location_image_and_voice(channels):
    wa_id = "6281200000002"
    citizen = WhatsAppCitizen(channels, wa_id)
    citizen.expect(meta.text(wa_id, "halo"), min_new=2)
    # a location inside the city is taken for a complaint: the form asks what happened there
    answer = citizen.expect(meta.location(wa_id, -7.0, 110.41, address="Jl. Melati No. 5"))
    answer_text = wa_texts(answer).lower()
    assert "ceritakan masalahnya" in answer_text and "di luar wilayah" not in answer_text
    photo = media.jpeg()
    assert citizen.expect(meta.image(wa_id, channels.graph.add_media(photo, "image/jpeg"), photo))
    events = channels.user_events(f"whatsapp:{wa_id}")
    assert events[-2]["metadata"]["location"]["address"] == "Jl. Melati No. 5"
    assert events[-1]["text"] == "/share_image"
    [att] = events[-1]["metadata"]["attachments"]
    assert (channels.runtime / att["url"]).read_bytes() == photo

    voice = media.ogg_voice()
    answer = citizen.expect(meta.audio(wa_id, channels.graph.add_media(voice, "audio/ogg"), voice))
    assert wa_texts(answer).startswith("Saya mendengar:")


def test_whatsapp_forged_duplicate_status_and_proactive(channels):
    wa_id = "6281200000003"
    citizen = WhatsAppCitizen(channels, wa_id)
    forged = meta.text(wa_id, "halo")
    assert citizen.deliver(forged, secret="someone-else").status_code == 403
    assert citizen.deliver(forged, secret=None).status_code == 401
    payload = meta.text(wa_id, "halo")
    first = citizen.expect(payload, min_new=2)
    assert citizen.deliver(payload).status_code == 200  # Meta retrying the same wamid
    assert citizen.deliver(meta.status(wa_id, "wamid.x", "read")).status_code == 200
    time.sleep(2.0)
    assert len(channels.graph.sent_to(wa_id)) == len(first)
    assert len(channels.user_events(f"whatsapp:{wa_id}")) == 1

    outbound = channels.app.app.state.ctx.outbound
    push = OutgoingMessage(text="Pengingat: pemesanan BK-7K3M9Q besok pukul 09.00.")
    assert channels.app.call(outbound.push(f"whatsapp:{wa_id}", [push]))
    inside = channels.graph.sent_to(wa_id)[-1]
    assert inside["type"] == "text" and inside["text"]["body"] == push.text
    with Session(channels.app.app.state.ctx.engine) as s:
        conv = s.get(Conversation, f"whatsapp:{wa_id}")
        conv.last_seen_at = utcnow() - timedelta(hours=30)
        s.add(conv)
        s.commit()
    assert channels.app.call(outbound.push(f"whatsapp:{wa_id}", [push]))
    outside = channels.graph.sent_to(wa_id)[-1]
    assert outside["type"] == "template"
    assert outside["template"]["components"][0]["parameters"][0]["text"] == push.text


def test_telegram_webhook_mode_refuses_forged_and_answers_real(channels):
    """Production mode: Telegram posts updates with the secret token. A second app on the
    same database and Rasa, in webhook mode (webhook registered by hand: no setWebhook)."""
    secret = "e2e-webhook-secret_0123456789"
    settings = Settings(
        environment="test",
        runtime_dir=channels.runtime,
        rasa_url=channels.rasa_url,
        telegram_token=TOKEN,
        telegram_mode="webhook",
        telegram_webhook_secret=secret,
        telegram_api_base_url=channels.telegram.api_base_url,
        telegram_file_base_url=channels.telegram.file_base_url,
    )
    hook = InProcessApp(create_app(settings), free_port())
    hook.start()
    try:
        tg = channels.telegram
        url = f"http://127.0.0.1:{hook.port}/channels/telegram/webhook"
        update = tg.send_text(7010, "halo", queue=False)
        forged = httpx.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "x"})
        assert forged.status_code == 403
        assert httpx.post(url, json=update).status_code == 401
        time.sleep(1.0)
        assert tg.sent_to(7010) == []
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
        assert httpx.post(url, json=update, headers=headers).status_code == 200
        assert httpx.post(url, json=update, headers=headers).status_code == 200  # redelivery
        tg.wait_sent(7010, 2, timeout=90)
        answers = tg.wait_quiet(7010, 1.5)
        assert tg_texts(answers).count("Pelindungan Data Pribadi") == 1
        assert "selamat datang" in tg_texts(answers).lower()
        assert len(channels.user_events("telegram:7010")) == 1
    finally:
        hook.stop()
