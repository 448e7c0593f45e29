from __future__ import annotations

import pytest

from voice.stt import SpeechToText, SttConfig


@pytest.fixture(scope="session")
def stt() -> SpeechToText:
    """The real default model (assembled by `make setup`), loaded once for the session."""
    engine = SpeechToText(SttConfig())
    engine.load()
    return engine
