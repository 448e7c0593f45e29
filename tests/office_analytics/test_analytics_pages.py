"""The dashboard (as a supervisor and as a dinas officer), the public index (no sign-in,
no personal data) and the facility desk in real Chromium against the real app; axe-core
WCAG 2.x A/AA on each: zero violations.

The numbers on the pages are the seed's hand-computed figures (tests/app/test_analytics.py),
as the page formats them (id-ID: "42,9%", "48").

HALO_OFFICE_SHOTS=1 saves screenshots to docs/office/ and the axe numbers to
docs/office/axe-analytics.md."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.app.analytics_seed import PERSONAL
from tests.office_analytics.conftest import SHOTS_DIR, TODAY_CODE, Server, open_page, shots_enabled

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PERIOD = "?start=2026-11-02&end=2026-11-15"
SUMMARY: dict[str, dict[str, int]] = {}


def tile(page: Page, figure: str) -> str:
    return page.locator(f"[data-figure='{figure}'] .tile-value").first.inner_text()


def audit(page: Page, name: str) -> None:
    """axe-core on the page as it is now; a screenshot when asked."""
    page.wait_for_timeout(300)  # charts drawn (no animation)
    raw = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}}).response
    SUMMARY[name] = {
        "violations": len(raw["violations"]),
        "passes": len(raw["passes"]),
        "incomplete": len(raw["incomplete"]),
    }
    if shots_enabled():
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS_DIR / f"{name}.png"), full_page=True)
        write_summary()
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:4]}"
        for v in raw["violations"]
    ]
    assert not problems, "\n".join(problems)
    assert page.errors == [], page.errors  # type: ignore[attr-defined]


def write_summary() -> None:
    lines = [
        "# axe-core on the dashboard, public index and facility desk",
        "",
        "WCAG 2.0/2.1/2.2 A and AA rules (axe-core bundled by axe-playwright-python), real",
        "Chromium against the real app with the analytics seed. Refresh with",
        "`HALO_OFFICE_SHOTS=1 .venv/bin/python -m pytest tests/office_analytics`.",
        "",
        "| page / who | violations | passed rules | needs review |",
        "| --- | --- | --- | --- |",
        *(
            f"| {k} | {v['violations']} | {v['passes']} | {v['incomplete']} |"
            for k, v in sorted(SUMMARY.items())
        ),
    ]
    (SHOTS_DIR / "axe-analytics.md").write_text("\n".join(lines) + "\n")


def test_dashboard_supervisor(browser: Browser, server: Server) -> None:
    page = open_page(browser, server, f"/office/dasbor.html{PERIOD}", "kepala")
    expect(page.locator("#scope")).to_have_text("Semua dinas")
    # 8 complaints; SLA 3/7; medians 6 h and 48 h; CSAT 3/5; reopened 1/5
    assert tile(page, "total") == "8"
    assert tile(page, "sla_compliance") == "42,9%"
    assert tile(page, "median_first_response_hours") == "6"
    assert tile(page, "median_resolution_hours") == "48"
    assert tile(page, "csat") == "60%"
    assert tile(page, "reopened_rate") == "20%"
    rows = page.locator("#group-by_category tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first.locator("th")).to_have_text("Lampu penerangan jalan mati")
    expect(rows.first.locator("td").first).to_have_text("4")
    # the assistant: 7 conversations, 2/7 served without an officer, median wait 10 min
    expect(page.locator("#assistant")).to_be_visible()
    assert tile(page.locator("#assistant"), "conversations") == "7"  # type: ignore[arg-type]
    assert tile(page.locator("#assistant"), "self_service_rate") == "28,6%"  # type: ignore[arg-type]
    assert tile(page.locator("#assistant"), "median_queue_wait_minutes") == "10"  # type: ignore[arg-type]
    tenis = page.locator("#group-bookings tbody tr[data-key='tenis-a'] td")
    expect(tenis).to_have_text(["2", "1", "1", "3", "1,4%"])
    assert page.locator("#chart-by_category").bounding_box()["height"] > 100  # type: ignore[index]
    audit(page, "dasbor-supervisor")
    # narrowed to one dinas: DPUPR = jalan_rusak, C1 C2 C7 (SLA 2/3, resolution median 48 h)
    page.select_option("#dinas", "DPUPR")
    page.click("#show")
    expect(page.locator("#scope")).to_have_text("Hanya Dinas Pekerjaan Umum dan Penataan Ruang")
    assert tile(page, "total") == "3"
    assert tile(page, "sla_compliance") == "66,7%"
    page.context.close()


def test_dashboard_dinas_officer(browser: Browser, server: Server) -> None:
    page = open_page(browser, server, f"/office/dasbor.html{PERIOD}", "dishub1")
    expect(page.locator("#scope")).to_have_text("Hanya Dinas Perhubungan")
    # DISHUB = lampu_jalan: C3 C4 C5 C8; SLA 1/3, medians 4 h and 60 h, CSAT 2/2
    assert tile(page, "total") == "4"
    assert tile(page, "sla_compliance") == "33,3%"
    assert tile(page, "median_first_response_hours") == "4"
    assert tile(page, "median_resolution_hours") == "60"
    assert tile(page, "csat") == "100%"
    expect(page.locator("#group-by_category tbody tr")).to_have_count(1)
    expect(page.locator("#assistant")).to_be_hidden()
    expect(page.locator("#dinas-field")).to_be_hidden()
    audit(page, "dasbor-dinas")
    page.context.close()


def test_public_index_without_login(browser: Browser, server: Server) -> None:
    page = open_page(browser, server, f"/indeks{PERIOD}")  # the short address redirects
    assert page.url.endswith(f"/office/indeks.html{PERIOD}")
    expect(page.locator("#login-form")).to_have_count(0)
    expect(page.locator("h1")).to_have_text("Indeks Kualitas Layanan Publik")
    # a visitor sees no links to the staff pages
    expect(page.locator("#office-header nav a")).to_have_text(["Indeks publik"])
    assert tile(page, "total") == "8"
    assert tile(page, "sla_compliance") == "42,9%"
    # every group under 5 complaints: one pooled row per list
    for group in ("by_category", "by_kelurahan", "by_channel"):
        rows = page.locator(f"#group-{group} tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first.locator("th")).to_have_text("Lainnya (gabungan kelompok kecil)")
    expect(page.locator("#method")).to_contain_text("kurang dari 5 pengaduan")
    text = (page.content() + page.locator("body").inner_text()).lower()
    for kind, values in PERSONAL.items():
        for value in values:
            assert value.lower() not in text, kind
    for private in ("lpr-2026", "bk-aaaa", "telegram:", "whatsapp:", "karang taruna"):
        assert private not in text
    audit(page, "indeks-publik")
    page.context.close()


def test_public_index_pools_small_groups_of_a_month(browser: Browser, server: Server) -> None:
    """October: 60 complaints; Cibening (3), pohon_tumbang (3) and air_bersih (2) are under
    5 and pooled; the other groups are shown by name, each with 5 or more."""
    page = open_page(browser, server, "/office/indeks.html?start=2026-10-01&end=2026-10-31")
    assert tile(page, "total") == "60"
    kel = page.locator("#group-by_kelurahan tbody tr th")
    names = kel.all_inner_texts()
    assert "Cibening" not in names and names[-1] == "Lainnya (gabungan kelompok kecil)"
    assert len(names) == 8  # 7 kelurahan of 8-9 complaints, then the pool of 3 (withheld)
    expect(page.locator("#group-by_kelurahan tbody tr").last).to_contain_text(
        "Terlalu sedikit data untuk ditampilkan"
    )
    cats = page.locator("#group-by_category tbody tr")
    expect(cats.last.locator("th")).to_have_text("Lainnya (gabungan kelompok kecil)")
    expect(cats.last.locator("td").first).to_have_text("5")  # 3 + 2, shown: not under 5
    for count in page.locator("#group-by_category tbody tr td:first-of-type").all_inner_texts():
        assert int(count) >= 5
    audit(page, "indeks-publik-oktober")
    page.context.close()


def test_dashboard_month(browser: Browser, server: Server) -> None:
    page = open_page(
        browser, server, "/office/dasbor.html?start=2026-10-01&end=2026-10-31", "kepala"
    )
    assert tile(page, "total") == "60"
    expect(page.locator("#group-by_kelurahan tbody tr th", has_text="Cibening")).to_have_count(1)
    audit(page, "dasbor-supervisor-oktober")
    page.context.close()


def test_facility_desk_calendar_and_check_in(browser: Browser, server: Server) -> None:
    page = open_page(
        browser,
        server,
        "/office/fasilitas.html?facility=tenis-a&day=2026-11-03&view=week",
        "penjaga",
    )
    days = page.locator("#calendar .day-card")
    expect(days).to_have_count(7)  # Monday 11-02 .. Sunday 11-08
    tuesday = page.locator("#calendar .day-card[data-date='2026-11-03'] tbody tr")
    expect(tuesday.locator("td").nth(1)).to_have_text("BK-AAAAA2")
    expect(tuesday.locator("td").nth(4)).to_contain_text("Hadir")
    thursday = page.locator("#calendar .day-card[data-date='2026-11-05'] tbody tr td").nth(4)
    expect(thursday).to_have_text("Dibatalkan")
    expect(page.locator("#closure-form")).to_be_hidden()  # an agent: no closures
    audit(page, "fasilitas-minggu")
    # check-in of the booking under way now (futsal), as typed at the desk
    page.fill("#code", TODAY_CODE.lower())
    page.click("#checkin-button")
    expect(page.locator("#checkin-result")).to_contain_text(
        f"{TODAY_CODE} hadir: Tim Karang Taruna"
    )
    page.fill("#code", TODAY_CODE)
    page.click("#checkin-button")
    expect(page.locator("#checkin-result")).to_contain_text("Sudah check-in pada")
    page.fill("#code", "BK-AAAAA3")
    page.click("#checkin-button")
    expect(page.locator("#checkin-result")).to_contain_text("bukan hari ini")
    page.context.close()


def test_facility_desk_closures_supervisor(browser: Browser, server: Server) -> None:
    page = open_page(
        browser, server, "/office/fasilitas.html?facility=gor&day=2026-11-10&view=day", "kepala"
    )
    expect(page.locator("#closure-form")).to_be_visible()
    day = page.locator("#day").input_value()
    page.fill("#closure-day", "2030-01-07")
    page.fill("#closure-reason", "pengecatan lantai")
    page.click("#closure-add")
    expect(page.locator("#closure-result")).to_contain_text("Ditutup Senin, 7 Januari 2030")
    item = page.locator("#closures li[data-day='2030-01-07']")
    expect(item).to_contain_text("pengecatan lantai")
    audit(page, "fasilitas-penutupan")
    item.get_by_role("button").click()
    expect(page.locator("#closure-result")).to_contain_text("Dibuka kembali")
    expect(page.locator("#closures li[data-day='2030-01-07']")).to_have_count(0)
    assert day == "2026-11-10"
    page.context.close()


def test_summary_file_written() -> None:
    if shots_enabled():
        assert Path(SHOTS_DIR / "axe-analytics.md").exists()
