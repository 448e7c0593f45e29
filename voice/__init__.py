"""Speech in and out: speech-to-text (faster-whisper) and text-to-speech (gTTS, espeak-ng)."""
