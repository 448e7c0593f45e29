"""A question about the report itself in the middle of the complaint form ("berapa lama
diprosesnya?", "bayar gak?"): answered, the question asked again, nothing else touched
(actions/complaint/about.py; bench w-06, w-07)."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions import complaint as ac
from tests.actions.complaint_helpers import DOMAIN, FILLED, answer, tracker

BEFORE_CONTACT = {k: FILLED[k] for k in list(FILLED)[:6]}  # up to the privacy
BEFORE_PHOTO = {k: FILLED[k] for k in list(FILLED)[:4]}


async def said_text(slot: str, text: str, slots: dict[str, Any]) -> str:
    dispatcher = CollectingDispatcher()
    await ac.ValidateComplaintForm().run(
        dispatcher, tracker(text, slots=slots, requested=slot), DOMAIN
    )
    return " ".join(str(m.get("text") or "") for m in dispatcher.messages)


async def test_how_long_at_the_contact_question_is_answered_not_a_yes(engine: Engine) -> None:
    question = "oh ya, biasanya berapa lama diprosesnya?"
    said, slots, _ = await answer("complaint_contact_ok", question, slots=BEFORE_CONTACT)
    assert said == [None, "utter_form_resume"]
    assert slots == {"complaint_contact_ok": None}  # no yes, no phone asked next
    # the category's target: lampu_jalan goes to Dinas Perhubungan, 3 working days
    text = await said_text("complaint_contact_ok", question, BEFORE_CONTACT)
    assert "Dinas Perhubungan" in text and "3 hari kerja" in text


async def test_is_it_free_at_the_photo_question_keeps_the_description(engine: Engine) -> None:
    said, slots, _ = await answer(
        "complaint_photo", "eh ini lapor gini bayar gk min", slots=BEFORE_PHOTO
    )
    assert said == [None, "utter_form_resume"]
    assert slots == {"complaint_photo": None}  # no description added, no failed answer
    assert "gratis" in await said_text("complaint_photo", "ini gratis kan?", BEFORE_PHOTO)


async def test_the_problem_with_a_question_is_still_the_description(engine: Engine) -> None:
    said, slots, _ = await answer(
        "complaint_description",
        "jalan di depan rumah saya rusak parah, kapan diperbaiki?",
        slots={"complaint_category": "jalan_rusak"},
    )
    assert "utter_form_resume" not in said
    assert str(slots.get("complaint_description")).startswith("jalan di depan rumah")


async def test_a_question_about_another_matter_goes_to_the_knowledge_base(engine: Engine) -> None:
    # bench c-jalan-06: "bayar pbb bisa di mana ya?" at the privacy question got "Melapor ...
    # gratis"; a question naming another matter is not about the report
    for question in ("oh iya sekalian, bayar pbb bisa di mana ya?", "kalau bikin sim bayar nggak?"):
        text = await said_text("complaint_privacy", question, BEFORE_PHOTO)
        assert "Melapor lewat Halo Warga gratis" not in text and "hari kerja" not in text
