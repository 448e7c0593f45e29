"""Text to speech: gTTS (Google, Indonesian) when its endpoint answers, espeak-ng when not.

- Text is first prepared by ``voice.say`` (codes in groups, times, dates, rupiah).
- Audio is cached by (prepared text, voice, rate, format): in memory (LRU) and on disk under
  ``cache_dir``, so fixed prompts cost nothing after the first time. A cached gTTS rendering
  is served even while offline.
- gTTS gets ``gtts_timeout_s``; on failure the engine switches to espeak-ng (``-v id``) and
  tries gTTS again only after ``offline_retry_s``.
- ``rate="slow"``: gTTS's slow speed, espeak-ng at ``slow_wpm`` words per minute (elderly
  users at the kiosk).
- Formats: ``mp3`` (web, kiosk), ``ogg`` (Opus in Ogg: WhatsApp and Telegram voice notes),
  ``wav``. Encoded in process with PyAV (FFmpeg libraries).

``gtts_base_url`` points gTTS at another host speaking the same protocol (tests use a local
fake; gTTS itself only lets you choose Google's top-level domain).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import io
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from voice import say
from voice.errors import SpeechUnavailable

if TYPE_CHECKING:
    from av.audio.stream import AudioStream

log = logging.getLogger(__name__)

Rate = Literal["normal", "slow"]
Format = Literal["mp3", "ogg", "wav"]
RATES: tuple[Rate, ...] = ("normal", "slow")
FORMATS: tuple[Format, ...] = ("mp3", "ogg", "wav")
MEDIA_TYPES: dict[str, str] = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav"}
GTTS_PATH = "/_/TranslateWebserverUi/data/batchexecute"

# (container, codec, sample format, sample rate, bit rate, encoder options) per format: mono,
# sized for speech. Lower encoder effort (compression_level) halves the CPU time of mp3 and
# thirds that of Opus for speech that sounds the same.
_ENCODINGS: dict[str, tuple[str, str, str, int, int, dict[str, str]]] = {
    "mp3": ("mp3", "libmp3lame", "s16p", 24000, 48_000, {"compression_level": "7"}),
    # Opus at 16 kHz, like WhatsApp and Telegram voice notes
    "ogg": ("ogg", "libopus", "s16", 16000, 24_000, {"compression_level": "5"}),
    "wav": ("wav", "pcm_s16le", "s16", 16000, 0, {}),
}


@dataclass(frozen=True)
class TtsConfig:
    cache_dir: Path | None = None  # None: memory cache only
    gtts_enabled: bool = True
    gtts_lang: str = "id"
    gtts_base_url: str = ""  # empty: Google's own endpoint
    gtts_timeout_s: float = 2.0
    offline_retry_s: float = 60.0
    espeak_voice: str = "id"
    normal_wpm: int = 150
    slow_wpm: int = 115
    memory_items: int = 256
    max_chars: int = 1000


def convert(audio: bytes, fmt: str) -> bytes:
    """Any audio FFmpeg reads (WAV, MP3) to ``fmt``, in process with PyAV (no ffmpeg spawn)."""
    import av

    container_name, codec, sample_format, rate, bit_rate, options = _ENCODINGS[fmt]
    out = io.BytesIO()
    with (
        av.open(io.BytesIO(audio), mode="r") as source,
        av.open(out, mode="w", format=container_name) as target,
    ):
        stream = cast("AudioStream", target.add_stream(codec, rate=rate, layout="mono"))
        if bit_rate:
            stream.bit_rate = bit_rate
        stream.codec_context.options = options
        resampler = av.AudioResampler(format=sample_format, layout="mono", rate=rate)
        frames = [*source.decode(source.streams.audio[0]), None]
        for frame in frames:
            for chunk in resampler.resample(frame):
                chunk.pts = None
                target.mux(stream.encode(chunk))
        target.mux(stream.encode(None))
    data = out.getvalue()
    if not data:
        raise RuntimeError(f"encoding to {fmt} produced nothing")
    return data


# gTTS calls run here so that a caller can give up on one that hangs.
_GTTS_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="gtts")


def _gtts_class() -> Any:
    from gtts import gTTS

    class _LocalGTTS(gTTS):
        """gTTS whose requests go to ``base_url`` instead of translate.google.<tld>."""

        def __init__(self, *args: Any, base_url: str = "", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.base_url = base_url.rstrip("/")

        def _prepare_requests(self) -> list[Any]:
            prepared = super()._prepare_requests()
            if self.base_url:
                for request in prepared:
                    request.prepare_url(self.base_url + GTTS_PATH, None)
            return list(prepared)

    return _LocalGTTS


class TextToSpeech:
    def __init__(self, config: TtsConfig | None = None) -> None:
        self.config = config or TtsConfig()
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._offline_until = 0.0
        self.espeak = shutil.which("espeak-ng") or shutil.which("espeak")
        if self.config.cache_dir is not None:
            self.config.cache_dir.mkdir(parents=True, exist_ok=True)

    # -- cache -----------------------------------------------------------------------------
    def _key(self, text: str, voice: str, rate: str, fmt: str) -> str:
        raw = f"{voice}\x00{rate}\x00{fmt}\x00{text}".encode()
        return hashlib.sha256(raw).hexdigest()[:32]

    def _voices(self) -> tuple[str, str]:
        return f"gtts-{self.config.gtts_lang}", f"espeak-{self.config.espeak_voice}"

    def cached(self, text: str, rate: Rate = "normal", fmt: Format = "mp3") -> bytes | None:
        prepared = say.prepare(text.strip())
        for voice in self._voices():
            found = self._get(self._key(prepared, voice, rate, fmt), fmt)
            if found is not None:
                return found
        return None

    def _get(self, key: str, fmt: str) -> bytes | None:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        if self.config.cache_dir is not None:
            path = self.config.cache_dir / f"{key}.{fmt}"
            if path.is_file():
                data = path.read_bytes()
                self._remember(key, data)
                return data
        return None

    def _remember(self, key: str, data: bytes) -> None:
        with self._lock:
            self._memory[key] = data
            self._memory.move_to_end(key)
            while len(self._memory) > self.config.memory_items:
                self._memory.popitem(last=False)

    def _put(self, key: str, fmt: str, data: bytes) -> None:
        self._remember(key, data)
        if self.config.cache_dir is not None:
            final = self.config.cache_dir / f"{key}.{fmt}"
            fd, tmp = tempfile.mkstemp(dir=self.config.cache_dir, suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, final)

    # -- engines ---------------------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self.config.gtts_enabled and time.monotonic() >= self._offline_until

    def _gtts(self, text: str, rate: Rate) -> bytes:
        """MP3 from gTTS within one overall deadline (a hanging DNS look-up included)."""
        future = _GTTS_POOL.submit(self._gtts_call, text, rate)
        try:
            return future.result(timeout=self.config.gtts_timeout_s * 2)
        except concurrent.futures.TimeoutError as error:
            future.cancel()
            raise TimeoutError(f"no answer in {self.config.gtts_timeout_s * 2:.1f} s") from error

    def _gtts_call(self, text: str, rate: Rate) -> bytes:
        """MP3 from gTTS (blocking; each HTTP request has ``gtts_timeout_s``)."""
        engine = _gtts_class()(
            text,
            lang=self.config.gtts_lang,
            slow=rate == "slow",
            timeout=self.config.gtts_timeout_s,
            base_url=self.config.gtts_base_url,
        )
        buffer = io.BytesIO()
        engine.write_to_fp(buffer)
        if buffer.tell() == 0:
            raise RuntimeError("gTTS returned no audio")
        return buffer.getvalue()

    def _espeak(self, text: str, rate: Rate) -> bytes:
        """WAV from espeak-ng (blocking)."""
        if self.espeak is None:
            raise RuntimeError("espeak-ng is not installed (scripts/system_deps.sh)")
        wpm = self.config.slow_wpm if rate == "slow" else self.config.normal_wpm
        gap = "6" if rate == "slow" else "2"
        proc = subprocess.run(
            [self.espeak, "-v", self.config.espeak_voice, "-s", str(wpm), "-g", gap, "--stdout"],
            input=text.encode(),
            capture_output=True,
            check=False,
            timeout=30,
        )
        if proc.returncode != 0 or len(proc.stdout) < 100:
            raise RuntimeError(f"espeak-ng failed: {proc.stderr.decode(errors='replace')[-300:]}")
        return proc.stdout

    def render(self, text: str, rate: Rate = "normal", fmt: Format = "mp3") -> tuple[bytes, str]:
        """(audio, voice) without the cache: gTTS if reachable, else espeak-ng (blocking)."""
        gtts_voice, espeak_voice = self._voices()
        if self.online:
            try:
                mp3 = self._gtts(text, rate)
                return (mp3 if fmt == "mp3" else convert(mp3, fmt)), gtts_voice
            except Exception as error:
                self._offline_until = time.monotonic() + self.config.offline_retry_s
                log.warning(
                    "gTTS unreachable (%s: %s); espeak-ng for the next %.0f s",
                    type(error).__name__,
                    error,
                    self.config.offline_retry_s,
                )
        wav = self._espeak(text, rate)
        return (wav if fmt == "wav" else convert(wav, fmt)), espeak_voice

    def synthesize_blocking(self, text: str, rate: Rate = "normal", fmt: Format = "mp3") -> bytes:
        if rate not in RATES or fmt not in FORMATS:
            raise ValueError(f"rate must be one of {RATES}, fmt one of {FORMATS}")
        prepared = say.prepare(text.strip())
        if not prepared:
            raise ValueError("nothing to say")
        for voice in self._voices():
            found = self._get(self._key(prepared, voice, rate, fmt), fmt)
            if found is not None:
                return found
        try:
            data, voice = self.render(prepared, rate, fmt)
        except Exception as error:
            log.error("text to speech failed: %s", error)
            raise SpeechUnavailable("tts", str(error)) from error
        self._put(self._key(prepared, voice, rate, fmt), fmt, data)
        return data

    async def synthesize(self, text: str, rate: Rate = "normal", fmt: Format = "mp3") -> bytes:
        """Audio bytes of ``text`` in ``fmt``; SpeechUnavailable if every engine failed."""
        cached = self.cached(text, rate, fmt)
        if cached is not None:
            return cached
        return await asyncio.to_thread(self.synthesize_blocking, text, rate, fmt)
