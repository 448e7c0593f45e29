"""The Telegram adapter with the real python-telegram-bot against a fake Bot API server:
text, commands, buttons, locations, retries, long texts, the outbox. Photos and voice
notes: test_telegram_media.py; webhook mode: test_telegram_webhook.py.

The conversation service is replaced by a recorder here (what the adapter hands over,
what it sends back); tests/e2e/test_channels.py runs the same adapter with the real Rasa.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlmodel import Session, select
from telegram.error import NetworkError

from app.models import MessageLog, OutboxMessage
from app.services.conversations import get_or_create_conversation
from app.services.outbound import Outbound
from app.services.outbox import Policy
from app.services.outbox_worker import OutboxWorker
from channels import telegram
from core.message import Button, OutgoingMessage
from tests.channels.telegram_helpers import CHAT, MENU
from tests.fakes.telegram_api import FakeTelegram, buttons_of


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
