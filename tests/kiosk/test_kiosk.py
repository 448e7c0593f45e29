"""The kiosk in real headless Chromium against the real app and the real Rasa server:
touch, keyboard only, speech out (with fallback), receipts, polling, inactivity wipe."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect

from app.config import Settings
from app.db import make_engine
from app.launcher import LocalSystem
from app.services.outbound import Outbound
from core.message import OutgoingMessage
from tests.kiosk.conftest import open_kiosk

pytestmark = pytest.mark.e2e

MENU = [
    ("Tanya informasi", "/ask_info"),
    ("Lapor masalah", "/file_complaint"),
    ("Pesan fasilitas", "/book_facility"),
    ("Bicara dengan petugas", "/request_human"),
]


def bot_texts(page: Page) -> list[str]:
    return page.locator("#log .msg.bot").all_inner_texts()


def wait_bot_count(page: Page, n: int, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#log .msg.bot').length >= n", arg=n, timeout=timeout
    )


def wait_spoken(page: Page, part: str, timeout: float = 15_000) -> None:
    page.wait_for_function(
        "p => window.HaloKiosk.spoken.some(s => s.text.toLowerCase().includes(p))",
        arg=part.lower(),
        timeout=timeout,
    )


def says_next(page: Page, action: Callable[[], None]) -> dict:
    """Do ``action`` and return what the kiosk says next."""
    n = len(spoken(page))
    action()
    page.wait_for_function("n => window.HaloKiosk.spoken.length > n", arg=n, timeout=15_000)
    return spoken(page)[-1]


def spoken(page: Page) -> list[dict]:
    return page.evaluate("window.HaloKiosk.spoken.slice()")


def push(system: LocalSystem, session_id: str, text: str) -> None:
    """A proactive message through the app's real outbound path (transcript as outbox)."""
    engine = make_engine(Settings(runtime_dir=system.runtime_dir))
    msg = [OutgoingMessage(text=text)]
    try:
        # Playwright's sync API owns this thread's event loop: push from another thread
        with ThreadPoolExecutor(1) as pool:
            ok = pool.submit(asyncio.run, Outbound(engine).push(f"web:{session_id}", msg)).result()
    finally:
        engine.dispose()
    assert ok


