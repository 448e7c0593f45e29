"""A short spoken answer the app could not read against the question (``reading.understood``
false, voice/nbest.py's gate): the kiosk never offers the raw text for sending. It shows and
says the catalogue's "kurang jelas" words, offers Ulangi, and keeps the question's own large
input. The transcription is stubbed (what Whisper hears is tests/voice's business); the app,
Rasa and Chromium (its built-in fake microphone) are real."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, expect

from app.launcher import LocalSystem
from core.texts import section
from tests.kiosk.conftest import KIOSK_VIEWPORT, launch, open_kiosk
from tests.kiosk.test_kiosk import wait_bot_count

pytestmark = pytest.mark.e2e

RAW = "Tidak, batal"  # what Whisper wrote for an answer it was not sure of


@pytest.fixture(scope="module")
def beep_browser(pw: Playwright) -> Iterator[Browser]:
    b = launch(pw, ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"])
    yield b
    b.close()


def transcript(kind: str, option: dict[str, str] | None) -> dict[str, Any]:
    """The transcribe contract's body; ``option`` None: not understood."""
    return {
        "text": RAW,
        "raw_text": RAW,
        "duration_s": 1.2,
        "language": "id",
        "reading": {
            "kind": kind,
            "understood": option is not None,
            "value": 0 if option else None,
            "display": option["title"] if option else None,
            "payload": option["payload"] if option else None,
            "score": 95.0 if option else None,
        },
    }


def speak_into(page: Page, button: str) -> None:
    page.tap(button)
    page.wait_for_timeout(1500)
    if page.evaluate("document.documentElement.dataset.recording") == "yes":
        page.tap("#mic")  # (the kiosk may have stopped by itself at a pause)
    expect(page.locator("#heard")).to_be_visible(timeout=30_000)


def assert_unclear(page: Page, words: dict[str, Any]) -> None:
    expect(page.locator("#heard-title")).to_have_text(words["unclearTitle"])
    expect(page.locator("#heard-text")).to_have_text(words["unclearHint"])
    expect(page.locator("#heard-yes")).to_be_hidden()
    expect(page.locator("#heard-edit")).to_be_hidden()  # it would carry the raw text
    expect(page.locator("#heard-again")).to_be_visible()
    expect(page.get_by_role("button", name="Ulangi", exact=True)).to_have_accessible_description(
        f"{words['unclearTitle']} {words['unclearHint']}"
    )
    assert page.locator("button:visible", has_text=RAW).count() == 0
    assert RAW not in page.locator("#heard").inner_text()


def test_unclear_answer_is_never_sent_as_heard(beep_browser: Browser, system: LocalSystem) -> None:
    words = section("kiosk")
    ctx = beep_browser.new_context(viewport=KIOSK_VIEWPORT, has_touch=True, bypass_csp=True)
    try:
        page = open_kiosk(ctx, system)
        page.tap("#choices button[data-payload='/book_facility']")
        wait_bot_count(page, 2)
        asked = page.evaluate("HaloKiosk.expects()")
        assert asked and asked["kind"] == "choice" and asked["options"], asked
        first = asked["options"][0]
        answers = [
            transcript("choice", None),
            transcript("choice", first),
            transcript("choice", None),
        ]
        calls: list[str] = []

        def stub(route: Route) -> None:
            calls.append(route.request.url)
            route.fulfill(json=answers[len(calls) - 1])

        page.route("**/api/voice/transcribe", stub)

        speak_into(page, "#mic")
        assert_unclear(page, words)
        said = words["unclearTitle"] + " " + words["unclearHint"]
        page.wait_for_function("t => HaloKiosk.spoken.some(s => s.text === t)", arg=said)
        expect(page.locator("#choices button")).to_have_count(len(asked["options"]))
        expect(page.locator("#heard-again")).to_be_focused()

        speak_into(page, "#heard-again")  # Ulangi records again
        assert len(calls) == 2
        expect(page.locator("#heard-title")).to_have_text(words["heardIntro"])
        expect(page.locator("#heard-text")).to_have_text(f"“{first['title']}”")
        expect(page.locator("#heard-yes")).to_be_visible()

        speak_into(page, "#heard-again")
        assert len(calls) == 3
        assert_unclear(page, words)

        n = page.locator("#log .msg.bot").count()
        page.locator("#choices button").first.tap()  # the large input still answers
        wait_bot_count(page, n + 1)
        assert page.locator("#log .msg.user").last.inner_text().endswith(first["title"])
        assert RAW not in page.locator("#log").inner_text()
        expect(page.locator("#heard")).to_be_hidden()
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        ctx.close()
