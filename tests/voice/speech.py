"""Test audio made on the spot: Indonesian speech from espeak-ng, packed by ffmpeg.

Nothing downloaded, nothing committed: the same text always gives the same audio.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# ffmpeg output arguments per container, as the channels send them.
CONTAINERS: dict[str, list[str]] = {
    "wav": ["-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav"],
    # Telegram / WhatsApp voice note
    "ogg": ["-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "24k", "-f", "ogg"],
    # browser MediaRecorder: written to a pipe, so (like Chrome's) without a duration
    "webm": ["-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "32k", "-f", "webm"],
    "mp3": ["-ar", "22050", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3"],
    "m4a": ["-ar", "22050", "-ac", "1", "-c:a", "aac", "-b:a", "48k", "-f", "ipod"],
}


def ffmpeg(*args: str, data: bytes | None = None) -> bytes:
    """Run ffmpeg quietly (input from ``data`` when given) and return what it writes."""
    return subprocess.run(
        ["ffmpeg", "-loglevel", "error", *args], input=data, capture_output=True, check=True
    ).stdout


def espeak_wav(text: str, wpm: int = 130) -> bytes:
    return subprocess.run(
        ["espeak-ng", "-v", "id", "-s", str(wpm), "--stdout", text],
        capture_output=True,
        check=True,
    ).stdout


def convert(audio: bytes, container: str) -> bytes:
    args = CONTAINERS[container]
    if container == "m4a":  # the mp4 muxer needs a seekable file
        import os
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "a.m4a")
            subprocess.run(
                ["ffmpeg", "-loglevel", "error", "-i", "pipe:0", *args, out],
                input=audio,
                check=True,
            )
            with open(out, "rb") as fh:
                return fh.read()
    return ffmpeg("-i", "pipe:0", *args, "pipe:1", data=audio)


def speech(text: str, container: str = "wav", wpm: int = 130) -> bytes:
    wav = espeak_wav(text, wpm)
    return wav if container == "wav" else convert(wav, container)


def noise(seconds: float, container: str = "ogg") -> bytes:
    """Quiet pink noise of the given length (for limits, not for words)."""
    return ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"anoisesrc=d={seconds}:c=pink:a=0.05",
        *CONTAINERS[container],
        "pipe:1",
    )


def probe(data: bytes) -> dict:
    """ffprobe's view of audio bytes: {"format": {...}, "streams": [...]}."""
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", "pipe:0"],
        input=data,
        capture_output=True,
        check=True,
    )
    return json.loads(proc.stdout)


def decoded_seconds(data: bytes) -> float:
    """Length by decoding every sample (headers of piped files may not carry a duration)."""
    pcm = ffmpeg("-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", "16000", "-", data=data)
    return len(pcm) / 2 / 16000


class FakeGoogleTTS:
    """Speaks gTTS's protocol: POST /_/TranslateWebserverUi/data/batchexecute with
    ``f.req=[[["jQ1olc","[text,lang,speed,null]",null,"generic"]]]``, answered by Google's
    batchexecute envelope carrying base64 MP3 (here espeak-ng speech, so it is real audio)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail = False
        self.delay_s = 0.0  # answer late, like an endpoint that hangs
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                freq = urllib.parse.parse_qs(body)["f.req"][0]
                rpc = json.loads(freq)[0][0]
                text, lang, speed, _ = json.loads(rpc[1])
                fake.requests.append(
                    {"path": self.path, "rpc": rpc[0], "text": text, "lang": lang, "speed": speed}
                )
                if fake.delay_s:
                    time.sleep(fake.delay_s)
                if fake.fail or self.path != "/_/TranslateWebserverUi/data/batchexecute":
                    self.send_response(500 if fake.fail else 404)
                    self.end_headers()
                    return
                import base64

                mp3 = convert(espeak_wav(text), "mp3")
                inner = json.dumps([base64.b64encode(mp3).decode()])
                envelope = json.dumps(
                    [["wrb.fr", "jQ1olc", inner, None, None, None, "generic"]],
                    separators=(",", ":"),
                )
                payload = f")]}}'\n\n{len(envelope)}\n{envelope}\n".encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGoogleTTS:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
