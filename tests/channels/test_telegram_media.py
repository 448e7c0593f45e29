"""The Telegram adapter with the real python-telegram-bot against a fake Bot API server:
photos (downloaded, checked by content) and voice notes (transcribed, or refused politely).
The conversation service is replaced by a recorder (tests/channels/telegram_helpers.py)."""

from __future__ import annotations

from tests.channels.telegram_helpers import CHAT, Stt
from tests.fakes import media


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
