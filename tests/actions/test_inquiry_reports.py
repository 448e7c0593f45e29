"""A problem at a street, classified as a question, is a report (bench w-03: "INI GIMANA
SIH!!! SAMPAH DI JL ASOKA KEBONSARI UDAH 2 MINGGU GA DIANGKUT, ... KERJANYA APA???" got the
rubbish collection schedule, and the street was asked again in the complaint that followed)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions.inquiry import ActionAnswerFaq
from tests.actions.test_inquiry import parse, run_events, tracker

pytestmark = pytest.mark.usefixtures("engine")
ANGRY = (
    "INI GIMANA SIH!!! SAMPAH DI JL ASOKA KEBONSARI UDAH 2 MINGGU GA DIANGKUT, BAU BANGET,"
    " PEMERINTAH KERJANYA APA???"
)


async def test_a_problem_at_a_street_starts_the_complaint() -> None:
    msg = parse(ANGRY, ranking=[("jadwal_sampah", 0.9)])
    msgs, events = await run_events(ActionAnswerFaq(), tracker(msg))
    assert FollowupAction("complaint_form") in events
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_category"] == "sampah"
    assert slots["complaint_location"].startswith("JL ASOKA KEBONSARI")
    assert not any("diangkut dari TPS" in str(m.get("text")) for m in msgs)


@pytest.mark.parametrize(
    "text",
    [
        "jadwal angkut sampah di jl asoka kebonsari kapan ya?",  # no problem named
        "sampah di rumah saya tidak diangkut, gimana?",  # no place one can find
    ],
)
async def test_a_question_or_a_vague_place_is_answered_as_before(text: str) -> None:
    _, events = await run_events(
        ActionAnswerFaq(), tracker(parse(text, ranking=[("jadwal_sampah", 0.9)]))
    )
    assert FollowupAction("complaint_form") not in events


async def test_in_the_middle_of_a_form_it_is_only_answered() -> None:
    msg = parse(ANGRY, ranking=[("jadwal_sampah", 0.9)])
    trk = tracker(msg)
    in_form = Tracker(
        trk.sender_id, {}, msg, trk.events, False, None, {"name": "booking_form"}, "action_listen"
    )
    _, events = await run_events(ActionAnswerFaq(), in_form)
    assert FollowupAction("complaint_form") not in events
