"""axe-core (bundled by axe-playwright-python, no CDN) on every kiosk screen, in every theme
and mode, with the WCAG 2.0/2.1/2.2 A and AA tags plus AAA (7:1 contrast, 44 px targets):
zero violations. Also: no horizontal scrolling at 200 % text, and in "layar rendah" every
control in the lower part of the screen.

HALO_KIOSK_SHOTS=1 also saves a screenshot of each screen in each theme and mode under
docs/kiosk/ and the axe numbers in docs/kiosk/axe-summary.md."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from app.launcher import LocalSystem
from tests.kiosk.conftest import KIOSK_VIEWPORT, SHOTS_DIR, launch, open_kiosk, shots_enabled
from tests.kiosk.test_kiosk import wait_bot_count

pytestmark = pytest.mark.e2e

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "wcag2aaa"]
THEMES = ["standar", "kontras"]
MODES = ["normal", "huruf200", "rendah"]
SUMMARY: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def axe_browser(pw: Playwright) -> Iterator[Browser]:
    # a fake microphone (its built-in beep) so the "Saya mendengar" screen can be reached
    b = launch(pw, ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"])
    yield b
    b.close()


@pytest.fixture
def ctx(axe_browser: Browser) -> Iterator[BrowserContext]:
    c = axe_browser.new_context(viewport=KIOSK_VIEWPORT, has_touch=True, bypass_csp=True)
    yield c
    c.close()


def set_look(page: Page, theme: str, mode: str) -> None:
    want = {
        "contrast": theme == "kontras",
        "bigger": mode == "huruf200",
        "low": mode == "rendah",
    }
    for button, on in want.items():
        pressed = page.locator(f"#{button}").get_attribute("aria-pressed") == "true"
        if pressed != on:
            page.locator(f"#{button}").click()
    page.locator("#stop").click()


def start(page: Page, system: LocalSystem) -> None:
    pass


def conversation(page: Page, system: LocalSystem) -> None:
    page.locator("#choices button[data-payload='/book_facility']").click()
    wait_bot_count(page, 2)


def keyboard(page: Page, system: LocalSystem) -> None:
    conversation(page, system)
    page.locator("#osk-toggle").click()
    expect(page.locator("#osk")).to_be_visible()


def heard(page: Page, system: LocalSystem, reading: dict | None = None) -> None:
    # the screen only: what the speech-to-text says is not under test here
    body = {"text": "lampu jalan mati di jalan melati", "raw_text": "", "duration_s": 2.0}
    body.update({"language": "id", "reading": reading} if reading else {"language": "id"})
    page.route("**/api/voice/transcribe", lambda r: r.fulfill(json=body))
    page.locator("#mic").click()
    page.wait_for_timeout(1500)
    if page.evaluate("document.documentElement.dataset.recording") == "yes":
        page.locator("#mic").click()  # (the kiosk may have stopped by itself at a pause)
    expect(page.locator("#heard")).to_be_visible(timeout=30_000)


def unclear(page: Page, system: LocalSystem) -> None:
    """A short answer not understood, at the booking's first choice: "kurang jelas"."""
    conversation(page, system)
    heard(page, system, {"kind": "choice", "understood": False, "value": None})
    expect(page.locator("#heard-yes")).to_be_hidden()


SCREENS: dict[str, tuple[str, Callable[[Page, LocalSystem], None]]] = {
    "mulai": ("", start),
    "percakapan": ("", conversation),
    "papan-ketik": ("", keyboard),
    "saya-mendengar": ("", heard),
    "kurang-jelas": ("", unclear),
    "peringatan-diam": ("?idle_s=1", conversation),
}


def check_layout(page: Page, mode: str) -> list[str]:
    problems = []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"horizontal scrolling: {overflow} px")
    if mode == "rendah":
        tops = page.evaluate(
            """[...document.querySelectorAll('button, input, a[href]')]
                .filter(e => e.offsetParent && !e.closest('[inert]'))
                .map(e => [e.id || e.textContent.trim(),
                           e.getBoundingClientRect().top + scrollY])"""
        )
        limit = 0.45 * KIOSK_VIEWPORT["height"]
        high = [name for name, top in tops if top < limit]
        if high:
            problems.append(f"controls in the upper part in layar rendah: {high}")
    return problems


def check_look(page: Page, screen: str, theme: str, mode: str, failures: list[str]) -> None:
    """axe, the layout checks and (HALO_KIOSK_SHOTS=1) a screenshot of what is on screen."""
    focus = {
        "saya-mendengar": "#heard",
        "kurang-jelas": "#heard",
        "tanda-terima": "#receipt",
        "papan-ketik": "#text",
    }.get(screen, "#answer:not([hidden]), #choices:not(:empty)")
    target = page.locator(focus).first
    if target.count():
        target.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    raw = result.response
    key = f"{screen} / {theme} / {mode}"
    SUMMARY[key] = {
        "violations": len(raw["violations"]),
        "passes": len(raw["passes"]),
        "incomplete": len(raw["incomplete"]),
        "incomplete_rules": sorted({i["id"] for i in raw["incomplete"]}),
    }
    for v in raw["violations"]:
        nodes = [n["target"] for n in v["nodes"]][:5]
        failures.append(f"{key}: {v['id']} ({v['impact']}) {v['help']} {nodes}")
    failures += [f"{key}: {p}" for p in check_layout(page, mode)]
    if shots_enabled():
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS_DIR / f"{screen}-{theme}-{mode}.png"))
    assert page.errors == [], page.errors  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_axe_zero_violations_every_theme_and_mode(
    screen: str, ctx: BrowserContext, system: LocalSystem
) -> None:
    query, reach = SCREENS[screen]
    failures: list[str] = []
    for theme in THEMES:
        for mode in MODES:
            page = open_kiosk(ctx, system, query)
            if screen == "peringatan-diam":
                set_look(page, theme, mode)
                reach(page, system)
                page.evaluate("HaloKiosk.stop()")  # the idle clock runs once speech has ended
                expect(page.get_by_role("alertdialog")).to_be_visible(timeout=15_000)
            else:
                reach(page, system)
                set_look(page, theme, mode)
            check_look(page, screen, theme, mode, failures)
            page.close()
    write_summary()
    assert not failures, "\n".join(failures)


