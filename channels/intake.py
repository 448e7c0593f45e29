"""Media a citizen sends on a messaging channel: photos stored, voice notes transcribed.

Shared by the Telegram and WhatsApp adapters. The speech-to-text engine is the in-process
``app.state.stt`` (issue 7); it may be absent (not installed, still loading), and it
refuses audio it cannot use with :class:`core.errors.SpeechRejected` (the voice package's
``AudioRejected``, with an Indonesian ``message``).
Either way the citizen gets a polite Indonesian answer asking them to type.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.media import MediaRejected, save_media
from app.services.shared_state import SharedState
from channels.toolkit import recall_expects
from core.errors import SpeechError, SpeechRejected
from core.message import Attachment
from core.texts import t

log = logging.getLogger(__name__)

SAID_MORE = ("yes_no", "choice", "date", "time")  # a reading that may leave words out
SHORT_WORDS = 5  # a voice note of more words than this is a sentence, not a short answer


@dataclass
class MediaOutcome:
    """An accepted file (``attachment``; ``text`` for a transcribed voice note) or the
    polite ``refusal`` to send back instead."""

    attachment: Attachment | None = None
    text: str = ""
    refusal: str | None = None


@dataclass
class Intake:
    runtime_dir: Path
    stt: Callable[[], Any | None]  # returns app.state.stt, or None when there is none
    # the app's shared state, where the chats' last structured prompts are kept (toolkit)
    state: Callable[[], SharedState | None] = lambda: None

    def image(self, data: bytes, *, source: str) -> MediaOutcome:
        try:
            attachment = save_media(self.runtime_dir, data, expect="image")
        except MediaRejected as exc:
            log.warning("image from %s refused: %s", source, exc)
            key = (
                "channels.media_too_large"
                if exc.reason == "too_large"
                else "channels.image_rejected"
            )
            return MediaOutcome(refusal=t(key))
        return MediaOutcome(attachment=attachment)

    async def voice(self, data: bytes, *, source: str, filename: str | None) -> MediaOutcome:
        try:
            attachment = save_media(self.runtime_dir, data, expect="audio")
        except MediaRejected as exc:
            log.warning("voice note from %s refused: %s", source, exc)
            key = (
                "channels.media_too_large" if exc.reason == "too_large" else "channels.voice_failed"
            )
            return MediaOutcome(refusal=t(key))
        stt = self.stt()
        if stt is None:
            log.warning("voice note from %s: no speech-to-text engine (app.state.stt)", source)
            return MediaOutcome(attachment=attachment, refusal=t("channels.voice_unavailable"))
        # the answer to the question just asked: a voice note after "Boleh kami hubungi?" or
        # a phone question is read as a yes/no or a number (Whisper's n best, voice/nbest.py)
        expects = await recall_expects(self.state(), source)
        extra = {"expects": expects} if expects else {}
        try:
            result = await stt.transcribe(data, filename=filename, **extra)
        except SpeechRejected as exc:  # the citizen's audio: too long, silent, unreadable...
            log.info("voice note from %s rejected by stt: %s", source, exc)
            message = exc.message or t("channels.voice_failed")
            return MediaOutcome(attachment=attachment, refusal=message)
        except SpeechError as exc:  # the engine itself (model missing...): operator problem
            log.error("voice note from %s: speech engine failed: %s", source, exc)
            message = exc.message or t("channels.voice_unavailable")
            return MediaOutcome(attachment=attachment, refusal=message)
        except Exception:
            log.exception("voice note from %s: transcription failed", source)
            return MediaOutcome(attachment=attachment, refusal=t("channels.voice_failed"))
        text = str(getattr(result, "text", "") or "").strip()
        reading = getattr(result, "reading", None)
        raw = str(getattr(result, "raw_text", "") or "").strip()
        if reading is not None and reading.kind in SAID_MORE and len(raw.split()) > SHORT_WORDS:
            # "tidak usah, tapi tolong cepat diperbaiki ya": more than the button; the
            # citizen's whole sentence goes on, nothing of it lost (no "Saya mendengar" check
            # here, unlike the kiosk)
            text = raw
        if not text:
            return MediaOutcome(attachment=attachment, refusal=t("channels.voice_failed"))
        return MediaOutcome(attachment=attachment, text=text)
