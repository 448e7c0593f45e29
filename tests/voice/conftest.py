from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api.errors import install as install_error_handler
from app.config import Settings
from app.context import AppContext
from app.db import make_engine
from voice import api
from voice.audio import AudioLimits
from voice.stt import SpeechToText, SttConfig
from voice.tts import TextToSpeech, TtsConfig


@pytest.fixture(scope="session")
def stt() -> SpeechToText:
    """The real default model (assembled by `make setup`), loaded once for the session."""
    engine = SpeechToText(SttConfig())
    engine.load()
    return engine


@pytest.fixture
def client(stt: SpeechToText, tmp_path: Path, settings: Settings) -> TestClient:
    """The voice endpoints with the real model, limits lowered to 10 s and 2 MB."""
    app = FastAPI()
    limited = SpeechToText(SttConfig(limits=AudioLimits(max_duration_s=10, max_bytes=2_000_000)))
    limited._model = stt.load()
    app.state.ctx = AppContext(
        engine=make_engine(settings),
        settings=settings,
        stt=limited,
        tts=TextToSpeech(TtsConfig(cache_dir=tmp_path, gtts_enabled=False)),
    )
    install_error_handler(app)  # as create_app does: voice errors answer {code, message}
    app.include_router(api.router)
    return TestClient(app)
