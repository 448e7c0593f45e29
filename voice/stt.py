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
from pydantic import ValidationError

from voice import audio, hints, nbest, spoken, syllables
from voice.audio import AudioLimits
from voice.errors import AudioRejected, SpeechUnavailable
from voice.models import resolve_model
from voice.reading import FREE_KINDS, Expects, Reading, read

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Transcript:
    text: str  # cleaned up for the bot (spoken numbers as digits where expected)
    raw_text: str  # what the model heard
    duration_s: float
    language: str
    reading: Reading | None = None  # the short answer, when the kiosk said what it expects


@dataclass(frozen=True)
class SttConfig:
    """How the model listens; the defaults are the settings BENCHMARKS.md "Voice" chose."""

    model: str = ""  # name ("small") or directory; empty: the assembled base model
    language: str = "id"
    compute_type: str = "int8"
    cpu_threads: int = 2
    beam_size: int = 5
    # The city's words as a hint (voice/hints.py): "prompt" (initial_prompt: a sentence and
    # the names), "short" (the sentence), "hotwords" (the names), or "none". None by
    # default: on recorded dialog speech every domain prompt raised the WER (BENCHMARKS.md).
    # For an expected short answer the answer's own hint is used (that one helps).
    domain_hint: str = "none"
    answer_hint: bool = True  # offered titles / the answer's shape as the prompt
    # An expected short answer is read from Whisper's n best hypotheses (voice/nbest.py);
    # 0: from the plain transcript. Heard less surely than min_logprob: asked again.
    n_best: int = 5
    min_logprob: float = -1.0  # voice.nbest.MIN_LOGPROB
    # Digits (a NIK, a phone): the greedy reading of the same encoded audio joins the n best
    # (voice.nbest.hypotheses); about 0.16 s more CPU per answer (BENCHMARKS.md "Voice").
    digits_greedy: bool = True
    workers: int = 1
    max_queue: int = 8
    vad_filter: bool = True
    vad_threshold: float = 0.5
    vad_min_silence_ms: int = 2000
    vad_speech_pad_ms: int = 400
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

    def hint(self, expects: Expects | None = None) -> dict[str, str]:
        """The prompt arguments for ``WhisperModel.transcribe``: the expected answer's hint,
        else the city's words (see :mod:`voice.hints`)."""
        config = self.config
        if expects is not None and config.answer_hint and expects.kind not in FREE_KINDS:
            prompt = hints.answer_prompt(expects.kind, expects.titles)
            return {"initial_prompt": prompt} if prompt else {}
        if config.domain_hint == "prompt":
            return {"initial_prompt": hints.domain_prompt()}
        if config.domain_hint == "short":
            return {"initial_prompt": hints.short_prompt()}
        if config.domain_hint == "hotwords":
            return {"hotwords": hints.domain_hotwords()}
        return {}

    def transcribe_samples(
        self, samples: np.ndarray, expects: Expects | None = None
    ) -> tuple[str, str]:
        """(raw text, language) of 16 kHz mono float32 samples; blocking."""
        model = self.load()
        config = self.config
        segments, info = model.transcribe(
            samples,
            language=config.language,
            task="transcribe",
            beam_size=config.beam_size,
            vad_filter=config.vad_filter,
            vad_parameters={
                "threshold": config.vad_threshold,
                "min_silence_duration_ms": config.vad_min_silence_ms,
                "speech_pad_ms": config.vad_speech_pad_ms,
            },
            condition_on_previous_text=False,
            without_timestamps=True,
            **self.hint(expects),
        )
        text = " ".join(segment.text.strip() for segment in segments)
        return spoken.clean(text), info.language

    def listen(
        self, samples: np.ndarray, expects: Expects | None = None
    ) -> tuple[str, str, Reading | None]:
        """(raw text, language, reading) of 16 kHz mono float32 samples; blocking. An expected
        short answer is chosen among the n best hypotheses and asked again when unsure
        (:func:`voice.nbest.choose`); other speech is transcribed."""
        config = self.config
        if expects is not None and expects.kind not in FREE_KINDS and config.n_best > 0:
            model = self.load()
            if config.vad_filter:
                samples = nbest.speech_only(
                    samples,
                    config.vad_threshold,
                    config.vad_min_silence_ms,
                    config.vad_speech_pad_ms,
                )
            prompt = self.hint(expects).get("initial_prompt", "")
            heard = nbest.hypotheses(
                model,
                samples,
                language=config.language,
                prompt=prompt,
                beam_size=config.beam_size,
                count=config.n_best,
                greedy=config.digits_greedy and nbest.digit_kind(expects),
            )
            if heard is not None:
                counted = syllables.nuclei(samples) if nbest.digit_kind(expects) else None
                text, reading = nbest.choose(
                    heard, expects, config.min_logprob, prompt=prompt, heard_syllables=counted
                )
                return text, config.language, reading
        raw, language = self.transcribe_samples(samples, expects)
        return raw, language, read(raw, expects) if expects is not None else None

    def _decode_and_transcribe(
        self, data: bytes, expects: Expects | None
    ) -> tuple[str, str, float, Reading | None]:
        samples = audio.decode(data, self.config.limits)
        if audio.is_silent(samples):
            raise AudioRejected("no_speech", f"{samples.size / audio.SAMPLE_RATE:.1f} s, silent")
        raw, language, reading = self.listen(samples, expects)
        return raw, language, samples.size / audio.SAMPLE_RATE, reading

    async def transcribe(
        self,
        data: bytes,
        filename: str | None = None,
        expect: str | None = None,
        expects: Expects | dict[str, Any] | None = None,
    ) -> Transcript:
        """Transcribe a voice note or recording; AudioRejected for audio we refuse.

        ``expect`` (older callers) rewrites spoken numbers in ``text``; ``expects`` (the
        kiosk's structured prompt) adds a :class:`Reading` and makes ``text`` its bot text.
        """
        audio.check_size(len(data), self.config.limits)
        if isinstance(expects, dict):  # a channel's remembered prompt (channels/toolkit.py)
            try:
                expects = Expects.model_validate(expects)
            except ValidationError as exc:
                log.warning("ignored a structured prompt the reader does not know: %s", exc)
                expects = None
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
                    raw, language, duration, reading = await asyncio.to_thread(
                        self._decode_and_transcribe, data, expects
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
        text = spoken.normalize(raw, expect)
        if reading is not None and reading.bot_text:
            text = reading.bot_text
        return Transcript(
            text=text,
            raw_text=raw,
            duration_s=round(duration, 2),
            language=language,
            reading=reading,
        )

    def describe(self) -> dict[str, Any]:
        return {"model": self.config.model or "base (assembled)", "loaded": self.loaded}
