"""A voice note that answers the question just asked is read as that answer, as at the kiosk:
the channel keeps the structured prompt of the chat's last reply (channels/toolkit.py) and the
real speech model reads the note against it (Whisper's n best, voice/nbest.py). Real adapter
(python-telegram-bot) against the fake Bot API server, real Whisper base, espeak-ng speech."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.services.shared_state import MemoryState
from channels import telegram
from channels.intake import Intake
from channels.toolkit import recall_expects, remember_expects
from core.message import Button, IncomingMessage, OutgoingMessage
from tests.channels.telegram_helpers import CHAT, Harness, tg_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.voice.speech import speech
from voice.stt import SpeechToText, SttConfig

CONTACT = [Button(title="Ya, boleh", payload="ya"), Button(title="Tidak usah", payload="tidak")]
ASKS_CONTACT = OutgoingMessage(
    text="Boleh petugas menghubungi Anda?",
    buttons=CONTACT,
    custom={
        "expects": {
            "kind": "yes_no",
            "slot": "complaint_contact_ok",
            "options": [b.model_dump() for b in CONTACT],
        }
    },
)


class Asker:
    """Stands in for ConversationService: answers the first message with ``first`` (the
    contact question by default), every later one with a plain line."""

    def __init__(self, first: OutgoingMessage = ASKS_CONTACT) -> None:
        self.first, self.seen, self.state = first, [], MemoryState()
        self.seen: list[IncomingMessage]

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        self.seen.append(msg)
        if len(self.seen) == 1:
            return [self.first]
        return [OutgoingMessage(text=f"diterima: {msg.text}")]


@pytest.fixture(scope="module")
def engine() -> SpeechToText:
    stt = SpeechToText(SttConfig())
    stt.load()
    return stt


@pytest.fixture
def fake() -> AsyncIterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


async def started(fake: FakeTelegram, tmp: Path, asker: Asker, engine: Any) -> Any:
    intake = Intake(tmp, stt=lambda: engine, state=lambda: asker.state)
    channel = telegram.TelegramChannel(
        tg_settings(fake, tmp), asker, intake, retry_base_delay_s=0.05
    )
    await channel.start()
    return Harness(fake, channel)


async def test_spoken_no_answers_the_yes_no_question(fake, tmp_path, engine):
    asker = Asker()
    h = await started(fake, tmp_path, asker, engine)
    try:
        fake.send_text(CHAT, "mau lapor lampu jalan mati")
        await h.sent(1)
        fake.send_voice(CHAT, speech("tidak usah", "ogg"))
        _, heard, _ = await h.sent(3)
        # the button's own words reach the assistant, as a tap on "Tidak usah" would
        assert asker.seen[1].text == "Tidak usah", asker.seen[1].text
        assert "Tidak usah" in heard["text"]
    finally:
        await h.channel.stop()


async def test_a_longer_answer_keeps_its_words(fake, tmp_path, engine):
    asker = Asker()
    h = await started(fake, tmp_path, asker, engine)
    try:
        fake.send_text(CHAT, "mau lapor lampu jalan mati")
        await h.sent(1)
        said = "tidak usah, tapi tolong lampunya cepat diperbaiki ya"
        fake.send_voice(CHAT, speech(said, "ogg"))
        await h.sent(3)
        assert "lampunya" in asker.seen[1].text.lower(), asker.seen[1].text
    finally:
        await h.channel.stop()


async def test_without_a_question_the_note_is_transcribed_as_said(fake, tmp_path, engine):
    # the same note when the last reply asked nothing structured: plain transcript
    asker = Asker(first=OutgoingMessage(text="Baik, ada lagi yang bisa dibantu?"))
    h = await started(fake, tmp_path, asker, engine)
    try:
        fake.send_text(CHAT, "terima kasih")
        await h.sent(1)
        fake.send_voice(CHAT, speech("tidak usah", "ogg"))
        await h.sent(3)
        # Whisper's own words, without the answer's hint ("Dina kusa." here), not a button
        assert asker.seen[1].text not in ("Tidak usah", "Ya, boleh")
        assert asker.seen[1].metadata == {"voice": True}
    finally:
        await h.channel.stop()


async def test_a_later_reply_without_a_question_forgets_it() -> None:
    state = MemoryState()
    holder = type("Conversations", (), {"state": state})()
    await remember_expects(holder, "telegram:1", [ASKS_CONTACT])
    assert (await recall_expects(state, "telegram:1"))["kind"] == "yes_no"
    assert await recall_expects(state, "telegram:2") is None  # another chat
    # Rasa's REST channel sends the custom payload as a message of its own, after the text
    alone = OutgoingMessage(custom=ASKS_CONTACT.custom)
    plain = OutgoingMessage(text=ASKS_CONTACT.text, buttons=CONTACT)
    await remember_expects(holder, "telegram:3", [plain, alone])
    assert (await recall_expects(state, "telegram:3"))["slot"] == "complaint_contact_ok"
    await remember_expects(holder, "telegram:1", [OutgoingMessage(text="Terima kasih.")])
    assert await recall_expects(state, "telegram:1") is None


async def test_an_old_question_is_forgotten(monkeypatch) -> None:
    import channels.toolkit as toolkit

    state = MemoryState()
    holder = type("Conversations", (), {"state": state})()
    await remember_expects(holder, "whatsapp:62811", [ASKS_CONTACT])
    later = toolkit.time.time() + toolkit.EXPECTS_TTL_S + 1
    monkeypatch.setattr(toolkit.time, "time", lambda: later)
    assert await recall_expects(state, "whatsapp:62811") is None
