"""Structured prompts (actions/forms/prompts.py): every form question carries what it expects
(kind, the offered buttons, bounds) and where the form is; filed complaints and bookings carry
a receipt. Real actions, real domain, real SQLite, pinned clock."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions import booking as bk
from actions import complaint as ac
from actions.booking import asking as booking_asking
from actions.booking import common as booking_common
from actions.complaint import asking as complaint_asking
from actions.forms import prompts
from tests.actions.complaint_helpers import FILLED
from tests.actions.test_form_principles import (  # the pinned clock: a Monday
    BOOKING,
    DOMAIN,
    pinned_clock,  # noqa: F401
    tracker,
)

pytestmark = pytest.mark.usefixtures("engine")


async def said(action: Any, t: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher.messages, events


def test_every_form_slot_has_a_known_kind() -> None:
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            assert prompts.table()[slot]["kind"] in prompts.KINDS, (form, slot)


async def test_date_question_expects_a_date_with_free_days_and_bounds() -> None:
    t = tracker("", {"booking_facility": "tenis-a"}, "booking_date", loop="booking_form")
    messages, _ = await said(booking_asking.ActionAskBookingDate(), t)
    assert len(messages) == 1
    custom = messages[0]["custom"]
    expects = custom["expects"]
    assert expects["kind"] == "date" and expects["slot"] == "booking_date"
    # the options are the question's own buttons (days with free times), text unchanged
    assert expects["options"] == messages[0]["buttons"] and len(expects["options"]) == 4
    assert (
        expects["min"] == booking_common.now().date().isoformat()
        and expects["max"] > expects["min"]
    )
    assert custom["progress"] == {"step": 2, "of": 8}
    assert messages[0]["response"] == "utter_ask_booking_date"


async def test_time_question_lists_free_starts_and_opening_hours() -> None:
    t = tracker("", BOOKING, "booking_time", loop="booking_form")
    messages, _ = await said(booking_asking.ActionAskBookingTime(), t)
    expects = messages[-1]["custom"]["expects"]
    assert expects["kind"] == "time"
    assert [o["title"] for o in expects["options"]] == [b["title"] for b in messages[-1]["buttons"]]
    assert expects["min"] < expects["max"] and expects["step_minutes"] > 0
    assert messages[-1]["custom"]["progress"] == {"step": 3, "of": 8}


async def test_people_question_is_a_number_up_to_the_capacity() -> None:
    t = tracker("", BOOKING, "booking_people", loop="booking_form")
    messages, _ = await said(booking_asking.ActionAskBookingPeople(), t)
    expects = messages[-1]["custom"]["expects"]
    assert expects["kind"] == "number" and expects["min"] == 1 and expects["max"] >= 2
    assert expects["options"] == []


async def test_second_asking_carries_the_prompt_too() -> None:
    """A reply that does not answer: the one message with the reason and the question has
    the prompt (the kiosk keeps its keypad)."""
    slots = {**BOOKING, "booking_time": "09:00", "booking_duration": 60}
    t = tracker("banyak sekali", slots, "booking_people", loop="booking_form")
    messages, _ = await said(bk.ValidateBookingForm(), t)
    assert messages, messages
    expects = messages[-1]["custom"]["expects"]
    assert expects["kind"] == "number" and expects["slot"] == "booking_people"
    assert expects["max"] >= 2


async def test_question_inside_a_step_counts_as_that_step() -> None:
    slots = {**FILLED, "complaint_contact_ok": "ya", "complaint_confirm": None}
    t = tracker("", slots, "complaint_phone", loop="complaint_form")
    messages, _ = await said(complaint_asking.AskAction_complaint_phone(), t)
    custom = messages[-1]["custom"]
    assert custom["expects"]["kind"] == "phone"
    assert custom["progress"] == {"step": 6, "of": 7}  # the step of "may we call you?"


async def test_yes_no_and_choice_questions_offer_their_buttons() -> None:
    t = tracker("", FILLED, "complaint_contact_ok", loop="complaint_form")
    messages, _ = await said(complaint_asking.AskAction_complaint_contact_ok(), t)
    expects = messages[-1]["custom"]["expects"]
    assert expects["kind"] == "yes_no"
    assert [o["payload"] for o in expects["options"]] == ["ya", "tidak"]
    t = tracker("", FILLED, "complaint_category", loop="complaint_form")
    messages, _ = await said(complaint_asking.AskAction_complaint_category(), t)
    expects = messages[-1]["custom"]["expects"]
    assert expects["kind"] == "choice" and expects["free"] is True
    assert len(expects["options"]) == len(
        DOMAIN["responses"]["utter_ask_complaint_category"][0]["buttons"]
    )


async def test_no_prompt_outside_a_form_step_table() -> None:
    assert prompts.prompt("not_a_form_slot", tracker("", {}, "x", loop="booking_form"), {}) is None


async def test_filed_complaint_carries_a_receipt(engine: Engine) -> None:
    t = tracker("kirim", FILLED, "complaint_confirm", loop="complaint_form")
    messages, _ = await said(ac.ActionComplaintSubmit(), t)
    receipt = messages[-1]["custom"]["receipt"]
    assert receipt["kind"] == "complaint"
    assert receipt["code"].startswith("LPR-") and receipt["code"] in receipt["tracking_url"]
    assert receipt["tracking_url"].endswith(f"/open311/v2/requests/{receipt['code']}.json")


async def test_secret_complaint_has_no_public_tracking_link(engine: Engine) -> None:
    slots = {**FILLED, "complaint_privacy": "rahasia"}
    messages, _ = await said(ac.ActionComplaintSubmit(), tracker("kirim", slots, "x", loop=""))
    receipt = messages[-1]["custom"]["receipt"]
    assert receipt["code"].startswith("LPR-") and receipt["tracking_url"] is None


async def test_booking_carries_a_receipt_with_the_calendar_link() -> None:
    slots = {
        **BOOKING,
        "booking_time": "09:00",
        "booking_duration": 60,
        "booking_people": 2,
        "booking_name": "Siti Aminah",
        "booking_phone": "081234567890",
        "booking_confirm": "ya",
        "booking_pending": "book",
    }
    messages, _ = await said(bk.ActionBookingCommit(), tracker("ya", slots, "x", loop=""))
    receipt = messages[-1]["custom"]["receipt"]
    assert receipt["kind"] == "booking" and receipt["code"].startswith("BK-")
    assert f"/api/bookings/{receipt['code']}.ics?t=" in receipt["tracking_url"]
