"""A complaint filed by voice: a recorded WAV is Chromium's microphone, the kiosk records it
with MediaRecorder, the app turns it into text, the citizen confirms "Saya mendengar: ...",
and the text goes to the assistant.

When the voice branch (issue 7) is merged, the real /api/voice/transcribe (real Whisper)
answers. Until then a local stand-in answers that one endpoint in the browser; it decodes the
uploaded recording with ffmpeg and refuses it unless it is real, audible audio, so the
kiosk's recording path is still tested for real."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, expect

from app.launcher import LocalSystem
from tests.kiosk.conftest import (
    KIOSK_VIEWPORT,
    SPOKEN_COMPLAINT,
    launch,
    open_kiosk,
    voice_endpoints_present,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def voice_browser(pw: Playwright, complaint_wav: Path) -> Iterator[Browser]:
    b = launch(
        pw,
        [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={complaint_wav}",
        ],
    )
    yield b
    b.close()


def audio_facts(data: bytes) -> tuple[float, float]:
    """(duration in s, mean volume in dB) of an uploaded recording, decoded by ffmpeg."""
    with tempfile.NamedTemporaryFile(suffix=".webm") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(
            ["ffmpeg", "-hide_banner", "-i", f.name, "-af", "volumedetect", "-f", "null", "-"],
            capture_output=True,
            text=True,
        ).stderr
    dur = re.findall(r"time=(\d+):(\d+):([\d.]+)", out)
    mean = re.search(r"mean_volume: (-?[\d.]+) dB", out)
    seconds = 0.0
    if dur:
        h, m, sec = dur[-1]
        seconds = int(h) * 3600 + int(m) * 60 + float(sec)
    return seconds, float(mean.group(1)) if mean else -200.0


def stand_in_transcriber(uploads: list[tuple[float, float]]):  # type: ignore[no-untyped-def]
    def handle(route: Route) -> None:
        body = route.request.post_data_buffer or b""
        start = body.find(b"\x1a\x45\xdf\xa3")  # the WebM (EBML) header inside the multipart body
        if start < 0:
            start = body.find(b"OggS")
        end = body.rfind(b"\r\n--")
        audio = body[start:end] if start >= 0 else b""
        facts = audio_facts(audio)
        uploads.append(facts)
        duration, mean_db = facts
        if duration < 1.0 or mean_db < -50:
            route.fulfill(
                status=422,
                json={"detail": {"code": "no_speech", "message": "Suara tidak terdengar."}},
            )
            return
        route.fulfill(
            json={
                "text": SPOKEN_COMPLAINT,
                "raw_text": SPOKEN_COMPLAINT,
                "duration_s": duration,
                "language": "id",
            }
        )

    return handle


def test_complaint_filed_by_voice(voice_browser: Browser, system: LocalSystem) -> None:
    ctx = voice_browser.new_context(viewport=KIOSK_VIEWPORT, has_touch=True)
    try:
        page: Page = open_kiosk(ctx, system)
        uploads: list[tuple[float, float]] = []
        real = voice_endpoints_present(system)
        if not real:
            page.route("**/api/voice/transcribe", stand_in_transcriber(uploads))
        page.tap("#mic")
        expect(page.locator("#mic")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#mic-label")).to_have_text("Selesai bicara")
        page.wait_for_timeout(4500)  # the file plays into the microphone
        page.tap("#mic")
        heard = page.locator("#heard")
        expect(heard).to_be_visible(timeout=60_000)
        text = page.locator("#heard-text").inner_text().strip("“”")
        words = {"lampu", "jalan", "mati", "melati", "sukamaju"}
        assert len(words & set(text.lower().split())) >= 3, text
        if not real:
            assert uploads and uploads[-1][0] >= 1.0, uploads  # real audio was recorded
        # what was heard is read back before anything is sent
        page.wait_for_function(
            "window.HaloKiosk.spoken.some(s => s.text.startsWith('Saya mendengar'))"
        )
        assert page.locator("#log .msg").count() == 0
        page.tap("#heard-yes")
        page.wait_for_function("document.querySelectorAll('#log .msg.bot').length >= 2")
        assert page.locator("#log .msg.user").first.inner_text().endswith(text)
        answer = " ".join(page.locator("#log .msg.bot").all_inner_texts()[1:]).lower()
        # one sentence gave category, description and location: the form asks for a photo
        assert "foto" in answer, answer
        # the rest by touch: no photo, public, no contact, send
        for payload in ("lewati", "biasa", "tidak", "kirim"):
            button = page.locator(f"#choices button[data-payload='{payload}']")
            expect(button).to_be_visible(timeout=30_000)
            n = page.locator("#log .msg.bot").count()
            button.tap()
            page.wait_for_function(
                "n => document.querySelectorAll('#log .msg.bot').length > n", arg=n
            )
        expect(page.locator("#receipt")).to_be_visible(timeout=15_000)
        code = page.locator("#receipt-code").inner_text()
        assert re.fullmatch(r"LPR-\d{4}-\d{6}", code), code
        expect(page.locator("#receipt-title")).to_have_text("Nomor laporan Anda")
        # the receipt is read out, character by character
        spelled = " ".join(code.split("-")[2])
        page.wait_for_function(
            "p => window.HaloKiosk.spoken.some(s => s.text.includes(p))", arg=spelled
        )
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        ctx.close()


def test_voice_correction_by_typing(voice_browser: Browser, system: LocalSystem) -> None:
    ctx = voice_browser.new_context(viewport=KIOSK_VIEWPORT, has_touch=True)
    try:
        page = open_kiosk(ctx, system)
        if not voice_endpoints_present(system):
            page.route("**/api/voice/transcribe", stand_in_transcriber([]))
        page.tap("#mic")
        page.wait_for_timeout(3000)
        page.tap("#mic")
        expect(page.locator("#heard")).to_be_visible(timeout=60_000)
        page.tap("#heard-edit")
        field = page.locator("#text")
        expect(field).to_be_focused()
        assert field.input_value()  # the heard text, ready to correct
        field.fill("lampu jalan mati di jalan mawar")
        page.tap("#composer button[type=submit]")
        page.wait_for_function("document.querySelectorAll('#log .msg.bot').length >= 2")
        assert page.locator("#log .msg.user").first.inner_text().endswith("jalan mawar")
    finally:
        ctx.close()


def test_refused_audio_message_is_shown_and_spoken(
    voice_browser: Browser, system: LocalSystem
) -> None:
    """The contract's refusal (HTTP 422 with an Indonesian message) reaches the citizen."""
    ctx = voice_browser.new_context(viewport=KIOSK_VIEWPORT, has_touch=True)
    try:
        page = open_kiosk(ctx, system)
        msg = "Rekaman terlalu pendek. Silakan bicara lebih lama."
        page.route(
            "**/api/voice/transcribe",
            lambda r: r.fulfill(status=422, json={"detail": {"code": "too_short", "message": msg}}),
        )
        page.tap("#mic")
        page.wait_for_timeout(1200)
        page.tap("#mic")
        expect(page.locator("#status")).to_have_text(msg, timeout=30_000)
        page.wait_for_function("t => window.HaloKiosk.spoken.some(s => s.text === t)", arg=msg)
        assert page.locator("#heard").is_hidden()
    finally:
        ctx.close()
