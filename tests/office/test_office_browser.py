"""The workbench and the map in real headless Chromium, signed in as a call-centre agent,
a dinas officer and a supervisor, on the real app (strict CSP as served) and a seeded
database. The dinas scope is checked in the page and through the API with the page's own
token. Tiles come from a closed port: the map must fall back to the offline city map."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, expect, sync_playwright
from sqlmodel import Session

from app.models import ComplaintStatus, Privacy
from app.services.conversations import transcript
from tests.fakes.telegram_api import FakeTelegram
from tests.office.browser import ARGS, CHROMIUM, api_in_page, signed_in
from tests.office.seed import TELEGRAM_CHAT_BASE, Seeded
from tests.office.server import OfficeServer


@pytest.fixture(scope="module")
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, telegram: FakeTelegram
) -> Iterator[OfficeServer]:
    with OfficeServer(tmp_path_factory.mktemp("office"), telegram=telegram) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def seeded(server: OfficeServer) -> Seeded:
    assert server.seeded is not None
    return server.seeded


def test_agent_signs_in_filters_and_updates_a_complaint(
    browser: Browser, server: OfficeServer
) -> None:
    data = seeded(server)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/office/")
    page.fill("#login-username", "ani")
    page.fill("#login-password", "salah-sandi")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_contain_text("salah")
    context.close()

    with signed_in(browser, server, "ani") as page:
        expect(page.locator("#who")).to_contain_text("Ani Lestari")
        opened = [c for c, x in data.by_code.items() if not x.status.is_closed]
        expect(page.locator("#queue-summary")).to_contain_text(f"{len(opened)} laporan")
        expect(page.locator("#queue-body tr").first).to_have_attribute("data-sla", "overdue")
        overdue = [c for c in opened if data.by_code[c].expected_date < server.today]
        page.check("#f-overdue")
        expect(page.locator("#queue-body tr")).to_have_count(len(overdue))
        states = page.locator("#queue-body tr").evaluate_all("rs => rs.map(r => r.dataset.sla)")
        assert set(states) == {"overdue"}
        page.uncheck("#f-overdue")
        page.fill("#f-q", "tetangga")
        page.press("#f-q", "Enter")
        expect(page.locator("#queue-body tr")).to_have_count(2)

        # a report from the web chat: verify it, then move it on with a note for the citizen
        code = next(
            c
            for c, x in data.by_code.items()
            if x.status is ComplaintStatus.DITERIMA
            and x.privacy is Privacy.BIASA
            and (x.reporter_conversation_id or "").startswith("web:")
            and c not in data.codes[-2:]  # the duplicates: merged in another test
        )
        page.goto(f"{server.url}/office/pengaduan.html?code={data.codes[0]}")
        expect(page.locator("#photo img")).to_be_visible()  # fetched with the token, as a blob
        assert page.locator("#photo img").evaluate("img => img.naturalWidth") == 240
        expect(page.locator("#mini-map")).to_have_attribute("data-base", "offline")
        expect(page.locator("#mini-map path.leaflet-interactive").first).to_be_attached()
        page.goto(f"{server.url}/office/pengaduan.html?code={code}")
        expect(page.locator("#history li")).to_have_count(1)
        expect(page.locator("#reporter")).to_contain_text("Warga Nomor")
        page.click("#verify")
        expect(page.locator("#status-badge")).to_have_text("Diverifikasi")
        page.select_option("#status-to", "didisposisikan")
        page.fill("#status-note", "Petugas meninjau lokasi besok pagi")
        page.click("#status-submit")
        expect(page.locator("#status-badge")).to_have_text("Didisposisikan")
        expect(page.locator("#notice")).to_contain_text("terkirim ke 1 percakapan")
        expect(page.locator("#history li").last).to_contain_text("Petugas meninjau lokasi")
    conv = data.by_code[code].reporter_conversation_id or ""
    with Session(server.app.state.ctx.engine) as s:
        pushed = [line.text for line in transcript(s, conv) if line.pushed]
    assert len(pushed) == 2 and code in pushed[1]
    assert "Petugas meninjau lokasi besok pagi" in pushed[1]


def test_telegram_reporter_gets_the_note_on_telegram(
    browser: Browser, server: OfficeServer, telegram: FakeTelegram
) -> None:
    """The real Telegram adapter of the app, against a fake Bot API server."""
    data = seeded(server)
    i, code = next(
        (i, c)
        for i, c in enumerate(data.codes)
        if (data.by_code[c].reporter_conversation_id or "").startswith("telegram:")
        and data.by_code[c].status is ComplaintStatus.DIPROSES
    )
    chat = TELEGRAM_CHAT_BASE + i
    with signed_in(browser, server, "sari", f"/office/pengaduan.html?code={code}") as page:
        page.select_option("#status-to", "selesai")
        page.fill("#status-note", "Lubang sudah ditambal, terima kasih atas laporannya")
        page.click("#status-submit")
        expect(page.locator("#status-badge")).to_have_text("Selesai")
        expect(page.locator("#notice")).to_contain_text("terkirim ke 1 percakapan")
    [sent] = telegram.wait_sent(chat, 1, timeout=20)
    assert code in sent["text"] and "Lubang sudah ditambal" in sent["text"]
    rating = [b["text"] for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert rating == ["1", "2", "3", "4", "5"]  # the rating buttons of a closed report


def test_dinas_officer_sees_only_their_dinas(browser: Browser, server: OfficeServer) -> None:
    data = seeded(server)
    dpupr = {c for c, x in data.by_code.items() if x.dinas_code == "DPUPR"}
    with signed_in(browser, server, "budi", "/office/?open=false") as page:
        expect(page.locator("#who")).to_contain_text("Hanya DPUPR")
        expect(page.locator("#queue-summary")).to_contain_text(f"{len(dpupr)} laporan")
        shown = set(
            page.locator("#queue-body tr").evaluate_all("rs => rs.map(r => r.dataset.code)")
        )
        assert shown == dpupr
        expect(page.locator("#f-dinas")).to_have_count(0)  # no dinas to choose
        # the server enforces it, whatever the page asks for
        listed = api_in_page(page, "/api/office/complaints?dinas=DLH&open=false&limit=500")
        assert {i["dinas_code"] for i in listed["items"]} == {"DPUPR"}  # type: ignore[index]
        geo = api_in_page(page, "/api/staff/complaints.geojson?dinas=DLH")
        assert {f["properties"]["dinas_code"] for f in geo["features"]} == {"DPUPR"}  # type: ignore[index]
        other = next(c for c, x in data.by_code.items() if x.dinas_code == "DLH")
        page.goto(f"{server.url}/office/pengaduan.html?code={other}")
        expect(page.locator("#error")).to_contain_text("tidak ditemukan")
        mine = sorted(dpupr)[0]
        page.goto(f"{server.url}/office/pengaduan.html?code={mine}")
        expect(page.locator("#history li").first).to_be_visible()
        expect(page.locator("#dinas-form")).to_be_hidden()  # moving dinas: supervisors only
        page.goto(f"{server.url}/office/peta.html?open=false")
        expect(page.locator("#map")).to_have_attribute("data-ready", "true")
        with_point = [c for c in dpupr if data.by_code[c].latitude is not None]
        expect(page.locator("#map")).to_have_attribute("data-points", str(len(with_point)))


def test_supervisor_bulk_verifies_and_merges_a_duplicate(
    browser: Browser, server: OfficeServer
) -> None:
    data = seeded(server)
    with signed_in(browser, server, "sari", "/office/?status=diterima&open=false") as page:
        rows = page.locator("#queue-body tr")
        expect(rows.first).to_be_visible()
        before = rows.count()
        picked = rows.evaluate_all("rs => rs.slice(0, 3).map(r => r.dataset.code)")
        for code in picked:
            page.check(f'#queue-body tr[data-code="{code}"] input.pick')
        expect(page.locator("#bulk-count")).to_have_text("3 dipilih")
        page.select_option("#bulk-action", "verify")
        page.click("#bulk-run")
        expect(page.locator("#bulk-result")).to_contain_text("3 berhasil, 0 gagal")
        expect(rows).to_have_count(before - 3)

        target, dup = data.codes[0], data.codes[-1]
        page.goto(f"{server.url}/office/pengaduan.html?code={target}")
        expect(page.locator("#dups li")).to_have_count(2)
        page.click(f'#dups li[data-code="{dup}"] button.merge-here')
        expect(page.locator("#notice")).to_contain_text(f"{dup} digabung")
        expect(page.locator("#dups li")).to_have_count(1)
        expect(page.locator("#facts")).to_contain_text(dup)  # "Gabungan dari"
        page.goto(f"{server.url}/office/pengaduan.html?code={dup}")
        expect(page.locator("#status-badge")).to_have_text("Ditolak")
        expect(page.locator("#facts")).to_contain_text(f"Digabung ke{target}")


def test_map_points_colours_and_heat(browser: Browser, server: OfficeServer) -> None:
    with signed_in(browser, server, "sari", "/office/peta.html") as page:
        m = page.locator("#map")
        expect(m).to_have_attribute("data-ready", "true")
        expect(m).to_have_attribute("data-base", "offline")  # the tile server is unreachable
        fc = api_in_page(page, "/api/staff/complaints.geojson?open=true")
        expect(m).to_have_attribute("data-points", str(len(fc["features"])))  # type: ignore[index]
        expect(page.locator(".office-cluster").first).to_be_visible()
        expect(page.locator("#legend strong")).to_have_text("Status")
        page.select_option("#colour", "category")
        expect(page.locator("#legend strong")).to_have_text("Kategori")
        page.select_option("#view", "heat")
        expect(m).to_have_attribute("data-view", "heat")
        expect(page.locator("#legend strong")).to_have_text("Laporan per kelurahan")
        heat = api_in_page(page, "/api/office/map/kelurahan.geojson?open=true")
        want = {f["properties"]["name"]: f["properties"]["count"] for f in heat["features"]}  # type: ignore[index]
        page.wait_for_function("() => document.getElementById('map').dataset.heat")
        assert json.loads(m.get_attribute("data-heat") or "{}") == want
        # the filters are shared with the list
        page.select_option("#f-category", "sampah")
        expect(page.locator("#to-list")).to_have_attribute(
            "href", "/office/?category=sampah&open=true"
        )


def test_monthly_report_prints(browser: Browser, server: OfficeServer) -> None:
    month = server.today.strftime("%Y-%m")
    with signed_in(
        browser, server, "sari", f"/office/laporan.html?month={month}&dinas=DLH"
    ) as page:
        expect(page.locator("#report-title")).to_contain_text("Dinas Lingkungan Hidup")
        rep = api_in_page(page, f"/api/staff/reports/monthly?month={month}&dinas=DLH")
        first = page.locator("#summary tbody tr").first
        expect(first).to_contain_text(str(rep["received"]))  # type: ignore[index]
        expect(page.locator("#overdue tbody tr")).to_have_count(
            max(1, len(rep["overdue_tickets"]))  # type: ignore[index]
        )


def test_pages_answer_with_a_strict_csp(server: OfficeServer) -> None:
    for path in ("/office/", "/office/peta.html", "/office/vendor/leaflet/leaflet.js"):
        r = httpx.get(f"{server.url}{path}")
        assert r.status_code == 200
        assert "script-src 'self'" in r.headers["content-security-policy"]
    assert httpx.get(f"{server.url}/office/node_modules/leaflet/package.json").status_code == 404
