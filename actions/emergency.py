"""The emergency intent, checked before 112 is given: an emergency phrase or a sure classifier
gives 112 and an officer at once; a message the classifier only half-thinks is an emergency,
which describes a city problem ("air kran keruh dan bau", "sering kebanjiran tiap hujan"),
is a complaint. Anything else unsure still gets 112: a missed emergency costs more."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.inquiry import answer_emergency
from actions.switch import start_service
from app.services.complaints import recognise_category
from app.services.knowledge import get_knowledge_base

SURE = 0.75  # the classifier alone decides above this


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
        sure = confidence >= SURE or get_knowledge_base().is_emergency(text)
        if not sure and recognise_category(text) is not None:
            return await start_service("file_complaint", dispatcher, tracker, domain)
        return answer_emergency(dispatcher, tracker, "an emergency message")
