"""The emergency intent, checked before 112 is given (``inquiry_choice.emergency_reading``):
an emergency phrase or a sure classifier gives 112 and an officer at once; a message the
classifier only half-thinks is an emergency, which describes a city problem ("air kran keruh
dan bau", "sering kebanjiran tiap hujan"), is a complaint; so is a city problem whose
emergency words tell only of something over ("ada lubang besar, kemarin ada motor jatuh sampai
pingsan, tolong ditambal"). A message the classifier half-thinks is one, with no emergency
phrase, made of the last answered topic's own words ("tidak ada surat dari bidan" after the
birth certificate), is a follow-up about it. A question about an emergency that has not
happened ("kalau ada kebakaran nomor darurat berapa?") is answered as a question. Anything
else unsure still gets 112: a missed emergency costs more."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.elsewhere_guard import answered_elsewhere
from actions.followup_context import beyond_topic
from actions.inquiry import ActionAnswerFaq, ActionAnswerFollowup, answer_emergency
from actions.inquiry_choice import EMERGENCY_SURE, LAST_TOPIC_SLOT, emergency_reading
from actions.switch import start_service
from app.services.complaints.parsing import recognise_category
from app.services.knowledge import KnowledgeBase, get_knowledge_base
from core.lang.tense import present_part
from core.lang.wishes import is_hypothetical
from core.texts import t


def reading(kb: KnowledgeBase, message: dict[str, Any]) -> str | None:
    """``emergency_reading``, except that a city problem whose emergency words are all in
    clauses about the past ("kemarin ... pingsan") is a complaint."""
    text = str(message.get("text") or "")
    past_only = kb.is_emergency(text) and not kb.is_emergency(present_part(text))
    if past_only and recognise_category(text) is not None:
        return "complaint"
    return emergency_reading(kb, message)


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = dict(tracker.latest_message or {})
        message.setdefault("intent", {"name": "emergency", "confidence": 1.0})
        if about_last_topic(get_knowledge_base(), message, tracker.get_slot(LAST_TOPIC_SLOT)):
            return await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        if is_hypothetical(str(message.get("text") or "")):
            # "kalau ada kebakaran nomor darurat berapa?": a question about what to do: the
            # number, then the question's answer (or its "Maksud Anda ...?"); no alarm raised
            number = get_knowledge_base().emergency_number
            dispatcher.utter_message(text=t("actions.emergency_if", number=number))
            return await ActionAnswerFaq().run(dispatcher, tracker, domain)
        if reading(get_knowledge_base(), message) == "complaint":
            # "motor sy dicuri td subuh di parkiran pasar": the police's, not a city report
            away = answered_elsewhere(dispatcher, tracker)
            if away is not None:
                return away
            return await start_service("file_complaint", dispatcher, tracker, domain)
        return answer_emergency(dispatcher, tracker, "an emergency message")


def about_last_topic(kb: KnowledgeBase, message: dict[str, Any], last_topic: str | None) -> bool:
    """An unsure emergency with no emergency phrase, every word of it the last topic's own."""
    topic = kb.by_id.get(last_topic or "")
    text = str(message.get("text") or "")
    confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
    if topic is None or confidence >= EMERGENCY_SURE or kb.is_emergency(text):
        return False
    return not beyond_topic(kb, text, topic)
