"""Booking form with a real SQLite database and a pinned clock (Monday 23 November 2026,
10.00 WIB): slot extraction from free text, validation and its wording, stopping, buttons.
Availability, commit and changes of a booking: test_booking_commit.py."""

from __future__ import annotations

from datetime import time

import pytest

from actions import booking as act
from app.services import bookings as svc
from app.services.dates_id import local
from tests.actions.booking_helpers import (
    SAT,
    pinned_clock,  # noqa: F401 (the autouse clock)
    responses,
    run,
    tracker,
)
from tests.booking_writes import FACILITIES


async def test_one_sentence_fills_many_slots():
    msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker("mau pesan lapangan tenis b sabtu jam 8 pagi 2 jam untuk 3 orang"),
    )
    assert msgs == []
    assert slots["booking_facility"] == "tenis-b"
    assert slots["booking_date"] == "2026-11-28"
    assert slots["booking_time"] == "08:00"
    assert slots["booking_duration"] == "120"
    assert slots["booking_people"] == "3"


async def test_a_name_given_in_passing_is_kept():
    """'saya Pak Harjo mau pinjam ...' names the booker: the name question is not asked
    later; a possessive ('anak saya Mas Budi') or a plain 'saya mau' names nobody."""
    _, slots = await run(
        act.ValidateBookingForm(),
        tracker("selamat pagi, saya pak harjo mau pesan lapangan tenis b sabtu jam 8"),
    )
    assert slots["booking_name"] == "Pak Harjo"
    for text in (
        "anak saya mas budi mau pesan lapangan tenis b",
        "saya mau pesan lapangan tenis b",
    ):
        _, slots = await run(act.ValidateBookingForm(), tracker(text))
        assert slots.get("booking_name") is None, text


async def test_kind_only_asks_which_facility():
    msgs, slots = await run(act.ValidateBookingForm(), tracker("mau pesan lapangan tenis"))
    assert responses(msgs) == ["utter_booking_which_facility"]
    assert [b["payload"] for b in msgs[0]["buttons"]] == [
        "Lapangan Tenis A (Taman Kota)",
        "Lapangan Tenis B (Taman Kota)",
    ]
    assert slots["booking_facility"] is None


async def test_which_facility_is_asked_once_per_turn():
    # "mo pesen lapangan tenis bsk jm 8": validation asked "which one?" with the two courts;
    # the form's own facility question must not follow with every facility.
    trk = tracker("mo pesen lapangan tenis bsk jm 8", requested="booking_facility")
    trk.events = [
        {"event": "user", "text": "mo pesen lapangan tenis bsk jm 8"},
        {
            "event": "bot",
            "text": "Ada beberapa pilihan.",
            "metadata": {"utter_action": "utter_booking_which_facility"},
        },
    ]
    msgs, _ = await run(act.ActionAskBookingFacility(), trk)
    assert msgs == []
    trk.events = trk.events[:1]
    msgs, _ = await run(act.ActionAskBookingFacility(), trk)
    assert responses(msgs) == ["utter_ask_booking_facility"]


@pytest.mark.parametrize(
    ("text", "requested", "given", "response", "cleared"),
    [
        ("31 Februari", "booking_date", {}, "utter_booking_err_date_invalid", "booking_date"),
        ("kemarin", "booking_date", {}, "utter_booking_err_date_past", "booking_date"),
        (
            "jam 11 malam",
            "booking_time",
            {"booking_date": "2026-11-28"},
            "utter_booking_err_outside_hours",
            "booking_time",
        ),
        (
            "jam 5 pagi",
            "booking_time",
            {"booking_date": "2026-11-28"},
            "utter_booking_err_outside_hours",
            "booking_time",
        ),
        (
            "3 jam",
            "booking_duration",
            {"booking_date": "2026-11-28", "booking_time": "08:00"},
            "utter_booking_err_duration_out_of_range",
            "booking_duration",
        ),
        (
            "9 orang",
            "booking_people",
            {"booking_date": "2026-11-28", "booking_time": "08:00"},
            "utter_booking_err_over_capacity",
            "booking_people",
        ),
        (
            "kolam renang",
            "booking_facility",
            {"booking_facility": None},
            "utter_booking_err_facility_unknown",
            "booking_facility",
        ),
        ("12345", "booking_phone", {}, "utter_booking_err_phone_invalid", "booking_phone"),
    ],
)
async def test_bad_input_explained_and_the_rest_kept(text, requested, given, response, cleared):
    slots_before = {"booking_facility": "tenis-a", **given}
    msgs, slots = await run(
        act.ValidateBookingForm(), tracker(text, slots_before, requested=requested)
    )
    assert response in responses(msgs)
    assert slots[cleared] is None
    kept = {k: v for k, v in slots_before.items() if k != cleared}
    assert all(slots.get(k, v) == v for k, v in kept.items())  # nothing else lost


async def test_date_message_wording():
    msgs, _ = await run(
        act.ValidateBookingForm(),
        tracker("31 Februari", {"booking_facility": "tenis-a"}, requested="booking_date"),
    )
    assert msgs[0]["day"] == "31" and msgs[0]["month"] == "Februari"
    assert msgs[0]["last_day"] == "28"


async def test_closed_day_explained():
    msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker(
            "tanggal 25 Desember", {"booking_facility": "aula-kecamatan"}, requested="booking_date"
        ),
    )
    assert responses(msgs) == ["utter_booking_err_closed_day"]
    assert "Natal" in msgs[0]["reason"] and slots["booking_date"] is None


async def test_stopping_is_no_answer_and_ends_the_form():
    _msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker(
            "tidak jadi", {"booking_facility": "tenis-a"}, requested="booking_name", intent="deny"
        ),
    )
    assert "booking_name" not in slots  # not taken as a name
    # the form ends; action_booking_commit (the form-answered rule) sees "tidak" and stops
    assert slots["booking_confirm"] == "tidak" and slots["requested_slot"] is None


async def test_button_fills_facility_date_time():
    payload = act.slot_payload(svc.facility_or_error(FACILITIES, "futsal"), local(SAT, time(19)))
    entities = [{"entity": "booking_slot", "value": "futsal 2026-11-28 19:00"}]
    _msgs, slots = await run(act.ValidateBookingForm(), tracker(payload, entities=entities))
    assert (slots["booking_facility"], slots["booking_date"], slots["booking_time"]) == (
        "futsal",
        "2026-11-28",
        "19:00",
    )
