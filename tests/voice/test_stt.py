"""Real audio through the real model: espeak-ng speech in the containers the channels send."""

from __future__ import annotations

import asyncio

import pytest

from voice.audio import AudioLimits
from voice.errors import AudioRejected
from voice.stt import SpeechToText, SttConfig

from .speech import noise, speech


def words(text: str) -> str:
    return text.lower().replace(",", " ").replace(".", " ")


async def test_wav_is_transcribed(stt: SpeechToText) -> None:
    # Chosen so that the robot voice is heard the same with int8 and float32 weights, since
    # int8 kernels differ between CPUs ("lampu jalan" is heard as "rambut dalam" on some).
    audio = speech("Selamat pagi. Saya mau melaporkan sampah yang menumpuk di pasar.", "wav")
    result = await stt.transcribe(audio, "kiosk.wav")
    assert "selamat pagi" in words(result.text)
    assert "sampah" in words(result.text)
    assert "pasar" in words(result.text)
    assert result.language == "id"
    assert 3.0 < result.duration_s < 7.0


async def test_ogg_opus_voice_note_is_transcribed(stt: SpeechToText) -> None:
    audio = speech("Saya ingin pesan lapangan tenis.", "ogg")
    assert audio[:4] == b"OggS"
    result = await stt.transcribe(audio, "voice.oga")
    assert "pesan" in words(result.text)
    assert "lapangan" in words(result.text)


async def test_webm_recording_without_duration_is_transcribed(stt: SpeechToText) -> None:
    audio = speech("Jalan rusak di depan rumah saya.", "webm")
    assert audio[:4] == b"\x1a\x45\xdf\xa3"
    result = await stt.transcribe(audio, "rekaman.webm")
    assert "rusak" in words(result.text)
    assert "depan" in words(result.text)


async def test_over_long_file_is_refused_politely(stt: SpeechToText) -> None:
    audio = noise(stt.config.limits.max_duration_s + 5, "ogg")
    with pytest.raises(AudioRejected) as refused:
        await stt.transcribe(audio, "panjang.ogg")
    assert refused.value.code == "too_long"
    assert refused.value.status == 413
    assert "terlalu panjang" in refused.value.message
    assert "60 detik" in refused.value.message


async def test_too_large_and_unreadable_files_are_refused(stt: SpeechToText) -> None:
    small = SpeechToText(SttConfig(limits=AudioLimits(max_bytes=1000)))
    with pytest.raises(AudioRejected) as refused:
        await small.transcribe(b"\0" * 2000)
    assert refused.value.code == "too_large" and refused.value.status == 413
    with pytest.raises(AudioRejected) as refused:
        await stt.transcribe(b"this is not audio at all" * 10, "x.ogg")
    assert refused.value.code == "unreadable" and refused.value.status == 422
    assert "Maaf" in refused.value.message


async def test_silence_is_refused_as_no_speech(stt: SpeechToText) -> None:
    with pytest.raises(AudioRejected) as refused:
        await stt.transcribe(noise(3, "wav"), "sunyi.wav")
    assert refused.value.code == "no_speech"


async def test_spoken_phone_number_becomes_digits(stt: SpeechToText) -> None:
    audio = speech("nol, delapan, satu, dua, tiga, empat, lima, enam", "ogg", wpm=110)
    result = await stt.transcribe(audio, "nomor.ogg", expect="phone")
    # The robot voice's digits are often misspelt ("diga", "galapan"); clean-up maps them.
    assert result.text.isdigit(), result
    assert result.text.startswith("08") and len(result.text) >= 7, result


async def test_concurrent_requests_are_queued_then_refused_when_full(stt: SpeechToText) -> None:
    queued = SpeechToText(SttConfig(max_queue=1))
    queued._model = stt.load()  # share the loaded model; the queue is what is tested
    audio = speech("Halo, selamat pagi.", "wav")
    results = await asyncio.gather(
        *(queued.transcribe(audio, f"{i}.wav") for i in range(3)), return_exceptions=True
    )
    done = [r for r in results if not isinstance(r, BaseException)]
    busy = [r for r in results if isinstance(r, AudioRejected)]
    assert len(done) == 2 and len(busy) == 1, results
    assert busy[0].code == "busy" and busy[0].status == 503
    assert all("selamat" in words(r.text) for r in done)
    # after the burst the service still works
    again = await queued.transcribe(audio, "again.wav")
    assert "selamat" in words(again.text)
