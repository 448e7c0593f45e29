"""Building the voice services from the app's Settings (called once, in the app's lifespan)."""

from __future__ import annotations

from app.config import Settings
from voice.audio import AudioLimits
from voice.stt import SpeechToText, SttConfig
from voice.tts import TextToSpeech, TtsConfig


def build_stt(settings: Settings) -> SpeechToText:
    return SpeechToText(
        SttConfig(
            model=settings.stt_model,
            compute_type=settings.stt_compute_type,
            cpu_threads=settings.stt_cpu_threads,
            beam_size=settings.stt_beam_size,
            domain_hint=settings.stt_domain_hint,
            answer_hint=settings.stt_answer_hint,
            n_best=settings.stt_n_best,
            min_logprob=settings.stt_min_logprob,
            vad_threshold=settings.stt_vad_threshold,
            vad_min_silence_ms=settings.stt_vad_min_silence_ms,
            vad_speech_pad_ms=settings.stt_vad_speech_pad_ms,
            workers=settings.stt_workers,
            max_queue=settings.stt_max_queue,
            limits=AudioLimits(
                max_bytes=settings.voice_max_bytes, max_duration_s=settings.voice_max_duration_s
            ),
        )
    )


def build_tts(settings: Settings) -> TextToSpeech:
    return TextToSpeech(
        TtsConfig(
            cache_dir=settings.tts_cache_dir or settings.runtime_dir / "tts-cache",
            gtts_enabled=settings.tts_gtts_enabled,
            gtts_base_url=settings.tts_gtts_base_url,
            gtts_timeout_s=settings.tts_gtts_timeout_s,
            offline_retry_s=settings.tts_offline_retry_s,
        )
    )
