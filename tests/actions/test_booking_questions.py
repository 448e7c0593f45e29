"""A question about the facility mid-booking is answered from its data, then the form's
question comes back (bench f-15 'sewanya berapa ya per jam?', f-16 'syaratnya apa saja?')."""

from __future__ import annotations

from actions import booking as act
from actions.booking.questions import facility_answer
from tests.actions.booking_helpers import pinned_clock, run, tracker  # noqa: F401 (autouse)
from tests.booking_writes import FACILITIES as FACS


def test_fee_and_rules_questions_only() -> None:
    tenis = FACS.get("tenis-b")
    assert tenis is not None
    fee = facility_answer("eh bentar, sewanya berapa ya per jam?", tenis)
    assert fee is not None and "Rp50.000 per jam" in fee
    rules = facility_answer("nak, syaratnya apa saja ya untuk meminjam ruangan itu?", tenis)
    assert rules is not None and "sepatu tenis" in rules.lower() and "Rp50.000" in rules
    assert facility_answer("sewa 2 jam", tenis) is None  # no question
    assert facility_answer("jam berapa ya?", tenis) is None  # not about fee or rules


async def test_the_question_is_answered_and_the_date_asked_again(engine) -> None:
    msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker(
            "eh bentar, sewanya berapa ya per jam?",
            {"booking_facility": "tenis-b"},
            requested="booking_date",
            intent="faq",
        ),
    )
    assert "Rp50.000 per jam" in msgs[0]["text"]
    assert msgs[1]["response"] == "utter_form_resume"
    assert slots["booking_date"] is None


async def test_a_question_the_knowledge_base_answers_goes_there(engine) -> None:
    # bench b-tenis-07: "parkir di sana bayar berapa ya?" is about parking, not the court's fee
    from tests.actions.test_inquiry import parse

    text = "eh iya, parkir di sana bayar berapa ya?"
    asked = tracker(
        text,
        {"booking_facility": "tenis-b", "booking_date": "2026-11-28"},
        requested="booking_duration",
        intent="faq",
    )
    asked.latest_message = parse(text, ranking=[("parkir", 0.95)])
    msgs, _ = await run(act.ValidateBookingForm(), asked)
    assert not any("Rp50.000" in str(m.get("text")) for m in msgs)
    assert msgs[-1]["response"] == "utter_form_resume"


async def test_a_question_at_the_name_is_no_name_and_where_to_pay_is_answered(engine) -> None:
    # bench w-23: "nanti bayarnya di mana ya?" was taken as the name of the booking
    asked = {"booking_facility": "gor", "booking_date": "2026-12-14", "booking_time": "08:00"}
    msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker("maaf sebelumnya, nanti bayarnya di mana ya?", asked, requested="booking_name"),
    )
    assert slots["booking_name"] is None
    assert "Rp250.000 per jam" in msgs[0]["text"] and "loket" in msgs[0]["text"]
    assert msgs[1]["response"] == "utter_form_resume"
    # a name with a word that asks is still a name
    _, slots = await run(
        act.ValidateBookingForm(),
        tracker("Komunitas Info Warga", asked, requested="booking_name"),
    )
    assert slots["booking_name"] == "Komunitas Info Warga"
