"""The kiosk's answer screens, driven by the assistant's structured prompts (custom.expects,
custom.receipt from actions/forms/prompts.py), in real Chromium against the real app and the
real Rasa server: pictogram tiles, date grid, time grid, number pad, large choices,
progress, the receipt with a QR code read back by a decoder. Nothing is read from wording."""

from __future__ import annotations

import random
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.launcher import LocalSystem
from tests.kiosk.conftest import type_on_screen
from tests.kiosk.qr import read_qr
from tests.kiosk.test_kiosk import MENU, bot_texts, push, spoken, wait_bot_count, wait_spoken

pytestmark = pytest.mark.e2e

MM_PER_PX = 25.4 / 96  # a CSS pixel is 1/96 inch


def answer_turn(page: Page, action: object) -> None:
    """Do ``action`` (a callable) and wait for the assistant's next message."""
    n = page.locator("#log .msg.bot").count()
    action()  # type: ignore[operator]
    wait_bot_count(page, n + 1)


def expects(page: Page) -> dict:
    return page.evaluate("HaloKiosk.expects()") or {}


def test_structured_prompt_arrives_in_the_message_of_its_question(system: LocalSystem) -> None:
    """Rasa sends custom apart from the text; the halo channel puts it back on the question."""
    with httpx.Client(base_url=system.app_url, timeout=120) as http:
        first = http.post("/api/chat", json={"text": "/book_facility"}).json()
        question = first["messages"][-1]
        assert "pesan" in question["text"].lower()
        assert question["custom"]["expects"]["kind"] == "choice"
        assert question["custom"]["expects"]["options"] == question["buttons"]
        assert all(m["text"] for m in first["messages"])  # no message without text


def test_start_tiles_fill_the_portrait_screen_with_pictograms(kiosk: Page) -> None:
    tiles = kiosk.locator("#choices button.tile")
    assert [(t.inner_text(), t.get_attribute("data-payload")) for t in tiles.all()] == MENU
    boxes = [t.bounding_box() for t in tiles.all()]
    assert all(b and b["width"] >= 400 and b["height"] >= 400 for b in boxes), boxes
    viewport = kiosk.viewport_size or {"height": 1920}
    assert sum(b["height"] for b in boxes[::2] if b) >= 0.4 * viewport["height"], boxes
    for tile in tiles.all():
        assert tile.locator("svg use").count() == 1  # an inline pictogram from the page
        size = float(tile.locator("span").evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size * MM_PER_PX >= 12, size  # the label's letters at least 12 mm high
    # "Huruf besar": one column, nothing cut off or scrolling sideways
    kiosk.tap("#bigger")
    lefts = {round(b["x"]) for b in (t.bounding_box() for t in tiles.all()) if b}
    assert len(lefts) == 1, lefts
    assert kiosk.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_booking_by_touch_with_grids_pad_and_receipt_qr(kiosk: Page) -> None:
    answer_turn(kiosk, lambda: kiosk.tap("#choices button[data-payload='/book_facility']"))
    assert expects(kiosk)["kind"] == "choice"
    expect(kiosk.locator("#progress-text")).to_have_text("Langkah 1 dari 8")
    answer_turn(kiosk, lambda: kiosk.locator("#choices.big button").first.tap())

    # the date grid: the free days marked; tapping one sends that day, shown in words
    date = expects(kiosk)
    assert date["kind"] == "date"
    expect(kiosk.locator("#answer[data-kind=date]")).to_be_visible()
    expect(kiosk.locator("#progress-text")).to_have_text("Langkah 2 dari 8")
    free = kiosk.locator(".date-grid button.free")
    assert [free.nth(i).get_attribute("data-date") for i in range(free.count())] == [
        o["payload"] for o in date["options"]
    ]
    assert kiosk.locator("#choices button").count() == 0  # the days are in the grid
    day_words = (free.first.get_attribute("aria-label") or "").removesuffix(", ada jam kosong")
    answer_turn(kiosk, lambda: free.first.tap())
    assert kiosk.locator("#log .msg.user").last.inner_text().endswith(day_words)

    # the time grid: exactly the free starts the assistant offered
    time_ = expects(kiosk)
    assert time_["kind"] == "time"
    expect(kiosk.locator("#progress-text")).to_have_text("Langkah 3 dari 8")
    times = kiosk.locator(".time-grid button")
    assert times.all_inner_texts() == [o["title"] for o in time_["options"]]
    answer_turn(kiosk, lambda: times.first.tap())

    assert expects(kiosk)["kind"] == "choice"  # the length: large choice buttons
    answer_turn(kiosk, lambda: kiosk.locator("#choices.big button").first.tap())

    # the number pad for the head count, with the capacity said
    people = expects(kiosk)
    assert people["kind"] == "number"
    expect(kiosk.locator("#answer-hint")).to_contain_text(str(people["max"]))
    kiosk.locator(".pad button", has_text=re.compile("^2$")).tap()
    expect(kiosk.locator(".pad-value")).to_have_text("2")
    answer_turn(kiosk, lambda: kiosk.locator(".pad button.primary").tap())

    assert expects(kiosk)["kind"] == "text"  # the name: the keyboard
    n = kiosk.locator("#log .msg.bot").count()
    type_on_screen(kiosk, "siti aminah")
    wait_bot_count(kiosk, n + 1)

    assert expects(kiosk)["kind"] == "phone"
    phone = f"0812{random.randint(10**7, 10**8 - 1)}"  # a new citizen (3 future bookings each)
    for digit in phone:
        kiosk.locator(".pad button", has_text=re.compile(f"^{digit}$")).tap()
    expect(kiosk.locator(".pad-value")).to_have_text(f"{phone[:4]} {phone[4:8]} {phone[8:]}")
    answer_turn(kiosk, lambda: kiosk.locator(".pad button.primary").tap())

    assert expects(kiosk)["kind"] == "yes_no"
    expect(kiosk.locator("#progress-text")).to_have_text("Langkah 8 dari 8")
    yes = kiosk.locator("#choices.big button[data-payload='ya']")
    answer_turn(kiosk, lambda: yes.tap())

    # the receipt: code, QR code of the calendar link, no more progress or question
    expect(kiosk.locator("#receipt")).to_be_visible()
    expect(kiosk.locator("#receipt-title")).to_have_text("Kode pemesanan Anda")
    code = kiosk.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"BK-[A-HJ-NP-Z2-9]{6}", code)
    assert code in bot_texts(kiosk)[-1]
    (url,) = read_qr(kiosk)
    assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/api/bookings/{code}\.ics\?t=\w+", url), url
    assert httpx.get(url).text.startswith("BEGIN:VCALENDAR")  # the link works
    assert kiosk.locator("#progress").is_hidden() and kiosk.locator("#answer").is_hidden()


