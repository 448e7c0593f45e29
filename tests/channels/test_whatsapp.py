"""The WhatsApp Cloud API adapter against a fake Graph API server, with signed webhooks.

The conversation service is replaced by a recorder here; tests/e2e/test_channels.py runs
the same adapter with the real Rasa server.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session

from app.config import Settings
from app.context import AppContext
from app.models import Conversation
from app.models.base import utcnow
from app.services.conversations import get_or_create_conversation
from app.services.outbound import Outbound
from channels import whatsapp, whatsapp_graph
from channels.intake import Intake
from core.message import Button, IncomingMessage, OutgoingMessage
from tests.fakes import graph_api as meta
from tests.fakes import media
from tests.fakes.graph_api import FakeGraph

WA = "6281234567890"
URL = "/channels/whatsapp/webhook"


def buttons(n: int, title: str = "Pilihan") -> list[Button]:
    return [Button(title=f"{title} {i}", payload=f'/pilih{{"n": {i}}}') for i in range(1, n + 1)]


class Recorder:
    def __init__(self) -> None:
        self.seen: list[IncomingMessage] = []
        self.reply_buttons = buttons(2)
        self.gate: asyncio.Event | None = None

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        if self.gate is not None:
            await self.gate.wait()
        self.seen.append(msg)
        label = msg.text or (msg.location and "lokasi") or msg.attachments[0].kind
        return [OutgoingMessage(text=f"diterima: {label}", buttons=self.reply_buttons)]


class Stt:
    def __init__(self, text: str) -> None:
        self.text = text

    async def transcribe(
        self, data: bytes, filename: str | None = None, expect: str | None = None
    ) -> Any:
        return SimpleNamespace(text=self.text, raw_text=self.text, duration_s=2.0, language="id")


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    with FakeGraph() as server:
        yield server


def wa_settings(graph: FakeGraph, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        runtime_dir=tmp_path,
        whatsapp_token=meta.TOKEN,
        whatsapp_phone_number_id=meta.PHONE_NUMBER_ID,
        whatsapp_app_secret=meta.APP_SECRET,
        whatsapp_verify_token=meta.VERIFY_TOKEN,
        whatsapp_graph_url=graph.base_url,
    )


class Harness:
    def __init__(
        self, graph: FakeGraph, channel: whatsapp.WhatsAppChannel, client: httpx.AsyncClient
    ):
        self.graph, self.channel, self.client = graph, channel, client
        self.stt: Stt | None = None

    async def post(self, payload: dict[str, Any], **kw: Any) -> httpx.Response:
        body, headers = meta.signed(payload, **kw)
        return await self.client.post(URL, content=body, headers=headers)

    async def sent(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.graph.wait_sent, WA, count, timeout)

    async def quiet(self) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.graph.wait_quiet, WA, 0.5)


@pytest.fixture
async def wa(graph, tmp_path, engine) -> AsyncIterator[tuple[Harness, Recorder]]:
    recorder = Recorder()
    harness: Harness
    intake = Intake(tmp_path, stt=lambda: harness.stt)
    settings = wa_settings(graph, tmp_path)
    client_graph = whatsapp_graph.GraphClient(
        settings.whatsapp_graph_url,
        settings.whatsapp_token,
        settings.whatsapp_phone_number_id,
        base_delay_s=0.05,
    )
    channel = whatsapp.WhatsAppChannel(settings, recorder, intake, engine, graph=client_graph)
    app = FastAPI()
    app.include_router(whatsapp.router)
    app.state.ctx = AppContext(engine=engine, settings=settings, whatsapp=channel)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        harness = Harness(graph, channel, client)
        yield harness, recorder
    await channel.stop()


async def test_subscription_verification(wa):
    h, _ = wa
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": meta.VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    resp = await h.client.get(URL, params=params)
    assert resp.status_code == 200 and resp.text == "1158201444"
    resp = await h.client.get(URL, params={**params, "hub.verify_token": "tebakan"})
    assert resp.status_code == 403


async def test_unsigned_and_forged_webhooks_refused(wa, caplog):
    h, rec = wa
    payload = meta.text(WA, "halo")
    assert (await h.post(payload, secret=None)).status_code == 401
    assert (await h.post(payload, secret="not-the-app-secret")).status_code == 403
    # signed, then tampered with
    body, headers = meta.signed(payload)
    tampered = body.replace(b"halo", b"hack")
    assert (await h.client.post(URL, content=tampered, headers=headers)).status_code == 403
    assert "unsigned request refused" in caplog.text
    assert "bad signature refused" in caplog.text
    await asyncio.sleep(0.3)
    assert rec.seen == [] and h.graph.sent == []


async def test_text_conversation_read_receipt_and_reply_buttons(wa):
    h, rec = wa
    payload = meta.text(WA, "halo, jam buka kelurahan?")
    resp = await h.post(payload)
    assert resp.status_code == 200
    [reply] = await h.sent(1)
    assert reply["to"] == WA and reply["type"] == "interactive"
    inter = reply["interactive"]
    assert inter["type"] == "button"
    assert inter["body"]["text"] == "diterima: halo, jam buka kelurahan?"
    assert [b["reply"] for b in inter["action"]["buttons"]] == [
        {"id": '/pilih{"n": 1}', "title": "Pilihan 1"},
        {"id": '/pilih{"n": 2}', "title": "Pilihan 2"},
    ]
    msg = rec.seen[0]
    assert (msg.conversation_id, msg.message_id) == (f"whatsapp:{WA}", meta.wamid_of(payload))
    [receipt] = h.graph.read_receipts
    assert receipt["message_id"] == meta.wamid_of(payload)
    assert receipt["typing_indicator"] == {"type": "text"}


async def test_buttons_become_reply_buttons_or_lists(wa):
    h, _ = wa
    render = h.channel.render
    three = render(
        OutgoingMessage(text="Pilih", buttons=buttons(3, "Judul yang sangat panjang sekali"))
    )
    assert [b["interactive"]["type"] for b in three] == ["button"]
    titles = [b["reply"]["title"] for b in three[0]["interactive"]["action"]["buttons"]]
    assert all(len(t) <= 20 for t in titles) and titles[0].endswith("…")
    four = render(OutgoingMessage(text="Pilih", buttons=buttons(4)))
    [lst] = four
    assert lst["interactive"]["type"] == "list"
    rows = lst["interactive"]["action"]["sections"][0]["rows"]
    assert [r["title"] for r in rows] == ["Pilihan 1", "Pilihan 2", "Pilihan 3", "Pilihan 4"]
    assert lst["interactive"]["action"]["button"] == "Pilih layanan"
    twelve = render(OutgoingMessage(text="Pilih", buttons=buttons(12)))
    sizes = [len(m["interactive"]["action"]["sections"][0]["rows"]) for m in twelve]
    assert sizes == [10, 2]
    long_body = render(OutgoingMessage(text="x " * 700, buttons=buttons(2)))
    assert [m["type"] for m in long_body] == ["text", "interactive"]
    assert long_body[1]["interactive"]["body"]["text"] == "Silakan pilih:"
    # and the fake Graph API (which enforces the Cloud API limits) accepts them all
    await h.channel._deliver(
        WA, [OutgoingMessage(text="Pilih", buttons=buttons(12, "Judul yang sangat panjang sekali"))]
    )
    assert len(h.graph.sent_to(WA)) == 2


async def test_button_and_list_taps_send_the_payload(wa):
    h, rec = wa
    await h.post(meta.button_reply(WA, "/file_complaint", "Lapor masalah"))
    await h.sent(1)
    await h.post(meta.list_reply(WA, "/book_facility", "Pesan fasilitas"))
    await h.sent(2)
    assert [m.text for m in rec.seen] == ["/file_complaint", "/book_facility"]


async def test_location(wa):
    h, rec = wa
    await h.post(
        meta.location(WA, -6.9147, 107.6098, name="Jl. Melati", address="Jl. Melati No. 5")
    )
    await h.sent(1)
    loc = rec.seen[0].location
    assert (loc.latitude, loc.longitude, loc.address) == (-6.9147, 107.6098, "Jl. Melati No. 5")


async def test_image_downloaded_through_graph_and_stored(wa, tmp_path):
    h, rec = wa
    photo = media.jpeg()
    media_id = h.graph.add_media(photo, "image/jpeg")
    await h.post(meta.image(WA, media_id, photo, caption="sampah menumpuk"))
    await h.sent(1)
    [att] = rec.seen[0].attachments
    assert att.kind == "image" and (tmp_path / att.url).read_bytes() == photo
    assert rec.seen[0].metadata == {"caption": "sampah menumpuk"}
    paths = [r.path for r in h.graph.requests if r.method == "GET"]
    assert paths == [f"/v23.0/{media_id}", "/whatsapp_business/attachments/"]


async def test_voice_note_fallback_then_transcribed(wa):
    h, rec = wa
    voice = media.ogg_voice()
    await h.post(meta.audio(WA, h.graph.add_media(voice, "audio/ogg"), voice))
    [sorry] = await h.sent(1)
    assert "ketik" in sorry["text"]["body"]
    assert rec.seen == []
    h.stt = Stt("mau pesan aula kelurahan")
    await h.post(meta.audio(WA, h.graph.add_media(voice, "audio/ogg"), voice))
    _, heard, answer = await h.sent(3)
    assert heard["text"]["body"] == 'Saya mendengar: "mau pesan aula kelurahan"'
    assert answer["interactive"]["body"]["text"] == "diterima: mau pesan aula kelurahan"
    assert rec.seen[0].attachments[0].kind == "audio"


async def test_status_callbacks_ignored(wa):
    h, rec = wa
    assert (await h.post(meta.status(WA, "wamid.out-1", "delivered"))).status_code == 200
    assert (await h.post(meta.status(WA, "wamid.out-1", "read"))).status_code == 200
    await asyncio.sleep(0.3)
    assert rec.seen == [] and h.graph.sent == []


async def test_redelivered_message_handled_once(wa):
    h, rec = wa
    payload = meta.text(WA, "halo")
    assert (await h.post(payload)).status_code == 200
    assert (await h.post(payload)).status_code == 200
    await h.sent(1)
    await h.quiet()
    assert len(rec.seen) == 1 and len(h.graph.sent_to(WA)) == 1


async def test_answers_200_before_the_work_is_done(wa):
    h, rec = wa
    rec.gate = asyncio.Event()
    started = time.monotonic()
    resp = await h.post(meta.text(WA, "halo"))
    assert resp.status_code == 200 and time.monotonic() - started < 1.0
    assert rec.seen == []  # still waiting on the assistant
    rec.gate.set()
    await h.sent(1)
    assert [m.text for m in rec.seen] == ["halo"]


async def test_proactive_respects_the_24_hour_window(wa, engine):
    h, _ = wa
    with Session(engine) as s:
        get_or_create_conversation(s, "whatsapp", WA)
    outbound = Outbound(engine)
    outbound.register(whatsapp.CHANNEL, h.channel)
    update = OutgoingMessage(text="Laporan LPR-2026-000123\nsudah selesai.", sender="agent")
    assert await outbound.push(f"whatsapp:{WA}", [update])
    [inside] = h.graph.sent_to(WA)
    assert inside["type"] == "text" and inside["text"]["body"] == update.text
    with Session(engine) as s:
        conv = s.get(Conversation, f"whatsapp:{WA}")
        conv.last_seen_at = utcnow() - timedelta(hours=25)
        s.add(conv)
        s.commit()
    assert await outbound.push(f"whatsapp:{WA}", [update])
    outside = h.graph.sent_to(WA)[-1]
    assert outside["type"] == "template"
    template = outside["template"]
    assert template["name"] == "halo_warga_pemberitahuan"
    assert template["language"] == {"code": "id"}
    assert template["components"][0]["parameters"] == [
        {"type": "text", "text": "Laporan LPR-2026-000123 sudah selesai."}
    ]


async def test_retry_on_429_and_5xx(wa):
    h, _ = wa
    h.graph.fail(429)
    h.graph.fail(503)
    await h.channel._deliver(WA, [OutgoingMessage(text="Pengingat: besok jam 9")])
    posts = [r for r in h.graph.requests if r.method == "POST"]
    assert len(posts) == 3
    assert [m["text"]["body"] for m in h.graph.sent_to(WA)] == ["Pengingat: besok jam 9"]
    h.graph.fail(500, times=10)
    with pytest.raises(whatsapp_graph.GraphError):
        await h.channel._deliver(WA, [OutgoingMessage(text="tidak sampai")])


def test_credentials_required_and_not_started_without_token(tmp_path):
    with pytest.raises(ValueError, match="APP_SECRET"):
        Settings(environment="test", whatsapp_token="x", whatsapp_phone_number_id="1")
    assert not whatsapp.configured(Settings(environment="test", runtime_dir=tmp_path))
