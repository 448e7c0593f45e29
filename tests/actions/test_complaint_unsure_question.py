"""A question the classifier only guessed was a complaint is asked back instead of opening
the form (probe of 2026-12-03: "telat lapor kena denda?" at 0.44 got "Silakan ceritakan
masalahnya")."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint import ActionComplaintStart
from actions.complaint.question import unsure_question
from tests.actions.complaint_helpers import DOMAIN


def parse(text: str, confidence: float) -> dict[str, Any]:
    intent = {"name": "file_complaint", "confidence": confidence}
    return {"text": text, "intent": intent, "intent_ranking": [intent], "entities": []}


@pytest.mark.parametrize(
    ("text", "confidence", "unsure"),
    [
        ("telat lapor kena denda?", 0.44, True),
        ("telat lapor kena denda?", 0.9, False),  # the classifier is sure: a report
        ("jalan rusak parah, kapan diperbaiki?", 0.44, False),  # a problem named
        ("saya mau lapor soal pungutan di kelurahan, gimana?", 0.44, False),  # a wish to report
        ("lampu jalan mati di jl kenari", 0.44, False),  # no question
        ("/file_complaint", 0.44, False),  # the button
    ],
)
def test_which_messages_are_asked_back(text: str, confidence: float, unsure: bool) -> None:
    assert unsure_question(parse(text, confidence)) is unsure


@pytest.mark.usefixtures("engine")
async def test_asked_back_with_a_report_button_and_no_form() -> None:
    message = parse("telat lapor kena denda?", 0.44)
    events_in = [{"event": "user", "text": message["text"], "parse_data": message}]
    tracker = Tracker("web:q", {}, message, events_in, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = await ActionComplaintStart().run(dispatcher, tracker, DOMAIN)
    [asked] = dispatcher.messages
    assert asked["response"] == "utter_clarify"
    assert asked["buttons"][-1] == {"title": "Lapor masalah", "payload": "/file_complaint"}
    assert FollowupAction("action_listen") in events
