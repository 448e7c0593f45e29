"""Giving up and coming back: "ya udah ga jadi deh" stops a form with its answers kept aside;
"eh jadi deh, lanjutin yg tadi" brings them back (bench g-10, g-22 were asked the place, the
day and the time again). A new request drops what was given up."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from actions import booking as act
from actions import complaint as ac
from actions.forms.resume import STOPPED, ActionResumeForm
from tests.actions import booking_helpers as bh
from tests.actions.booking_helpers import pinned_clock  # noqa: F401 (the autouse clock)
from tests.actions.complaint_helpers import run, tracker

ANSWERED = {
    "complaint_category": "ketertiban",
    "complaint_description": "pedagang buka lapak di trotoar",
    "complaint_location": "trotoar jl delima jatisari, Kec. Kota Utara",
    "complaint_photo": "none",
}


async def test_a_complaint_given_up_and_taken_up_again(engine: Engine) -> None:
    stop = tracker("ya udah ga jadi deh", slots={**ANSWERED, "complaint_confirm": "batal"})
    said, slots, _ = await run(ac.ActionComplaintSubmit(), stop)
    assert said == ["utter_complaint_cancelled"]
    assert slots["complaint_location"] is None  # the form's slots are cleared...
    kept = json.loads(slots[STOPPED])  # ...and kept aside
    assert kept["form"] == "complaint_form" and kept["slots"] == ANSWERED
    back = tracker("eh maaf min, jadi deh lapor yg tadi", slots={STOPPED: slots[STOPPED]})
    said, slots, _ = await run(ac.ActionComplaintStart(), back)
    assert said == ["utter_form_resume"]
    assert {k: slots[k] for k in ANSWERED} == ANSWERED and slots[STOPPED] is None
    # a new complaint instead: the one given up stays given up
    other = tracker("lampu jalan mati di jl jati cibening", slots={STOPPED: json.dumps(kept)})
    _, slots, _ = await run(ac.ActionComplaintStart(), other)
    assert slots[STOPPED] is None and slots.get("complaint_category") == "lampu_jalan"


async def test_a_booking_given_up_and_taken_up_again() -> None:
    answered = {
        "booking_facility": "futsal",
        "booking_date": "2026-11-28",
        "booking_time": "20:00",
        "booking_duration": "60",
    }
    msgs, slots = await bh.run(act.ActionBookingStop(), bh.tracker("ya udah ga jadi deh", answered))
    assert bh.responses(msgs) == ["utter_booking_stopped"]
    assert json.loads(slots[STOPPED])["slots"] == answered
    back = bh.tracker("eh jadi deh min, lanjutin yg tadi", {STOPPED: slots[STOPPED]})
    msgs, after = await bh.run(act.ActionBookingReset(), back)
    assert bh.responses(msgs) == ["utter_form_resume"]
    assert {k: after[k] for k in answered} == answered
    # the resume intent itself: the kept form again, or the menu when nothing was kept
    msgs, after = await bh.run(ActionResumeForm(), back)
    assert after["booking_time"] == "20:00"
    msgs, after = await bh.run(ActionResumeForm(), bh.tracker("lanjutin yg tadi", {}))
    assert bh.responses(msgs) == ["utter_resume_nothing"] and after == {}


async def test_a_cancellation_given_up_keeps_the_booking() -> None:
    """'ya sudah nggak jadi' while cancelling is no booking given up: the booking stays,
    and the reply says so instead of 'pemesanan tidak dilanjutkan ... pesan fasilitas'."""
    pending = {"booking_pending": "cancel", "booking_code": "BK-7K3M9Q"}
    msgs, slots = await bh.run(
        act.ActionBookingStop(),
        bh.tracker("ya sudah nggak jadi", pending, loop="cancel_booking_form"),
    )
    assert [m.get("response") for m in msgs] == [None]
    assert "BK-7K3M9Q tetap berlaku" in msgs[0]["text"] and STOPPED not in slots
    # no code given yet ("lupa kodenya", then giving up): nothing was changed
    msgs, _ = await bh.run(
        act.ActionBookingStop(),
        bh.tracker("ya sudah", {"booking_pending": "cancel"}, loop="cancel_booking_form"),
    )
    assert msgs[0]["text"].startswith("Baik, tidak ada yang diubah")
