"""Decoding the citizen's audio: any container PyAV (FFmpeg) reads, to 16 kHz mono float32.

Telegram and WhatsApp send OGG/Opus, browsers' MediaRecorder WebM/Opus (often without a
duration in the header), and people upload WAV, MP3 and M4A. The declared type is not
trusted: FFmpeg probes the bytes. Limits are enforced while decoding, so a long file is
refused as soon as it passes the limit, not after decoding all of it.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import av
import numpy as np

from voice.errors import AudioRejected

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
SILENCE_DBFS = -50.0  # the loudest 30 ms of a recording quieter than this: nobody spoke


@dataclass(frozen=True)
class AudioLimits:
    max_bytes: int = 10 * 1024 * 1024
    max_duration_s: float = 60.0
    min_duration_s: float = 0.3


def check_size(size: int, limits: AudioLimits) -> None:
    if size > limits.max_bytes:
        raise AudioRejected(
            "too_large", f"{size} bytes > {limits.max_bytes}", max_mb=limits.max_bytes // 2**20
        )
    if size == 0:
        raise AudioRejected("unreadable", "empty upload")


def decode(data: bytes, limits: AudioLimits) -> np.ndarray:
    """16 kHz mono float32 samples in [-1, 1]; AudioRejected for what cannot or may not be used."""
    check_size(len(data), limits)
    max_samples = int(limits.max_duration_s * SAMPLE_RATE)
    too_long = AudioRejected(
        "too_long", f"longer than {limits.max_duration_s:g} s", max_s=f"{limits.max_duration_s:g}"
    )
    chunks: list[np.ndarray] = []
    total = 0
    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            streams = container.streams.audio
            if not streams:
                raise AudioRejected("unreadable", "no audio stream")
            if container.duration and container.duration / av.time_base > limits.max_duration_s:
                raise too_long  # the header already says so: no need to decode
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in container.decode(streams[0]):
                for out in resampler.resample(frame):
                    arr = out.to_ndarray().reshape(-1)
                    chunks.append(arr)
                    total += arr.size
                if total > max_samples:
                    raise too_long
            for out in resampler.resample(None):
                arr = out.to_ndarray().reshape(-1)
                chunks.append(arr)
                total += arr.size
    except AudioRejected:
        raise
    except (av.FFmpegError, ValueError, IndexError, OSError) as error:
        raise AudioRejected("unreadable", f"{type(error).__name__}: {error}") from error
    if total > max_samples:
        raise too_long
    if total < limits.min_duration_s * SAMPLE_RATE:
        raise AudioRejected("too_short", f"{total / SAMPLE_RATE:.2f} s")
    pcm = np.concatenate(chunks)
    return pcm.astype(np.float32) / 32768.0


def is_silent(samples: np.ndarray, threshold_dbfs: float = SILENCE_DBFS) -> bool:
    """Whether even the loudest 30 ms of the recording is below ``threshold_dbfs``: a muted
    microphone or an empty room, answered before the speech model runs."""
    frame = int(0.03 * SAMPLE_RATE)
    usable = samples[: samples.size - samples.size % frame]
    if usable.size == 0:
        return True
    rms = np.sqrt(np.mean(np.square(usable.reshape(-1, frame), dtype=np.float64), axis=1))
    loudest = float(rms.max())
    return loudest <= 0 or 20 * np.log10(loudest) < threshold_dbfs