def test_start_screen_large_choices_microphone_and_labels(kiosk: Page) -> None:
    buttons = kiosk.locator("#choices button")
    assert [(b.inner_text(), b.get_attribute("data-payload")) for b in buttons.all()] == MENU
    expect(kiosk.locator("#mic")).to_have_accessible_name(re.compile("bicara", re.I))
    # body text at least 32 px; every visible control at least 64 x 64 px
    assert kiosk.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
    sizes = kiosk.evaluate(
        """[...document.querySelectorAll('button, input')].filter(e => e.offsetParent)
            .map(e => { const r = e.getBoundingClientRect();
                        return [e.textContent.trim() || e.id, r.width, r.height,
                                parseFloat(getComputedStyle(e).fontSize)]; })"""
    )
    assert sizes and all(w >= 64 and h >= 64 for _, w, h, _ in sizes), sizes
    assert all(fs >= 32 for _, _, _, fs in sizes), sizes
    log = kiosk.locator("#log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"


def test_keyboard_only_flow_with_visible_focus_and_self_voicing(kiosk: Page) -> None:
    kb = kiosk.keyboard
    order = []
    for _ in range(13):
        kb.press("Tab")
        order.append(kiosk.evaluate("document.activeElement.textContent.trim()"))
    assert order[:5] == [t for t, _ in MENU] + ["Tekan lalu bicara"], order
    assert order[5:13] == [
        "Ulangi suara",
        "Hentikan suara",
        "Lebih pelan",
        "Lebih keras 1/3",
        "Huruf besar",
        "Kontras tinggi",
        "Layar rendah",
        "Selesai, mulai baru",
    ], order
    # a keypad's arrow keys move the same way
    kb.press("ArrowDown")
    assert kiosk.evaluate("document.activeElement.textContent.trim()") == "Tanya informasi"
    kb.press("ArrowUp")
    assert kiosk.evaluate("document.activeElement.id") == "home"
    # the focus ring is thick and visible
    outline = kiosk.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 4, outline
    # a control reached by keyboard says its name even without a screen reader
    wait_spoken(kiosk, "Selesai, mulai baru")
    # switch on high contrast from the keyboard
    kb.press("Shift+Tab")
    kb.press("Shift+Tab")
    assert kiosk.evaluate("document.activeElement.id") == "contrast"
    kb.press("Space")
    assert kiosk.locator("#contrast").get_attribute("aria-pressed") == "true"
    assert "contrast" in kiosk.evaluate("document.documentElement.className")
    # back to the first choice and into a conversation, keyboard only
    for _ in range(10):
        kb.press("Shift+Tab")
    assert kiosk.evaluate("document.activeElement.textContent.trim()") == "Tanya informasi"
    kb.press("Enter")
    wait_bot_count(kiosk, 2)
    assert "pertanyaan" in bot_texts(kiosk)[-1].lower()
    # no choices offered: focus went to the text field, so the user just types
    assert kiosk.evaluate("document.activeElement.id") == "text"
    kb.type("syarat membuat ktp")
    kb.press("Enter")
    wait_bot_count(kiosk, 3)
    user = kiosk.locator("#log .msg.user").all_inner_texts()
    assert user[-1].endswith("syarat membuat ktp")
    # whatever the assistant answered is in the live region and was spoken
    wait_spoken(kiosk, bot_texts(kiosk)[-1].split(":", 1)[1].strip()[:20])


def test_speech_controls_and_speech_stops_when_user_acts(kiosk: Page) -> None:
    kiosk.tap("#choices button[data-payload='/ask_info']")
    wait_bot_count(kiosk, 2)
    wait_spoken(kiosk, "pertanyaan")
    assert spoken(kiosk)[-1]["via"] == "server", spoken(kiosk)  # the app's voice, not the browser's
    again = says_next(kiosk, lambda: kiosk.tap("#repeat"))
    assert "pertanyaan" in again["text"].lower()
    slow = says_next(kiosk, lambda: kiosk.tap("#slower"))
    assert kiosk.locator("#slower").get_attribute("aria-pressed") == "true"
    assert slow["rate"] == "slow"
    last = says_next(kiosk, lambda: kiosk.tap("#louder"))
    assert last["volume"] > 0.55 and "pertanyaan" in last["text"].lower()
    assert kiosk.locator("#volume-level").inner_text() == "2/3"
    kiosk.tap("#stop")
    assert kiosk.evaluate("document.documentElement.dataset.speaking") == "no"


def test_server_voice_used_and_browser_voice_when_it_fails(kiosk: Page) -> None:
    """The two answers of /api/voice/speak that the kiosk must handle: audio bytes (played),
    an error (the browser's speech synthesis takes over). A local stand-in answers the
    endpoint here so that the error path is exercised too."""
    import subprocess

    wav = subprocess.run(
        ["espeak-ng", "-v", "id", "--stdout", "halo"], check=True, capture_output=True
    ).stdout
    calls: list[dict] = []

    def ok(route):  # type: ignore[no-untyped-def]
        calls.append(route.request.post_data_json)
        route.fulfill(status=200, body=wav, headers={"Content-Type": "audio/wav"})

    kiosk.route("**/api/voice/speak", ok)
    kiosk.tap("#choices button[data-payload='/ask_info']")
    wait_bot_count(kiosk, 2)
    kiosk.wait_for_function("window.HaloKiosk.spoken.length > 0")
    assert spoken(kiosk)[-1]["via"] == "server"
    assert calls[-1]["rate"] == "normal" and calls[-1]["format"] in ("mp3", "ogg", "wav")
    assert "pertanyaan" in calls[-1]["text"].lower()
    # speech stops as soon as the user acts anywhere (a long answer is playing)
    long_wav = subprocess.run(
        ["espeak-ng", "-v", "id", "--stdout", "satu dua tiga empat lima enam tujuh " * 6],
        check=True,
        capture_output=True,
    ).stdout
    kiosk.unroute("**/api/voice/speak")
    kiosk.route(
        "**/api/voice/speak",
        lambda r: r.fulfill(status=200, body=long_wav, headers={"Content-Type": "audio/wav"}),
    )
    kiosk.tap("#repeat")
    kiosk.wait_for_function("window.HaloKiosk.spoken.length >= 2")
    assert kiosk.evaluate("document.documentElement.dataset.speaking") == "yes"
    kiosk.locator("#log").tap()
    assert kiosk.evaluate("document.documentElement.dataset.speaking") == "no"
    kiosk.unroute("**/api/voice/speak")
    kiosk.route("**/api/voice/speak", lambda r: r.fulfill(status=503, body="down"))
    kiosk.tap("#repeat")
    kiosk.wait_for_function("window.HaloKiosk.spoken.at(-1).via === 'browser'")


def test_inactivity_warning_extend_then_wipe(context, system: LocalSystem) -> None:  # type: ignore[no-untyped-def]
    page = open_kiosk(context, system, "?idle_s=2&poll_ms=700")
    page.tap("#choices button[data-payload='/book_facility']")
    wait_bot_count(page, 2)
    page.tap("#contrast")
    page.tap("#louder")
    page.evaluate("HaloKiosk.stop()")  # the idle clock runs once speech has ended
    page.evaluate("localStorage.setItem('x', '1'); sessionStorage.setItem('y', '2')")
    first_sid = page.evaluate("window.HaloKiosk.sessionId()")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=20_000)
    assert int(page.locator("#idle-count").inner_text()) >= 20
    expect(page.locator("#still-here")).to_be_focused()
    page.tap("#still-here")
    expect(dialog).to_be_hidden()
    assert page.locator("#log .msg").count() >= 3  # nothing lost
    # the warning comes back; this time nobody answers
    expect(dialog).to_be_visible(timeout=20_000)
    t0 = time.monotonic()
    expect(page.locator("#start")).to_be_visible(timeout=40_000)
    assert time.monotonic() - t0 >= 19  # at least 20 s to answer (timer already running)
    expect(dialog).to_be_hidden()
    assert page.locator("#log .msg").count() == 0
    assert page.locator("#log").inner_text() == ""
    assert page.evaluate("window.HaloKiosk.sessionId()") is None
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.documentElement.className") == ""  # settings reset
    assert page.evaluate("window.HaloKiosk.spoken.length") == 0
    assert page.locator("#volume-level").inner_text() == "1/3"  # volume back to the default
    # the next person starts a new conversation
    page.tap("#choices button[data-payload='/ask_info']")
    wait_bot_count(page, 2)
    second_sid = page.evaluate("window.HaloKiosk.sessionId()")
    assert second_sid and second_sid != first_sid
    assert "Pelindungan Data Pribadi" in bot_texts(page)[0]  # a first contact again
