"""TTS on both paths: gTTS against a local fake of Google's endpoint, espeak-ng offline."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from voice.tts import TextToSpeech, TtsConfig

from .speech import FakeGoogleTTS, decoded_seconds, probe

CODECS = {"mp3": "mp3", "ogg": "opus", "wav": "pcm_s16le"}


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"  # nothing listens once closed


def assert_playable(data: bytes, fmt: str, min_seconds: float = 0.5) -> None:
    info = probe(data)
    assert info["streams"][0]["codec_type"] == "audio"
    assert info["streams"][0]["codec_name"] == CODECS[fmt]
    assert decoded_seconds(data) > min_seconds


@pytest.fixture
def fake_google():
    with FakeGoogleTTS() as fake:
        yield fake


@pytest.mark.parametrize("fmt", ["mp3", "ogg", "wav"])
async def test_online_path_uses_gtts_protocol(fake_google, tmp_path: Path, fmt: str) -> None:
    tts = TextToSpeech(TtsConfig(cache_dir=tmp_path, gtts_base_url=fake_google.url))
    audio = await tts.synthesize("Selamat datang di layanan warga.", fmt=fmt)  # type: ignore[arg-type]
    assert_playable(audio, fmt)
    assert len(fake_google.requests) == 1
    request = fake_google.requests[0]
    assert request["rpc"] == "jQ1olc" and request["lang"] == "id"
    assert request["text"] == "Selamat datang di layanan warga."
    assert tts.online


async def test_online_slow_rate_and_codes_spoken_in_groups(fake_google, tmp_path: Path) -> None:
    tts = TextToSpeech(TtsConfig(cache_dir=tmp_path, gtts_base_url=fake_google.url))
    await tts.synthesize("Nomor tiket LPR-2026-000123", rate="slow")
    request = fake_google.requests[0]
    assert request["speed"] is True  # gTTS's slow speed
    assert "el pe er. dua nol dua enam. nol nol nol. satu dua tiga" in request["text"]


async def test_cache_serves_repeats_without_the_network(fake_google, tmp_path: Path) -> None:
    tts = TextToSpeech(TtsConfig(cache_dir=tmp_path, gtts_base_url=fake_google.url))
    first = await tts.synthesize("Terima kasih.", fmt="ogg")
    started = time.perf_counter()
    again = await tts.synthesize("Terima kasih.", fmt="ogg")
    assert time.perf_counter() - started < 0.05
    assert again == first and len(fake_google.requests) == 1
    # a new process finds the disk cache; other rates and formats are separate entries
    fresh = TextToSpeech(TtsConfig(cache_dir=tmp_path, gtts_base_url=closed_port_url()))
    assert await fresh.synthesize("Terima kasih.", fmt="ogg") == first
    assert fresh.cached("Terima kasih.", "slow", "ogg") is None
    assert fresh.cached("Terima kasih.", "normal", "mp3") is None


@pytest.mark.parametrize("fmt", ["mp3", "ogg", "wav"])
async def test_offline_falls_back_to_espeak(tmp_path: Path, fmt: str) -> None:
    tts = TextToSpeech(
        TtsConfig(cache_dir=tmp_path, gtts_base_url=closed_port_url(), gtts_timeout_s=0.5)
    )
    started = time.perf_counter()
    audio = await tts.synthesize("Pengaduan Anda sudah kami terima.", fmt=fmt)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 5
    assert_playable(audio, fmt)
    assert not tts.online  # switched: the next requests go straight to espeak-ng


async def test_gtts_error_switches_and_slow_is_slower(fake_google, tmp_path: Path) -> None:
    fake_google.fail = True
    tts = TextToSpeech(TtsConfig(cache_dir=tmp_path, gtts_base_url=fake_google.url))
    normal = await tts.synthesize("Silakan datang pukul 09.00.", fmt="wav")
    slow = await tts.synthesize("Silakan datang pukul 09.00.", rate="slow", fmt="wav")
    assert len(fake_google.requests) == 1  # the second went straight to espeak-ng
    assert decoded_seconds(slow) > decoded_seconds(normal) * 1.15


async def test_hanging_endpoint_switches_after_short_timeout(fake_google, tmp_path: Path) -> None:
    fake_google.delay_s = 5
    tts = TextToSpeech(
        TtsConfig(cache_dir=tmp_path, gtts_base_url=fake_google.url, gtts_timeout_s=0.5)
    )
    started = time.perf_counter()
    audio = await tts.synthesize("Mohon tunggu sebentar.", fmt="ogg")
    assert time.perf_counter() - started < 4
    assert_playable(audio, "ogg")
    assert not tts.online and len(fake_google.requests) == 1
