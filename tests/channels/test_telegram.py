"""The Telegram adapter with the real python-telegram-bot against a fake Bot API server.

The conversation service is replaced by a recorder here (what the adapter hands over,
what it sends back); tests/e2e/test_channels.py runs the same adapter with the real Rasa.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session, select
from telegram.error import NetworkError

from app.config import Settings
from app.context import AppContext
from app.db import make_engine
from app.models import MessageLog, OutboxMessage
from app.services.conversations import get_or_create_conversation
from app.services.outbound import Outbound
from app.services.outbox import Policy
from app.services.outbox_worker import OutboxWorker
from channels import telegram
from channels.intake import Intake
from core.message import Button, IncomingMessage, OutgoingMessage
from tests.fakes import media
from tests.fakes.telegram_api import TOKEN, FakeTelegram, buttons_of

CHAT = 424242
MENU = [
    Button(title="Tanya informasi", payload="/ask_info"),
    Button(title="Lapor masalah", payload="/file_complaint"),
]


class Recorder:
    """Stands in for ConversationService: records messages, answers with ``reply``."""

    def __init__(self) -> None:
        self.seen: list[IncomingMessage] = []

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        self.seen.append(msg)
        label = msg.text or (msg.location and "lokasi") or msg.attachments[0].kind
        return [OutgoingMessage(text=f"diterima: {label}", buttons=MENU)]


class Stt:
    def __init__(self, text: str = "", error: Exception | None = None) -> None:
        self.text, self.error = text, error
        self.calls: list[tuple[int, str | None]] = []

    async def transcribe(
        self, data: bytes, filename: str | None = None, expect: str | None = None
    ) -> Any:
        self.calls.append((len(data), filename))
        if self.error is not None:
            raise self.error
        return SimpleNamespace(text=self.text, raw_text=self.text, duration_s=2.0, language="id")


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


def tg_settings(fake: FakeTelegram, tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        environment="test",
        runtime_dir=tmp_path,
        telegram_token=TOKEN,
        telegram_api_base_url=fake.api_base_url,
        telegram_file_base_url=fake.file_base_url,
        **extra,
    )


class Harness:
    def __init__(self, fake: FakeTelegram, channel: telegram.TelegramChannel) -> None:
        self.fake, self.channel = fake, channel
        self.stt: Stt | None = None  # what app.state.ctx.stt would be

    async def sent(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.fake.wait_sent, CHAT, count, timeout)

    async def quiet(self) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.fake.wait_quiet, CHAT, 0.7)


@pytest.fixture
async def bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[tuple[Harness, Recorder]]:
    recorder = Recorder()
    harness: Harness
    intake = Intake(tmp_path, stt=lambda: harness.stt)
    channel = telegram.TelegramChannel(
        tg_settings(fake, tmp_path), recorder, intake, retry_base_delay_s=0.05
    )
    harness = Harness(fake, channel)
    await channel.start()
    try:
        yield harness, recorder
    finally:
        await channel.stop()


async def test_text_conversation_with_typing_and_inline_keyboard(bot):
    h, rec = bot
    assert h.fake.commands == [
        {"command": "start", "description": "Mulai percakapan"},
        {"command": "bantuan", "description": "Bantuan dan menu layanan"},
    ]
    h.fake.send_text(CHAT, "halo, mau tanya jam buka kelurahan")
    [reply] = await h.sent(1)
    assert reply["text"] == "diterima: halo, mau tanya jam buka kelurahan"
    assert buttons_of(reply) == [
        ("Tanya informasi", "/ask_info"),
        ("Lapor masalah", "/file_complaint"),
    ]
    msg = rec.seen[0]
    assert (msg.channel, msg.user_id, msg.conversation_id) == (
        "telegram",
        str(CHAT),
        "telegram:424242",
    )
    assert msg.message_id is not None
    typing = [a for a in h.fake.actions if a["method"] == "sendChatAction"]
    assert typing and typing[0]["action"] == "typing" and typing[0]["chat_id"] == str(CHAT)


async def test_start_and_bantuan_commands_become_intents(bot):
    h, rec = bot
    h.fake.send_text(CHAT, "/start")
    await h.sent(1)
    h.fake.send_text(CHAT, "/bantuan")
    await h.sent(2)
    h.fake.send_text(CHAT, "/entahlah")
    await h.sent(3)
    assert [m.text for m in rec.seen] == ["/greet", "/help", "/help"]


async def test_button_tap_sends_the_payload_and_answers_the_query(bot):
    h, rec = bot
    h.fake.send_text(CHAT, "halo")
    [menu] = await h.sent(1)
    h.fake.press(CHAT, buttons_of(menu)[1][1], message=menu)
    await h.sent(2)
    assert rec.seen[-1].text == "/file_complaint"
    assert rec.seen[-1].message_id.startswith("cb:")
    assert any(a["method"] == "answerCallbackQuery" for a in h.fake.actions)


async def test_long_payload_travels_as_a_short_key(bot):
    h, rec = bot
    long_payload = '/book_facility{"facility_type": "aula kelurahan", "date_time": "besok jam 9"}'
    await h.channel.send(
        str(CHAT),
        [OutgoingMessage(text="Pilih:", buttons=[Button(title="Aula", payload=long_payload)])],
    )
    [sent] = await h.sent(1)
    data = buttons_of(sent)[0][1]
    assert len(data.encode()) <= 64
    h.fake.press(CHAT, data, message=sent)
    await h.sent(2)
    assert rec.seen[-1].text == long_payload


async def test_shared_location(bot):
    h, rec = bot
    h.fake.send_location(CHAT, -6.2001, 106.8167)
    await h.sent(1)
    loc = rec.seen[0].location
    assert (loc.latitude, loc.longitude) == (-6.2001, 106.8167)
    assert rec.seen[0].text == ""


async def test_photo_downloaded_largest_size_and_stored(bot, tmp_path):
    h, rec = bot
    photo = media.jpeg()
    update = h.fake.send_photo(CHAT, photo, caption="lubang di jalan")
    await h.sent(1)
    [att] = rec.seen[0].attachments
    assert att.kind == "image" and att.mime_type == "image/jpeg"
    assert (tmp_path / att.url).read_bytes() == photo
    biggest = update["message"]["photo"][-1]["file_id"]
    assert [r.form()["file_id"] for r in h.fake.calls("getFile")] == [biggest]
    assert rec.seen[0].metadata == {"caption": "lubang di jalan"}


async def test_photo_that_is_not_an_image_is_refused_politely(bot):
    h, rec = bot
    h.fake.send_photo(CHAT, b"MZ\x90\x00 this is an executable")
    [reply] = await h.sent(1)
    assert "tidak bisa kami terima" in reply["text"]
    assert rec.seen == []


async def test_voice_note_without_speech_engine_asks_to_type(bot):
    h, rec = bot
    h.fake.send_voice(CHAT, media.ogg_voice())
    [reply] = await h.sent(1)
    assert "ketik" in reply["text"]
    assert rec.seen == []


async def test_voice_note_transcribed_and_shown(bot, tmp_path):
    h, rec = bot
    stt = Stt(text="lampu jalan mati di jalan melati")
    h.stt = stt
    voice = media.ogg_voice()
    h.fake.send_voice(CHAT, voice)
    heard, answer = await h.sent(2)
    assert heard["text"] == 'Saya mendengar: "lampu jalan mati di jalan melati"'
    assert answer["text"] == "diterima: lampu jalan mati di jalan melati"
    assert stt.calls == [(len(voice), "voice.ogg")]
    [att] = rec.seen[0].attachments
    assert att.kind == "audio" and (tmp_path / att.url).read_bytes() == voice
    assert rec.seen[0].metadata == {"voice": True}


async def test_voice_note_the_engine_refuses_gets_its_message(bot):
    h, rec = bot
    try:
        from voice.errors import AudioRejected  # issue 7
    except ImportError:
        error: Exception = RuntimeError("decoder crashed")
        expected = "belum bisa kami dengar"
    else:
        error = AudioRejected("too_long", "120 s", max_s=60)
        expected = error.message
    h.stt = Stt(error=error)
    h.fake.send_voice(CHAT, media.ogg_voice())
    [reply] = await h.sent(1)
    assert expected in reply["text"]
    assert rec.seen == []


async def test_duplicate_update_ignored(bot):
    h, rec = bot
    update = h.fake.send_text(CHAT, "halo", queue=False)
    h.fake.queue(update)
    h.fake.queue(dict(update))
    await h.sent(1)
    await h.quiet()
    assert len(rec.seen) == 1
    assert len(h.fake.sent_to(CHAT)) == 1


async def test_retry_after_429_respects_retry_after(bot):
    h, _ = bot
    h.fake.fail("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    await h.channel.send(str(CHAT), [OutgoingMessage(text="Status laporan: selesai")])
    assert time.monotonic() - started >= 1.0
    assert len(h.fake.calls("sendMessage")) == 2
    assert [m["text"] for m in h.fake.sent_to(CHAT)] == ["Status laporan: selesai"]


async def test_retry_with_backoff_on_5xx_then_give_up(bot):
    h, _ = bot
    h.fake.fail("sendMessage", 502, times=2)
    await h.channel.send(str(CHAT), [OutgoingMessage(text="Pengingat: besok jam 9")])
    assert len(h.fake.calls("sendMessage")) == 3
    h.fake.fail("sendMessage", 500, times=10)
    with pytest.raises(NetworkError):
        await h.channel.send(str(CHAT), [OutgoingMessage(text="tidak sampai")])
    assert [m["text"] for m in h.fake.sent_to(CHAT)] == ["Pengingat: besok jam 9"]


async def test_proactive_message_through_outbound(bot, engine):
    h, _ = bot
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", str(CHAT))
    outbound = Outbound(engine)
    outbound.register(telegram.CHANNEL, h.channel)
    msg = OutgoingMessage(
        text="Laporan LPR-2026-000123 sudah selesai.", sender="agent", buttons=MENU[:1]
    )
    assert await outbound.push(f"telegram:{CHAT}", [msg])
    [sent] = h.fake.sent_to(CHAT)
    assert sent["text"] == "Laporan LPR-2026-000123 sudah selesai."
    assert buttons_of(sent) == [("Tanya informasi", "/ask_info")]


async def test_long_text_split_under_telegram_limit(bot):
    h, _ = bot
    text = ("Paragraf panjang tentang layanan kota. " * 60 + "\n") * 3
    await h.channel.send(str(CHAT), [OutgoingMessage(text=text)])
    sent = h.fake.sent_to(CHAT)
    assert len(sent) >= 2 and all(len(m["text"]) <= 4096 for m in sent)
    assert " ".join(m["text"] for m in sent).split() == text.split()


# -- webhook mode ----------------------------------------------------------------------------

SECRET = "s3cret-token_for-webhook"


@pytest.fixture
async def webhook_app(fake, tmp_path) -> AsyncIterator[tuple[httpx.AsyncClient, Recorder]]:
    recorder = Recorder()
    settings = tg_settings(
        fake,
        tmp_path,
        telegram_mode="webhook",
        telegram_webhook_secret=SECRET,
        telegram_webhook_url="https://halo.example.go.id/channels/telegram/webhook",
    )
    channel = telegram.TelegramChannel(settings, recorder, Intake(tmp_path, stt=lambda: None))
    await channel.start()
    app = FastAPI()
    app.include_router(telegram.router)
    app.state.ctx = AppContext(engine=make_engine(settings), settings=settings, telegram=channel)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        yield client, recorder
    await channel.stop()


async def test_webhook_registered_with_secret_token(fake, webhook_app):
    assert fake.webhook["url"] == "https://halo.example.go.id/channels/telegram/webhook"
    assert fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == ["message", "callback_query"]
    assert fake.calls("getUpdates") == []


async def test_webhook_refuses_missing_or_wrong_secret(fake, webhook_app, caplog):
    client, rec = webhook_app
    update = fake.send_text(CHAT, "halo", queue=False)
    url = "/channels/telegram/webhook"
    assert (await client.post(url, json=update)).status_code == 401
    bad = {telegram.SECRET_HEADER: "guessed"}
    assert (await client.post(url, json=update, headers=bad)).status_code == 403
    assert "wrong secret token refused" in caplog.text
    await asyncio.sleep(0.3)
    assert rec.seen == []
    ok = {telegram.SECRET_HEADER: SECRET}
    assert (await client.post(url, json=update, headers=ok)).status_code == 200
    assert (await client.post(url, json=update, headers=ok)).status_code == 200  # redelivery
    await asyncio.to_thread(fake.wait_sent, CHAT, 1, 20)
    await asyncio.to_thread(fake.wait_quiet, CHAT, 0.7)
    assert [m.text for m in rec.seen] == ["halo"]


def test_not_configured_means_not_started(tmp_path):
    settings = Settings(environment="test", runtime_dir=tmp_path)
    assert not telegram.configured(settings)
    assert (
        asyncio.run(telegram.start(settings, Recorder(), Intake(tmp_path, stt=lambda: None)))
        is None
    )


def test_webhook_mode_requires_a_secret(tmp_path):
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        Settings(environment="test", telegram_token=TOKEN, telegram_mode="webhook")


async def test_tap_on_a_message_older_than_48_hours_still_counts(bot):
    h, rec = bot
    # Telegram sends an InaccessibleMessage (date 0) for old messages
    old = {"chat": FakeTelegram.chat(CHAT), "message_id": 3, "date": 0}
    h.fake.press(CHAT, "/request_human", message=old)
    await h.sent(1)
    assert rec.seen[-1].text == "/request_human"


async def test_replies_go_through_the_outbox_and_are_retried(bot, engine):
    """With the app's outbox (conversations.outbound, Telegram registered): a turn's reply
    that Telegram refuses (after the adapter's own retries) waits in the outbox and is
    sent by the worker; it is not written to the transcript twice."""
    h, rec = bot
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", str(CHAT))
    outbound = Outbound(engine, Policy(backoff_base_s=0.0))
    outbound.register(telegram.CHANNEL, h.channel)
    rec.outbound = outbound  # type: ignore[attr-defined]
    h.fake.send_text(CHAT, "halo")
    [reply] = await h.sent(1)
    assert reply["text"] == "diterima: halo"
    h.fake.fail("sendMessage", 502, times=5)  # the adapter retries 5 times, then gives up
    h.fake.send_text(CHAT, "lagi")
    for _ in range(200):  # until the adapter gave up and the row waits for the worker
        with Session(engine) as s:
            waiting = select(OutboxMessage).where(
                OutboxMessage.status == "pending", OutboxMessage.attempts == 1
            )
            if s.exec(waiting).first():
                break
        await asyncio.sleep(0.05)
    assert [m["text"] for m in h.fake.sent_to(CHAT)] == ["diterima: halo"]
    assert await OutboxWorker(engine, outbound).send_due() == 1
    assert [m["text"] for m in h.fake.sent_to(CHAT)] == ["diterima: halo", "diterima: lagi"]
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage)).all()
        assert [(r.status, r.attempts) for r in rows] == [("sent", 1), ("sent", 2)]
        assert s.exec(select(MessageLog)).all() == []  # the service logs turns, not the channel
