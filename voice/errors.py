"""Errors of the voice package.

    VoiceError
    ├── AudioRejected      the citizen's audio cannot be used (too large, too long, unreadable,
    │                      silent); ``.code`` for programs, ``.message`` in Indonesian for people
    └── SpeechUnavailable  the speech model or every TTS engine failed (operator problem)

Both carry an Indonesian ``.message`` a channel can show or speak as is, and ``.status``: the
HTTP status the API answers with. ``VoiceError`` is :class:`core.errors.SpeechError` and
``AudioRejected`` a :class:`core.errors.SpeechRejected`.
"""

from __future__ import annotations

from typing import ClassVar

from core.errors import SpeechError, SpeechRejected
from core.texts import t

# The base lives in core.errors (channels catch it without importing the voice package).
VoiceError = SpeechError


class AudioRejected(SpeechRejected):
    """Refused audio. ``code``: too_large | too_long | too_short | unreadable | no_speech | busy."""

    STATUS: ClassVar[dict[str, int]] = {"too_large": 413, "too_long": 413, "busy": 503}

    def __init__(self, code: str, detail: str = "", **params: object) -> None:
        super().__init__(code, t(f"voice.audio_{code}", **params), detail)
        self.status = self.STATUS.get(code, 422)


class SpeechUnavailable(VoiceError):
    """The model is missing or every engine failed; the citizen can still type."""

    status = 503

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, t(f"voice.unavailable_{code}"), detail)


__all__ = ["AudioRejected", "SpeechUnavailable", "VoiceError"]
