"""Booking actions with a real SQLite database and a pinned clock (Monday 23 November
2026, 10.00 WIB): slot extraction from free text, validation, the checks of the whole
combination, availability buttons, commit (won and lost races), cancel by code."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import booking as act
from actions import context as action_context
from actions.booking.asking import ActionAskBookingTime
from app.services import bookings as svc
from app.services.dates_id import TZ, local
from tests.booking_writes import FACILITIES, committed

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
SAT = date(2026, 11, 28)
DOMAIN = yaml.safe_load(Path("bot/domain/booking.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch, engine):
    monkeypatch.setattr(action_context.get(), "clock", lambda: NOW)


def tracker(
    text: str,
    slots: dict | None = None,
    *,
    requested: str | None = None,
    intent: str = "book_facility",
    entities: list | None = None,
    sender: str = "web:warga1",
    loop: str | None = "booking_form",
) -> Tracker:
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {})
    values["requested_slot"] = requested
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": entities or [],
    }
    return Tracker(
        sender, values, latest, [], False, None, {"name": loop} if loop else {}, "action_listen"
    )


async def run(action, trk: Tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots


def responses(messages) -> list[str]:
    return [m["response"] for m in messages]


FULL = {
    "booking_facility": "tenis-a",
    "booking_date": "2026-11-28",
    "booking_time": "08:00",
    "booking_duration": "60",
    "booking_people": "2",
    "booking_name": "Siti Aminah",
    "booking_phone": "081234567890",
}


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


async def test_taken_time_offers_free_times_as_buttons(engine):
    committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:other",
        now=NOW,
    )
    msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker(
            "jam 8 pagi",
            {"booking_facility": "tenis-a", "booking_date": "2026-11-28"},
            requested="booking_time",
        ),
    )
    assert responses(msgs) == ["utter_booking_err_slot_busy"]
    titles = [b["title"] for b in msgs[0]["buttons"]]
    assert "08.00" not in titles and "09.00" in titles
    assert slots["booking_time"] is None


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


async def test_availability_saturday_morning(engine):
    committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-b",
        start=local(SAT, time(7)),
        minutes=120,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:other",
        now=NOW,
    )
    msgs, _ = await run(
        act.ActionCheckAvailability(),
        tracker("ada lapangan tenis kosong sabtu pagi?", intent="check_availability", loop=None),
    )
    assert responses(msgs) == ["utter_booking_availability"] * 2
    a, b = (
        [
            json.loads(x["payload"].removeprefix("/book_facility"))["booking_slot"]
            for x in m["buttons"]
        ]
        for m in msgs
    )
    assert a == [f"tenis-a 2026-11-28 {h:02d}:00" for h in (6, 7, 8, 9, 10)]
    assert b == [f"tenis-b 2026-11-28 {h:02d}:00" for h in (6, 9, 10)]
    assert msgs[0]["date"] == "Sabtu, 28 November 2026"


async def test_button_fills_facility_date_time():
    payload = act.slot_payload(svc.facility_or_error(FACILITIES, "futsal"), local(SAT, time(19)))
    entities = [{"entity": "booking_slot", "value": "futsal 2026-11-28 19:00"}]
    _msgs, slots = await run(act.ValidateBookingForm(), tracker(payload, entities=entities))
    assert (slots["booking_facility"], slots["booking_date"], slots["booking_time"]) == (
        "futsal",
        "2026-11-28",
        "19:00",
    )


async def test_commit_books_and_gives_code_and_calendar(engine):
    msgs, slots = await run(
        act.ActionBookingCommit(),
        tracker("ya", {**FULL, "booking_pending": "book"}, intent="affirm", loop=None),
    )
    assert responses(msgs) == ["utter_booking_confirmed"]
    code = msgs[0]["code"]
    assert code.startswith("BK-") and msgs[0]["ics_url"].startswith(f"/api/bookings/{code}.ics")
    assert slots["booking_facility"] is None and slots["booking_pending"] is None
    assert "booking_name" not in slots  # name and phone kept for the next booking


async def test_commit_race_lost_offers_next_free_slots(engine):
    committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:fast",
        now=NOW,
    )
    msgs, slots = await run(
        act.ActionBookingCommit(),
        tracker("ya", {**FULL, "booking_pending": "book"}, intent="affirm", loop=None),
    )
    assert responses(msgs) == ["utter_booking_err_slot_taken"]
    assert [b["title"] for b in msgs[0]["buttons"]] == [
        "Sabtu, 28 November 2026 09.00",
        "Sabtu, 28 November 2026 10.00",
        "Sabtu, 28 November 2026 11.00",
    ]
    assert slots["booking_time"] is None and "booking_people" not in slots


async def test_cancel_someone_elses_booking_refused(engine):
    booking = committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:owner",
        now=NOW,
    )
    msgs, slots = await run(
        act.ValidateCancelBookingForm(),
        tracker(
            f"batalkan {booking.code}",
            intent="cancel_booking",
            sender="web:stranger",
            loop="cancel_booking_form",
        ),
    )
    assert responses(msgs) == ["utter_booking_err_not_owner"]
    assert slots["booking_code"] is None
    msgs, slots = await run(
        act.ValidateCancelBookingForm(),
        tracker(
            f"batalkan {booking.code.lower()}",
            intent="cancel_booking",
            sender="web:owner",
            loop="cancel_booking_form",
        ),
    )
    assert msgs == [] and slots["booking_code"] == booking.code


async def test_reschedule_keeps_own_booking_out_of_the_way(engine):
    booking = committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=120,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:owner",
        now=NOW,
    )
    msgs, slots = await run(
        act.ValidateRescheduleBookingForm(),
        tracker(
            "jam 9 pagi",
            {"booking_code": booking.code, "booking_date": "2026-11-28"},
            requested="booking_time",
            intent="reschedule_booking",
            sender="web:owner",
            loop="reschedule_booking_form",
        ),
    )
    assert msgs == [] and slots["booking_time"] == "09:00"  # overlaps only itself
    msgs, slots = await run(
        act.ValidateRescheduleBookingForm(),
        tracker(
            "jam 9 malam",
            {"booking_code": booking.code, "booking_date": "2026-11-28"},
            requested="booking_time",
            intent="reschedule_booking",
            sender="web:owner",
            loop="reschedule_booking_form",
        ),
    )
    assert responses(msgs) == ["utter_booking_err_outside_hours"]  # 2 hours from 21.00


async def test_a_full_day_asks_for_another_day_with_buttons(engine):
    # every hour of Tuesday taken: the next answer ("rabu saja") is read as a day, not as a
    # time, and the days offered all have free times
    tuesday = date(2026, 11, 24)
    for hour in range(6, 22):
        committed(
            engine,
            svc.book,
            FACILITIES,
            facility_id="tenis-a",
            start=local(tuesday, time(hour)),
            minutes=60,
            people=2,
            name="A",
            phone=f"08120000{hour:02d}",
            owner_id=f"web:other{hour}",
            now=NOW,
        )
    trk = tracker(
        "selasa",
        {"booking_facility": "tenis-a", "booking_date": "2026-11-24"},
        requested="booking_time",
    )
    msgs, slots = await run(ActionAskBookingTime(), trk)
    assert responses(msgs) == ["utter_booking_day_full"]
    days = [b["payload"] for b in msgs[0]["buttons"]]
    assert days[0] == "2026-11-23" and "2026-11-24" not in days and len(days) == 4
    assert msgs[0]["custom"]["expects"]["slot"] == "booking_date"
    assert slots == {"booking_date": None, "requested_slot": "booking_date"}
