"""The real app (uvicorn, real SQLite) with the analytics seed (tests/app/analytics_seed.py)
and staff accounts, and real headless Chromium (Debian's, as tests/kiosk/ drives it)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine, migrate
from app.main import create_app
from app.models import Booking, StaffRole
from app.services.staff import create_staff
from tests.app.analytics_seed import seed_all
from tests.e2e.conftest import free_port
from tests.kiosk.conftest import BASE_ARGS, CHROMIUM

SHOTS_DIR = Path(__file__).resolve().parents[2] / "docs" / "office"
PASSWORD = "rahasia-kantor-1"
STAFF = {
    "kepala": {"role": StaffRole.SUPERVISOR, "full_name": "Kepala Layanan"},
    "dishub1": {"role": StaffRole.AGENT, "full_name": "Petugas Dishub", "dinas_code": "DISHUB"},
    "penjaga": {"role": StaffRole.AGENT, "full_name": "Penjaga Fasilitas"},
}
TODAY_CODE = "BK-HADR23"  # a futsal booking under way while the tests run


def shots_enabled() -> bool:
    return os.environ.get("HALO_OFFICE_SHOTS") == "1"


@dataclass
class Server:
    url: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    runtime = tmp_path_factory.mktemp("office")
    settings = Settings(
        environment="test",
        runtime_dir=runtime,
        rasa_url="http://127.0.0.1:9",
        rate_login_per_ip="1000/minute",
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
    )
    engine = make_engine(settings)
    migrate(engine)
    seed_all(engine, month=True)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with Session(engine) as s:
        for name, info in STAFF.items():
            create_staff(s, username=name, password=PASSWORD, **info)  # type: ignore[arg-type]
        s.add(Booking(code=TODAY_CODE, facility_id="futsal", start_at=now,
                      end_at=now + timedelta(hours=1), people=8, name="Tim Karang Taruna",
                      phone="081200001111", owner_id="web:hadir"))  # fmt: skip
        s.commit()
    engine.dispose()
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/office/shell", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    else:
        pytest.fail("app did not start")
    yield Server(url)
    uv.should_exit = True
    thread.join(timeout=20)


@pytest.fixture(scope="module")
def pw() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(pw: Playwright) -> Iterator[Browser]:
    b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=BASE_ARGS)
    yield b
    b.close()


def open_page(browser: Browser, server: Server, path: str, user: str | None = None) -> Page:
    """A fresh browser context (its own sessionStorage); signs in through the shell's form."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(f"{server.url}{path}")
    if user is not None:
        page.fill("#login-username", user)
        page.fill("#login-password", PASSWORD)
        page.click("#login-submit")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    return page
