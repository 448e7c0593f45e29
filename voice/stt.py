"""Speech to text: faster-whisper (CTranslate2), Indonesian, int8 on CPU, voice-activity filter.

One ``SpeechToText`` per process holds the model, loaded once (at start-up in the background,
or on the first request). Requests run in worker threads; at most ``workers`` transcribe at
the same time (CTranslate2 serves that many in parallel), up to ``max_queue`` more wait their
turn, and beyond that a request is refused as ``busy`` instead of piling up: the process
never falls over under load.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from voice import audio, spoken
from voice.audio import AudioLimits
from voice.errors import AudioRejected, SpeechUnavailable
from voice.models import resolve_model

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Transcript:
    text: str  # cleaned up for the bot (spoken numbers as digits where expected)
    raw_text: str  # what the model heard
    duration_s: float
    language: str


@dataclass(frozen=True)
class SttConfig:
    model: str = ""  # name ("small") or directory; empty: the assembled base model
    language: str = "id"
    compute_type: str = "int8"
    cpu_threads: int = 2
    beam_size: int = 1
    workers: int = 1
    max_queue: int = 8
    vad_filter: bool = True
    limits: AudioLimits = field(default_factory=AudioLimits)


class SpeechToText:
    def __init__(self, config: SttConfig | None = None) -> None:
        self.config = config or SttConfig()
        self._model: WhisperModel | None = None
        self._load_lock = threading.Lock()
        self._load_error: Exception | None = None
        self._slots = asyncio.Semaphore(self.config.workers)
        self._waiting = 0

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> WhisperModel:
        """Load the model once (thread-safe); SpeechUnavailable if it cannot be loaded."""
        with self._load_lock:
            if self._model is not None:
                return self._model
            from faster_whisper import WhisperModel

            started = time.perf_counter()
            try:
                where = resolve_model(self.config.model)
                self._model = WhisperModel(
                    where,
                    device="cpu",
                    compute_type=self.config.compute_type,
                    cpu_threads=self.config.cpu_threads,
                    num_workers=self.config.workers,
                )
            except Exception as error:
                self._load_error = error
                log.error("speech model %r could not be loaded: %s", self.config.model, error)
                raise SpeechUnavailable("model", str(error)) from error
            log.info("speech model %s loaded in %.1f s", where, time.perf_counter() - started)
            return self._model

    async def preload(self) -> None:
        """Load in a worker thread; failures are logged, requests then answer 'unavailable'."""
        with contextlib.suppress(SpeechUnavailable):
            await asyncio.to_thread(self.load)

    def transcribe_samples(self, samples: np.ndarray) -> tuple[str, str]:
        """(raw text, language) of 16 kHz mono float32 samples; blocking."""
        model = self.load()
        segments, info = model.transcribe(
            samples,
            language=self.config.language,
            task="transcribe",
            beam_size=self.config.beam_size,
            vad_filter=self.config.vad_filter,
            condition_on_previous_text=False,
            without_timestamps=True,
        )
        text = " ".join(segment.text.strip() for segment in segments)
        return spoken.clean(text), info.language

    def _decode_and_transcribe(self, data: bytes) -> tuple[str, str, float]:
        samples = audio.decode(data, self.config.limits)
        raw, language = self.transcribe_samples(samples)
        return raw, language, samples.size / audio.SAMPLE_RATE

    async def transcribe(
        self, data: bytes, filename: str | None = None, expect: str | None = None
    ) -> Transcript:
        """Transcribe a voice note or recording; AudioRejected for audio we refuse."""
        audio.check_size(len(data), self.config.limits)
        if expect is not None and expect not in spoken.EXPECTS:
            raise ValueError(f"expect must be one of {spoken.EXPECTS}, not {expect!r}")
        if self._waiting >= self.config.workers + self.config.max_queue:
            log.warning("speech queue full (%d waiting): refusing %s", self._waiting, filename)
            raise AudioRejected("busy", "queue full")
        self._waiting += 1
        try:
            async with self._slots:
                started = time.perf_counter()
                try:
                    raw, language, duration = await asyncio.to_thread(
                        self._decode_and_transcribe, data
                    )
                except AudioRejected as refused:
                    log.info("audio %s refused: %s", filename or "-", refused)
                    raise
                elapsed = time.perf_counter() - started
        finally:
            self._waiting -= 1
        log.info(
            "transcribed %s: %.1f s audio in %.2f s (%d chars)",
            filename or "-",
            duration,
            elapsed,
            len(raw),
        )
        if not raw:
            raise AudioRejected("no_speech", f"{duration:.1f} s, nothing recognised")
        return Transcript(
            text=spoken.normalize(raw, expect),
            raw_text=raw,
            duration_s=round(duration, 2),
            language=language,
        )

    def describe(self) -> dict[str, Any]:
        return {"model": self.config.model or "base (assembled)", "loaded": self.loaded}
