"""axe-core (bundled by axe-playwright-python, no CDN) on every workbench and map page,
signed in as a call-centre agent, a dinas officer and a supervisor: WCAG 2.0/2.1/2.2 A and
AA, zero violations.

HALO_OFFICE_SHOTS=1 also saves a screenshot of each page under docs/office/ and the axe
numbers in docs/office/axe-summary.md."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.office.browser import ARGS, CHROMIUM, VIEWPORT, signed_in
from tests.office.server import OfficeServer

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS_DIR = Path(__file__).resolve().parents[2] / "docs" / "office"
SUMMARY: dict[str, dict[str, object]] = {}
ROLES = {"ani": "petugas", "budi": "dinas", "sari": "supervisor"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfficeServer]:
    with OfficeServer(tmp_path_factory.mktemp("office-axe")) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
    if os.environ.get("HALO_OFFICE_SHOTS") == "1" and SUMMARY:
        write_summary()


def check(page: Page, name: str) -> None:
    """Run axe on what the page shows now; keep a screenshot when asked."""
    raw = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}}).response
    SUMMARY[name] = {
        "violations": len(raw["violations"]),
        "passes": len(raw["passes"]),
        "incomplete": sorted({i["id"] for i in raw["incomplete"]}),
    }
    if os.environ.get("HALO_OFFICE_SHOTS") == "1":
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS_DIR / f"{name}.png"))
    problems = [
        f"{v['id']} ({v['impact']}) {v['help']} {[n['target'] for n in v['nodes']][:5]}"
        for v in raw["violations"]
    ]
    assert problems == [], f"{name}: {problems}"


def write_summary() -> None:
    lines = [
        "# Back office: axe-core summary",
        "",
        "WCAG 2.0/2.1/2.2 A and AA (axe-core through axe-playwright-python), real Chromium,",
        "seeded city (tests/office/seed.py), offline base map. Regenerate with",
        "`HALO_OFFICE_SHOTS=1 pytest tests/office/test_office_axe.py`.",
        "",
        "| page / role | violations | passed rules | needs review |",
        "| --- | --- | --- | --- |",
    ]
    for name, v in SUMMARY.items():
        review = ", ".join(v["incomplete"]) or "-"  # type: ignore[arg-type]
        lines.append(f"| {name} | {v['violations']} | {v['passes']} | {review} |")
    (SHOTS_DIR / "axe-summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_login_page(browser: Browser, server: OfficeServer) -> None:
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server.url}/office/")
    expect(page.locator("#login-username")).to_be_focused()
    check(page, "masuk")
    context.close()


@pytest.mark.parametrize("username", list(ROLES))
def test_workbench_and_map(browser: Browser, server: OfficeServer, username: str) -> None:
    assert server.seeded is not None
    role = ROLES[username]
    code = server.seeded.codes[0]  # DPUPR: every role may open it
    with signed_in(browser, server, username, bypass_csp=True) as page:
        expect(page.locator("#queue-body tr").first).to_be_visible()
        check(page, f"antrean-{role}")
        page.check("#f-overdue")
        expect(page.locator("#queue-body tr").first).to_have_attribute("data-sla", "overdue")
        page.select_option("#bulk-action", "status")
        check(page, f"antrean-terlambat-{role}")
        page.goto(f"{server.url}/office/pengaduan.html?code={code}")
        expect(page.locator("#photo img")).to_be_visible()
        expect(page.locator("#mini-map")).to_have_attribute("data-base", "offline")
        check(page, f"pengaduan-{role}")
        page.goto(f"{server.url}/office/peta.html")
        expect(page.locator("#map")).to_have_attribute("data-ready", "true")
        check(page, f"peta-titik-{role}")
        page.select_option("#view", "heat")
        expect(page.locator("#legend strong")).to_have_text("Laporan per kelurahan")
        check(page, f"peta-sebaran-{role}")


def test_monthly_report(browser: Browser, server: OfficeServer) -> None:
    month = server.today.strftime("%Y-%m")
    path = f"/office/laporan.html?month={month}&dinas=DPUPR"
    with signed_in(browser, server, "sari", path, bypass_csp=True) as page:
        expect(page.locator("#report")).to_be_visible()
        check(page, "laporan-bulanan-supervisor")