def test_complaint_receipt_qr_spoken_printed_and_not_read_from_wording(
    kiosk: Page, system: LocalSystem
) -> None:
    answer_turn(kiosk, lambda: kiosk.tap("#choices button[data-payload='/file_complaint']"))
    assert expects(kiosk)["kind"] == "choice" and expects(kiosk)["free"] is True
    n = kiosk.locator("#log .msg.bot").count()
    # (another place and problem than the voice test's, which must not meet a duplicate)
    kiosk.fill(
        "#text", "jalan rusak berlubang di jalan mawar rt 02 kelurahan tegalsari sejak minggu lalu"
    )
    kiosk.tap("#composer button[type=submit]")
    wait_bot_count(kiosk, n + 1)
    for _ in range(8):  # whatever is asked next, by touch
        if kiosk.locator("#receipt").is_visible():
            break
        kind = expects(kiosk).get("kind")
        if kind == "location":
            answer_turn(kiosk, lambda: type_on_screen(kiosk, "jalan mawar tegalsari"))
            continue
        assert kind in ("photo", "choice", "yes_no"), kind
        payload = {"photo": "lewati", "yes_no": "tidak"}.get(str(kind))
        slot = expects(kiosk)["slot"]
        payload = {
            "complaint_privacy": "biasa",
            "complaint_confirm": "kirim",
            "complaint_duplicate_choice": "baru",  # (a rerun on the same database)
        }.get(slot, payload)
        button = kiosk.locator(f"#choices button[data-payload='{payload}']")
        answer_turn(kiosk, button.tap)
    expect(kiosk.locator("#receipt")).to_be_visible()
    code = kiosk.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"LPR-\d{4}-\d{6}", code), code
    expect(kiosk.locator("#receipt-title")).to_have_text("Nomor laporan Anda")
    size = kiosk.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('receipt-code')).fontSize)"
    )
    assert size >= 64
    (url,) = read_qr(kiosk)
    assert url.endswith(f"/open311/v2/requests/{code}.json")
    assert httpx.get(url).json()[0]["service_request_id"] == code  # the public status
    # read out character by character
    wait_spoken(kiosk, " ".join(code.split("-")[2]))
    # printing shows the receipt alone, with its QR code
    kiosk.emulate_media(media="print")
    assert kiosk.locator("#receipt").is_visible() and kiosk.locator("#receipt-qr").is_visible()
    for hidden in ("#toolbar", "#controls", "#conversation", "header"):
        assert not kiosk.locator(hidden).is_visible(), hidden
    kiosk.emulate_media(media="screen")
    # a code in a pushed message's words is no receipt: the kiosk reads structured data only
    sid = kiosk.evaluate("window.HaloKiosk.sessionId()")
    push(system, sid, "Info: pemesanan lain BK-7K3M9Q sudah tercatat.")
    kiosk.wait_for_function("() => document.body.innerText.includes('BK-7K3M9Q')")
    expect(kiosk.locator("#receipt-code")).to_have_text(code)
    assert any("L P R" in s["text"] for s in spoken(kiosk))


def test_pushed_message_keeps_the_question_input(kiosk: Page, system: LocalSystem) -> None:
    """An officer's or a status message arriving mid-form leaves the date grid in place."""
    answer_turn(kiosk, lambda: kiosk.tap("#choices button[data-payload='/book_facility']"))
    answer_turn(kiosk, lambda: kiosk.locator("#choices button").first.tap())
    expect(kiosk.locator("#answer[data-kind=date]")).to_be_visible()
    push(system, kiosk.evaluate("HaloKiosk.sessionId()"), "Kantor tutup pukul 15.00 hari ini.")
    kiosk.wait_for_function("() => document.body.innerText.includes('Kantor tutup pukul 15.00')")
    expect(kiosk.locator("#answer[data-kind=date]")).to_be_visible()
    assert expects(kiosk)["kind"] == "date"
    expect(kiosk.locator("#progress-text")).to_have_text("Langkah 2 dari 8")
