from __future__ import annotations

import pytest

from voice.audio import SAMPLE_RATE, AudioLimits, decode
from voice.errors import AudioRejected

from .speech import CONTAINERS, decoded_seconds, noise, speech


@pytest.mark.parametrize("container", sorted(CONTAINERS))
def test_every_channel_format_decodes_to_16k_mono(container: str) -> None:
    audio = speech("Terima kasih banyak.", container)
    samples = decode(audio, AudioLimits())
    assert samples.dtype.name == "float32" and samples.ndim == 1
    assert abs(samples.size / SAMPLE_RATE - decoded_seconds(audio)) < 0.1
    assert 0.01 < float(abs(samples).max()) <= 1.0


def test_long_file_is_refused_while_decoding() -> None:
    limits = AudioLimits(max_duration_s=5)
    with pytest.raises(AudioRejected) as refused:
        decode(noise(8, "webm"), limits)  # no duration in the header: counted while decoding
    assert refused.value.code == "too_long"
    assert "5 detik" in refused.value.message
    with pytest.raises(AudioRejected) as refused:
        decode(noise(8, "wav"), limits)  # duration in the header
    assert refused.value.code == "too_long"


def test_too_short_and_empty() -> None:
    with pytest.raises(AudioRejected) as refused:
        decode(noise(0.1, "wav"), AudioLimits())
    assert refused.value.code == "too_short"
    with pytest.raises(AudioRejected) as refused:
        decode(b"", AudioLimits())
    assert refused.value.code == "unreadable"
