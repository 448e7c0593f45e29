"""Bookings in natural speech (topic bookings6): the booking form left for a question ("ga jd,
mau nanya dulu", "nanti aja deh, saya mau tanya sesuatu"): nothing booked, the answers kept
aside for "lanjut pesan", the question answered when it is in the same message, else asked
for; a wish to ask alone is still an aside answered in the form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import booking as bk
from actions.booking.common import ASKING
from actions.forms import resume
from core.lang.leaving import leaves_to_ask
from tests.actions.booking_helpers import DOMAIN, SAT, pinned_clock, run, tracker  # noqa: F401

FUTSAL_SAT = {
    "booking_facility": "futsal",
    "booking_date": SAT.isoformat(),
    "booking_time": "19:00",
    "booking_duration": "60",
}


def said(msgs: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("text") or "") for m in msgs)


# ---- the words


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("ga jd, mau nanya dulu", ""),
        ("nanti aja deh, saya mau tanya sesuatu", ""),
        ("ntar dulu deh, aku mo nanya dl", ""),
        ("tunda dulu ya, ada yang mau saya tanyakan", ""),
        ("eh ga jd dl min, mau nanya dulu. bayarnya dmn ya?", "bayarnya dimana ya"),
    ],
)
def test_leaving_to_ask(text: str, question: str) -> None:
    assert leaves_to_ask(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "mau tanya, bayar ga?",  # an aside: answered in the form
        "gak jadi deh",  # a stop, no question
        "nanti saja jam 5",  # a time
        "sabtu aja, nanti saya mau tanya ke pak RT dulu",
        "mau tanya kalau ga jadi kena denda?",  # the question is about not going
        "",
    ],
)
def test_not_leaving_to_ask(text: str) -> None:
    assert leaves_to_ask(text) is None


# ---- the form


async def test_leaving_without_a_question_asks_for_it_and_keeps_the_answers() -> None:
    trk = tracker("nanti aja deh, saya mau tanya sesuatu", FUTSAL_SAT, requested="booking_people")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    text = said(msgs)
    assert "Lapangan Futsal Taman Kota" in text and "lanjut pesan" in text
    assert msgs[-1]["text"] == "Silakan tulis pertanyaan Anda."
    assert slots == {"booking_confirm": ASKING, "requested_slot": None}
    # the form ends; the stop keeps the answers aside without a second message
    stopped = tracker("", {**FUTSAL_SAT, "booking_confirm": ASKING, "booking_pending": "book"})
    dispatcher = CollectingDispatcher()
    events = await bk.ActionBookingCommit().run(dispatcher, stopped, DOMAIN)
    assert dispatcher.messages == []
    kept = next(e["value"] for e in events if e.get("name") == resume.STOPPED)
    assert json.loads(kept)["slots"] == FUTSAL_SAT
    assert not any(e.get("event") == "booking" for e in events)


async def test_the_question_in_the_same_message_is_answered() -> None:
    text = "eh ga jd dl min, mau nanya dulu. bayarnya dmn ya?"
    trk = tracker(text, FUTSAL_SAT, requested="booking_people", intent="faq")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    answer = said(msgs).lower()
    assert "loket" in answer and "75.000" in answer
    assert "silakan tulis pertanyaan" not in answer
    assert slots["booking_confirm"] == ASKING and slots["requested_slot"] is None
    assert "booking_people" not in slots  # nothing of it taken for the booking


async def test_coming_back_restores_the_answers() -> None:
    kept = json.dumps({"form": "booking_form", "slots": FUTSAL_SAT})
    back = tracker("oke min lanjut booking futsal yg tadi ya", {resume.STOPPED: kept}, loop=None)
    _msgs, slots = await run(bk.ActionBookingReset(), back)
    assert {k: slots[k] for k in FUTSAL_SAT} == FUTSAL_SAT


async def test_an_aside_with_a_wish_to_ask_stays_in_the_form() -> None:
    trk = tracker("mau tanya, bayar ga?", FUTSAL_SAT, requested="booking_people", intent="faq")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert "Biaya" in said(msgs)
    assert slots.get("booking_confirm") != ASKING and "requested_slot" not in slots


async def test_a_plain_stop_still_says_it_stopped() -> None:
    trk = tracker("gak jadi deh", FUTSAL_SAT, requested="booking_people")
    _, slots = await run(bk.ValidateBookingForm(), trk)
    assert slots["booking_confirm"] == "tidak"
    stopped = tracker("", {**FUTSAL_SAT, "booking_confirm": "tidak", "booking_pending": "book"})
    dispatcher = CollectingDispatcher()
    await bk.ActionBookingCommit().run(dispatcher, stopped, DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_booking_stopped"]


async def test_the_summary_is_no_place_to_leave_from_a_cancel() -> None:
    # the cancel form is not left this way: "ga jd, mau nanya dulu" there is the shared form's
    trk = tracker(
        "ga jd, mau nanya dulu", {"booking_pending": "cancel"}, requested="booking_code",
        loop="cancel_booking_form",
    )  # fmt: skip
    _msgs, slots = await run(bk.ValidateCancelBookingForm(), trk)
    assert slots.get("booking_confirm") != ASKING


# ---- long stays (clock: Monday 23 November 2026, 10.00)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("aula tanggal 30 sampai 2 desember", None),  # no day after the first: not read
        ("tanggal 14 sampai 16 Desember, dari jam 8 sampai jam 4", ("2026-12-14", "2026-12-16")),
        ("tgl 1-3 desember", ("2026-12-01", "2026-12-03")),
        ("senin sampai rabu minggu depan", ("2026-11-30", "2026-12-02")),
        ("3 hari berturut-turut mulai tanggal 7 desember", ("2026-12-07", "2026-12-09")),
        ("sabtu jam 9-11", None),
        ("besok 2 hari lagi", None),
    ],
)
def test_several_days(text: str, span: tuple[str, str] | None) -> None:
    from datetime import date

    from core.lang.stay import days_span

    found = days_span(text, date(2026, 11, 23))
    assert (found and (found[0].isoformat(), found[1].isoformat())) == span


def test_a_span_of_days_is_not_a_span_of_hours() -> None:
    from datetime import time

    from core.lang.when import find_time

    found = find_time("tanggal 14 sampai 16 Desember, dari jam 8 sampai jam 4")
    assert found is not None and (found.at, found.end) == (time(8), time(16))
    sunda = find_time("ti jam 8 enjing dugi ka jam 12")
    assert sunda is not None and (sunda.at, sunda.end) == (time(8), time(12))


async def test_the_whole_day_is_opening_to_closing() -> None:
    text = "mau pinjem aula kecamatan sabtu depan seharian buat syukuran, 60 orang"
    msgs, slots = await run(bk.ValidateBookingForm(), tracker(text))
    assert slots["booking_date"] == "2026-12-05"
    assert (slots["booking_time"], slots["booking_duration"]) == ("08:00", "360")  # 08-14
    assert "08.00-14.00" in said(msgs)


async def test_the_whole_day_longer_than_a_booking_says_the_longest() -> None:
    text = "futsal sabtu depan seharian"
    msgs, slots = await run(bk.ValidateBookingForm(), tracker(text))
    assert (slots["booking_time"], slots["booking_duration"]) == ("06:00", "120")
    assert "paling lama 2 jam" in said(msgs)


async def test_the_whole_day_said_to_the_time_question() -> None:
    base = {"booking_facility": "aula-kecamatan", "booking_date": "2026-12-04"}  # a Friday
    msgs, slots = await run(
        bk.ValidateBookingForm(), tracker("seharian aja", base, requested="booking_time")
    )
    assert (slots["booking_time"], slots["booking_duration"]) == ("08:00", "480")
    assert "belum saya pahami" not in said(msgs)


async def test_several_days_book_the_first_and_name_the_others() -> None:
    text = "mau pinjam aula kecamatan tanggal 1 sampai 3 Desember dari jam 8 sampai jam 4"
    msgs, slots = await run(bk.ValidateBookingForm(), tracker(text))
    assert slots["booking_date"] == "2026-12-01"
    assert (slots["booking_time"], slots["booking_duration"]) == ("08:00", "480")
    text = said(msgs)
    assert "satu hari" in text and "Rabu, 2 Desember 2026" in text and "3 Desember" in text


# ---- a loosely named place, a question about food


def test_a_facility_typed_fast_is_found() -> None:
    from tests.booking_writes import FACILITIES

    assert [f.id for f in FACILITIES.match("mau bokking lpangan fustal besk")] == ["futsal"]
    assert FACILITIES.match("kalau lapangan basket ada?") == []


async def test_food_asked_mid_booking_gets_the_house_rules() -> None:
    melati = {"booking_facility": "perpus-rapat-1", "booking_date": "2026-12-01"}
    trk = tracker("oh iya boleh bawa makanan ga ke ruangannya?", melati, requested="booking_people")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert "Dilarang makan" in said(msgs)
    assert slots.get("booking_people") is None


async def test_coming_back_does_not_read_the_message_again() -> None:
    # "sekarang" was read as today's date and replaced the day given (bench t-02)
    restored = {**FUTSAL_SAT, "booking_facility": "aula-kecamatan", "booking_time": "13:00"}
    text = "baik terima kasih, sekarang saya lanjutkan pinjam aula yang tadi"
    msgs, slots = await run(bk.ValidateBookingForm(), tracker(text, restored))
    assert slots == {} and msgs == []
    # a number said with it is still read: "lanjut yang tadi, jam 10 pagi aja"
    _, slots = await run(
        bk.ValidateBookingForm(), tracker("lanjut yang tadi, jam 10 pagi aja", restored)
    )
    assert slots.get("booking_time") == "10:00"


# ---- availability questions


async def test_a_taken_hour_offers_the_free_times_nearest_to_it(engine) -> None:
    # bench t-12: "futsal sabtu ini jam 4 sore kosong?" with 16.00 taken listed 06.00-13.00
    from datetime import time

    from app.services import bookings as svc
    from app.services.dates_id import local
    from tests.actions.booking_helpers import NOW
    from tests.booking_writes import FACILITIES, committed

    committed(
        engine, svc.book, FACILITIES, facility_id="futsal", start=local(SAT, time(16)),
        minutes=60, people=10, name="A", phone="081200000016", owner_id="web:other", now=NOW,
    )  # fmt: skip
    text = "lapangan futsal sabtu jam 4 sore kosong ga?"
    msgs, _ = await run(bk.ActionCheckAvailability(), tracker(text, loop=None))
    titles = [b["title"] for b in msgs[0]["buttons"]]
    assert "16.00" not in titles and {"15.00", "17.00"} <= set(titles) and "06.00" not in titles


async def test_a_day_beyond_the_horizon_is_said_to_be_too_far() -> None:
    # "futsal tgl 3" on 23 November is 3 December, within 14 days; "tgl 20 desember" is not
    msgs, _ = await run(
        bk.ActionCheckAvailability(), tracker("futsal tgl 20 desember msh ada?", loop=None)
    )
    assert [m.get("response") for m in msgs] == ["utter_booking_err_too_far"]
    assert msgs[0]["days"] == 14