def test_axe_answer_screens_every_theme_and_mode(ctx: BrowserContext, system: LocalSystem) -> None:
    """One real booking by touch; at each screen the assistant's structured prompt opens
    (large choices, date grid, time grid, number pad, phone pad, yes / no, the receipt with
    its QR code), every theme and mode is checked on that same screen."""
    page = open_kiosk(ctx, system)
    failures: list[str] = []

    def check(screen: str) -> None:
        page.locator("#stop").click()
        for theme in THEMES:
            for mode in MODES:
                set_look(page, theme, mode)
                check_look(page, screen, theme, mode, failures)
        set_look(page, "standar", "normal")

    def turn(action: Callable[[], None]) -> None:
        n = page.locator("#log .msg.bot").count()
        action()
        wait_bot_count(page, n + 1)

    def pad(digits: str) -> None:
        for d in digits:
            page.locator(".pad button", has_text=re.compile(f"^{d}$")).click()

    turn(lambda: page.locator("#choices button[data-payload='/book_facility']").click())
    check("pilihan")
    turn(lambda: page.locator("#choices button").first.click())
    check("tanggal")
    turn(lambda: page.locator(".date-grid button.free").first.click())
    check("jam")
    turn(lambda: page.locator(".time-grid button").first.click())
    turn(lambda: page.locator("#choices button").first.click())
    pad("2")
    check("angka")
    turn(lambda: page.locator(".pad button.primary").click())
    turn(
        lambda: (
            page.fill("#text", "Siti Aminah"),
            page.locator("#composer").evaluate("f => f.requestSubmit()"),
        )
    )
    pad(f"0813{random.randint(10**7, 10**8 - 1)}")  # a new citizen (3 future bookings each)
    check("telepon")
    turn(lambda: page.locator(".pad button.primary").click())
    check("ya-tidak")
    turn(lambda: page.locator("#choices button[data-payload='ya']").click())
    expect(page.locator("#receipt-qr svg")).to_be_visible()
    check("tanda-terima")
    write_summary()
    assert not failures, "\n".join(failures)


def write_summary() -> None:
    out = Path(SHOTS_DIR if shots_enabled() else Path("/tmp")) / "axe-summary.json"
    if shots_enabled() and out.exists():  # a run of some screens keeps the others' rows
        merged = json.loads(out.read_text())
        merged.update(SUMMARY)
        SUMMARY.clear()
        SUMMARY.update(merged)
    if shots_enabled():
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            "# axe-core on the kiosk",
            "",
            f"Tags: {', '.join(TAGS)}. Viewport {KIOSK_VIEWPORT['width']}x"
            f"{KIOSK_VIEWPORT['height']} (portrait kiosk). Generated by "
            "`HALO_KIOSK_SHOTS=1 pytest tests/kiosk/test_kiosk_axe.py`.",
            "",
            "| screen / theme / mode | violations | passed rules | needs review |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| {k} | {v['violations']} | {v['passes']} | {v['incomplete']}"
            f"{' (' + ', '.join(v['incomplete_rules']) + ')' if v['incomplete_rules'] else ''} |"
            for k, v in SUMMARY.items()
        ]
        (SHOTS_DIR / "axe-summary.md").write_text("\n".join(lines) + "\n")
    out.write_text(json.dumps(SUMMARY, indent=1))


def test_axe_setup_catches_planted_faults(ctx: BrowserContext, system: LocalSystem) -> None:
    """The same axe run does find faults: grey text (5.7:1, enough for AA, not for AAA),
    tiny buttons side by side, one without a name."""
    page = open_kiosk(ctx, system)
    page.evaluate(
        """() => {
            const p = document.createElement('p');
            p.textContent = 'teks abu-abu'; p.style.color = '#666'; p.style.fontSize = '16px';
            document.getElementById('start').appendChild(p);
            for (const t of ['', 'x']) {
                const b = document.createElement('button');
                b.textContent = t;
                b.style.cssText = 'all:unset;display:inline-block;width:12px;height:12px;'
                    + 'background:#000;color:#fff;font-size:8px';
                document.getElementById('start').appendChild(b);
            }
        }"""
    )
    raw = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}}).response
    found = {v["id"] for v in raw["violations"]}
    assert {"color-contrast-enhanced", "button-name", "target-size"} <= found, found
