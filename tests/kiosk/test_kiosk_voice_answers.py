"""A short spoken answer to a structured question: at the booking's yes / no summary the
citizen says "ya, benar" into Chromium's microphone (an espeak-ng recording). The kiosk sends
what the assistant expects (its structured prompt) with the audio to the app's real
/api/voice/transcribe, shows "Saya mendengar: ..." with Ya / Ulangi, and the booking is made.
The time from the end of speech to the first sound is recorded by the kiosk itself."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Route, expect

from app.launcher import LocalSystem
from tests.kiosk.conftest import KIOSK_VIEWPORT, launch, open_kiosk, spoken_wav
from tests.kiosk.test_kiosk import wait_bot_count

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def yes_browser(pw: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    wav = spoken_wav("ya, benar", tmp_path_factory.mktemp("audio") / "ya.wav")
    b = launch(
        pw,
        [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
        ],
    )
    yield b
    b.close()


def turn(page: Page, selector: str) -> None:
    n = page.locator("#log .msg.bot").count()
    page.locator(selector).first.tap()
    wait_bot_count(page, n + 1)


def pad(page: Page, digits: str) -> None:
    for d in digits:
        page.locator(".pad button", has_text=re.compile(f"^{d}$")).tap()
    turn(page, ".pad button.primary")


def expects_sent(request: Request) -> dict | None:
    body = request.post_data_buffer or b""
    found = re.search(rb'name="expects"\r\n\r\n(.*?)\r\n--', body, re.S)
    return json.loads(found.group(1)) if found else None


@pytest.mark.xfail(
    strict=False,
    reason="open defect, narrowed (issue 18): the espeak clip 'ya, benar' is hard for Whisper "
    "base. Read the kiosk's way (voice/nbest.py, 5 hypotheses, the hint 'Ya. Tidak.' instead of "
    "the titles, a hypothesis repeating the hint left out), 27 cuts of the looped clip gave 24 "
    "right, 1 asked again, 2 wrong ('Tidak. Tidak.'), against 21 / 1 / 5 with the titles as the "
    "hint; a reading not understood shows 'kurang jelas' with no Ya (test_kiosk_voice_unclear)",
)
def test_spoken_yes_at_the_summary_books(yes_browser: Browser, system: LocalSystem) -> None:
    ctx = yes_browser.new_context(viewport=KIOSK_VIEWPORT, has_touch=True, bypass_csp=True)
    try:
        page = open_kiosk(ctx, system)
        turn(page, "#choices button[data-payload='/book_facility']")
        turn(page, "#choices button")
        turn(page, ".date-grid button.free")
        turn(page, ".time-grid button")
        turn(page, "#choices button")
        pad(page, "2")
        n = page.locator("#log .msg.bot").count()
        page.fill("#text", "Siti Aminah")
        page.tap("#composer button[type=submit]")
        wait_bot_count(page, n + 1)
        pad(page, f"0815{random.randint(10**7, 10**8 - 1)}")
        assert page.evaluate("HaloKiosk.expects().kind") == "yes_no"

        sent: list[dict | None] = []

        def watch(route: Route) -> None:  # the request goes on to the real app unchanged
            sent.append(expects_sent(route.request))
            route.continue_()

        page.route("**/api/voice/transcribe", watch)
        page.tap("#mic")  # ... "ya, benar" ... the kiosk stops at the silence
        expect(page.locator("#heard")).to_be_visible(timeout=60_000)
        asked = page.evaluate("HaloKiosk.expects()")
        assert asked["kind"] == "yes_no" and len(asked["options"]) == 2
        assert sent == [asked]  # the structured prompt as the assistant sent it
        heard = page.locator("#heard-text").inner_text().strip("“”").lower()
        assert "ya" in heard, heard  # the option's title ("Ya, pesan") or the words themselves
        page.wait_for_function(
            "HaloKiosk.spoken.some(s => s.text.startsWith('Saya mendengar'))", timeout=15_000
        )
        timing = page.evaluate("HaloKiosk.timings.find(t => t.kind === 'heard')")
        assert timing and timing["latencyMs"] > 0  # recorded (figures: make bench-kiosk)
        page.tap("#heard-yes")
        expect(page.locator("#receipt")).to_be_visible(timeout=60_000)
        assert re.fullmatch(r"BK-[A-HJ-NP-Z2-9]{6}", page.locator("#receipt-code").inner_text())
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        ctx.close()
