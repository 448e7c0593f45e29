"""The HTTP contract the kiosk and the channels use."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from voice.stt import SpeechToText
from voice.tts import TextToSpeech

from .speech import noise, probe, speech


def test_transcribe_voice_note_with_expectation(client: TestClient) -> None:
    audio = speech("Selamat pagi. Saya mau melaporkan sampah yang menumpuk di pasar.", "ogg")
    resp = client.post("/api/voice/transcribe", files={"audio": ("voice.ogg", audio, "audio/ogg")})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"text", "raw_text", "duration_s", "language", "reading"}
    assert body["reading"] is None  # no `expects` sent: the kiosk before issue 18
    assert "sampah" in body["text"].lower() and body["language"] == "id"


def test_transcribe_refusals_carry_indonesian_messages(client: TestClient) -> None:
    resp = client.post(
        "/api/voice/transcribe", files={"audio": ("long.webm", noise(12, "webm"), "audio/webm")}
    )
    assert resp.status_code == 413
    assert resp.json()["detail"]["code"] == "too_long"
    assert "terlalu panjang" in resp.json()["detail"]["message"]
    resp = client.post(
        "/api/voice/transcribe", files={"audio": ("big.wav", b"\0" * 2_000_001, "audio/wav")}
    )
    assert resp.status_code == 413 and resp.json()["detail"]["code"] == "too_large"
    resp = client.post("/api/voice/transcribe", files={"audio": ("x.mp3", b"garbage" * 50)})
    assert resp.status_code == 422 and resp.json()["detail"]["code"] == "unreadable"
    resp = client.post(
        "/api/voice/transcribe",
        files={"audio": ("a.wav", speech("halo"), "audio/wav")},
        data={"expect": "alamat"},
    )
    assert resp.status_code == 422  # not one of phone|nik|code|date|time


@pytest.mark.parametrize(
    ("fmt", "mime"), [("mp3", "audio/mpeg"), ("ogg", "audio/ogg"), ("wav", "audio/wav")]
)
def test_speak_returns_audio(client: TestClient, fmt: str, mime: str) -> None:
    resp = client.post(
        "/api/voice/speak",
        json={"text": "Tiket Anda LPR-2026-000123.", "rate": "slow", "format": fmt},
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == mime
    assert probe(resp.content)["streams"][0]["codec_type"] == "audio"


def test_speak_refuses_empty_text(client: TestClient) -> None:
    assert client.post("/api/voice/speak", json={"text": ""}).status_code == 422
    resp = client.post("/api/voice/speak", json={"text": "   "})
    assert resp.status_code == 422 and "kosong" in resp.json()["detail"]["message"]


def test_app_wires_voice_and_documents_it(tmp_path: Path) -> None:
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        rasa_url="http://127.0.0.1:9",
        stt_preload=False,
        tts_gtts_enabled=False,
    )
    with TestClient(create_app(settings)) as client:
        assert isinstance(client.app.state.ctx.stt, SpeechToText)  # type: ignore[attr-defined]
        assert isinstance(client.app.state.ctx.tts, TextToSpeech)  # type: ignore[attr-defined]
        schema = client.get("/openapi.json").json()
        assert "/api/voice/transcribe" in schema["paths"]
        assert "/api/voice/speak" in schema["paths"]
        responses = schema["paths"]["/api/voice/transcribe"]["post"]["responses"]
        assert {"200", "413", "422"} <= set(responses)
        resp = client.post("/api/voice/speak", json={"text": "Halo", "format": "wav"})
        assert resp.status_code == 200 and resp.content[:4] == b"RIFF"
