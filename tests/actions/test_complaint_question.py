"""A question the classifier took for a complaint (actions/complaint/question.py): answered,
with the complaint offered by a button, when it asks, names no city problem and the three
topic rankers agree; every report, with or without a question mark, still opens the form."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import switch
from actions.complaint import ActionComplaintStart
from actions.complaint.question import COMPLAINT_PAYLOAD, answer_instead
from app.services.knowledge import get_knowledge_base
from core.texts import t

pytestmark = pytest.mark.usefixtures("engine")

BALAI_KOTA = "Mohon maaf, saya ingin menanyakan alamat kantor Balai Kota"
QUESTIONS = {
    BALAI_KOTA: "lokasi_kantor",
    "ke mana permohonan pemangkasan pohon ditujukan?": "pohon_rawan",
    "truk sampah lewat di rw 5 hari apa saja?": "jadwal_sampah",
}
REPORTS = [
    "lampu jalan mati di depan rumah",  # no question
    "jalan rusak parah, kapan diperbaiki?",  # a question naming a city problem
    "jalan rusak parah, kapan ya?",
    "air pdam ga ngalir dari kemarin, kenapa ya?",
    "kabel listrik menjuntai di depan rumah, kapan dibenahi?",  # asks for a fix
    "sampah berceceran di depan sekolah?",  # a question mark on a complaint thing
    "bagaimana ini, sampah berceceran di depan sekolah",  # an exclamation
    "saya mau lapor, bagaimana caranya?",  # says it is a report
    "saya mau menyampaikan keluhan, ke mana ya?",
]


def parse(
    text: str,
    selector: str | None = None,
    semantic: str | None = None,
    intent: str = "file_complaint",
) -> dict[str, Any]:
    """A parse whose three rankers put ``selector``, ``semantic`` and BM25's topic first
    (``selector`` and ``semantic`` default to BM25's: all three agree)."""
    hits = get_knowledge_base().search(text, limit=1)
    bm25 = hits[0].topic.id if hits else "lokasi_kantor"
    message: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.6},
        "entities": [],
        "response_selector": {
            "faq": {
                "ranking": [{"intent_response_key": f"faq/{selector or bm25}", "confidence": 0.5}]
            }
        },
    }
    if semantic != "":
        message["semantic_topics"] = [{"topic": semantic or bm25, "score": 0.9}]
    return message


@pytest.mark.parametrize(("text", "topic"), sorted(QUESTIONS.items()))
def test_a_question_the_rankers_agree_on_is_answered(text: str, topic: str) -> None:
    found = answer_instead(get_knowledge_base(), parse(text))
    assert found is not None and found.id == topic


@pytest.mark.parametrize("text", REPORTS)
def test_a_report_stays_a_report_even_as_a_question(text: str) -> None:
    assert answer_instead(get_knowledge_base(), parse(text)) is None


@pytest.mark.parametrize(
    "message",
    [
        parse(BALAI_KOTA, semantic="kk_baru"),  # e5 disagrees
        parse(BALAI_KOTA, selector="kk_baru"),  # the selector disagrees
        parse(BALAI_KOTA, semantic=""),  # no e5 tier: no three-way agreement
        parse("/file_complaint"),  # the menu button or the offer's own button
        parse("kebakaran di pasar, ke mana harus menelepon?"),  # emergencies untouched
    ],
)
def test_no_answer_without_all_three_rankers_or_for_buttons_and_emergencies(
    message: dict[str, Any],
) -> None:
    assert answer_instead(get_knowledge_base(), message) is None


def tracker(message: dict[str, Any]) -> Tracker:
    events = [{"event": "user", "text": message["text"], "parse_data": message}]
    return Tracker("web:warga", {}, message, events, False, None, {}, "action_listen")


async def run(action: Any, message: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(message), {})
    return dispatcher.messages, events


async def test_complaint_start_answers_the_question_and_offers_the_complaint() -> None:
    topic = get_knowledge_base().by_id["lokasi_kantor"]
    said, events = await run(ActionComplaintStart(), parse(BALAI_KOTA))
    assert [m.get("response") for m in said] == [topic.response, None]
    assert said[1]["text"] == t("actions.complaint_offer")
    assert said[1]["buttons"] == [
        {"title": t("actions.complaint_offer_button"), "payload": COMPLAINT_PAYLOAD}
    ]
    # the form does not open; the topic stays for follow-ups ("jam bukanya?")
    assert events == [SlotSet("last_topic", "lokasi_kantor"), FollowupAction("action_listen")]


async def test_complaint_start_opens_the_form_for_a_report_with_a_question_mark() -> None:
    said, events = await run(
        ActionComplaintStart(), parse("jalan rusak parah di jl melati, kapan diperbaiki?")
    )
    assert said == []
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_category"] == "jalan_rusak"
    assert "last_topic" not in slots
    assert not [e for e in events if e.get("event") == "followup"]


async def test_the_offer_button_opens_the_form() -> None:
    said, events = await run(ActionComplaintStart(), parse(COMPLAINT_PAYLOAD, semantic=""))
    assert said == []
    assert SlotSet("complaint_category", None) in events
    assert not [e for e in events if e.get("event") == "followup"]


async def test_started_from_another_skill_the_form_always_opens() -> None:
    """action_switch_form, action_emergency and action_clarify start the complaint through
    switch.STARTERS: the citizen asked for it there, so no question is answered instead."""
    starter = switch.STARTERS["complaint_form"]
    assert isinstance(starter, ActionComplaintStart) and not starter.answer_questions
    said, events = await run(starter, parse(BALAI_KOTA))
    assert said == []
    assert SlotSet("complaint_category", None) in events
    assert "last_topic" not in {e.get("name") for e in events}
