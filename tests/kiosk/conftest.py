"""Real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) driving
the kiosk served by the real app, which talks to the real Rasa server."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from app.launcher import LocalSystem
from tests.e2e.conftest import system  # noqa: F401  (the real app + Rasa, session-wide)

CHROMIUM = "/usr/bin/chromium"
BASE_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",  # a kiosk speaks without a first tap
]
KIOSK_VIEWPORT = {"width": 1080, "height": 1920}  # a portrait kiosk screen
SHOTS_DIR = Path(__file__).resolve().parents[2] / "docs" / "kiosk"

# A spoken complaint, as a citizen would say it at the kiosk.
SPOKEN_COMPLAINT = "lampu jalan mati di jalan melati kelurahan sukamaju"


# Module scope, not session: Playwright's sync API runs an event loop in this thread while it
# is open, which would break the asyncio tests (tests/voice, ...) that run after these.
@pytest.fixture(scope="module")
def pw() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


def launch(pw: Playwright, extra_args: list[str] | None = None) -> Browser:
    return pw.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=BASE_ARGS + (extra_args or [])
    )


@pytest.fixture(scope="module")
def browser(pw: Playwright) -> Iterator[Browser]:
    b = launch(pw)
    yield b
    b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        viewport=KIOSK_VIEWPORT,
        has_touch=True,
        locale="id-ID",
        bypass_csp=True,  # string predicates (wait_for_function) use eval; CSP: tests/app
    )
    yield ctx
    ctx.close()


def open_kiosk(ctx: BrowserContext, sys_: LocalSystem, query: str = "") -> Page:
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(f"{sys_.app_url}/kiosk/{query}")
    page.wait_for_selector("#choices button")
    return page


@pytest.fixture(scope="session", autouse=True)
def warm_assistant(system: LocalSystem) -> None:  # noqa: F811
    """Rasa's first turn loads its models (tens of seconds on a busy machine): done once here,
    so that no test's timeout measures it."""
    deadline = time.monotonic() + 300
    with httpx.Client(base_url=system.app_url, timeout=300) as http:
        while time.monotonic() < deadline:
            replies = http.post("/api/chat", json={"text": "halo"}).json()["messages"]
            if any(m.get("sender") == "bot" for m in replies):
                return
            time.sleep(2)


@pytest.fixture
def kiosk(context: BrowserContext, system: LocalSystem) -> Iterator[Page]:  # noqa: F811
    page = open_kiosk(context, system, "?poll_ms=700")
    yield page
    assert page.errors == [], page.errors  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def complaint_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spoken complaint as a WAV file (espeak-ng, Indonesian voice, 16 kHz mono), padded
    with silence so the fake microphone plays it once per loop with a pause."""
    return spoken_wav(SPOKEN_COMPLAINT, tmp_path_factory.mktemp("audio") / "complaint.wav")


def spoken_wav(text: str, out: Path) -> Path:
    """``text`` said by espeak-ng (Indonesian), 16 kHz mono, 2 s of silence after it."""
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "id", "-s", "120", "-w", str(raw), text], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(raw),
            "-af",
            "apad=pad_dur=2",
            "-ar",
            "16000",
            "-ac",
            "1",
            str(out),
        ],
        check=True,
    )
    return out


def shots_enabled() -> bool:
    return os.environ.get("HALO_KIOSK_SHOTS") == "1"


def type_on_screen(page: Page, text: str) -> None:
    if page.locator("#osk").is_hidden():
        page.tap("#osk-toggle")
    for ch in text:
        label = "Spasi" if ch == " " else ch.upper()
        page.locator("#osk button", has_text=re.compile(f"^{re.escape(label)}$")).tap()
    assert page.locator("#text").input_value() == text
    page.locator("#osk button", has_text="Kirim").tap()
