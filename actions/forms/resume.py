"""Coming back after giving up: "ya udah ga jadi deh" stops a form, and its answers are kept
aside (slot ``form_stopped``); "eh jadi deh, lanjutin yg tadi" brings them back and the form
asks only what is still missing. Nothing the citizen gave is lost (bench g-10, g-22 were
asked the place, the day and the time again)."""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.lang import answers

STOPPED = "form_stopped"
# "lanjutin yg tadi", "jadi deh lapor yang tadi", "terusin", "yang tadi aja", "balik lagi"
RESUME = re.compile(
    r"\b(?:yang|yg)\s+tadi\b|\blanjut\w*|\bterus(?:kan|in)\b|\bbalik\s+lagi\b"
    r"|^\W*(?:eh\W+)?(?:maaf\W+)?(?:min\W+)?jadi\s+(?:deh|dong|aja|saja|lah)\b",
    re.I,
)


def kept_aside(tracker: Tracker, form: str, slots: list[str] | tuple[str, ...]) -> list[EventType]:
    """The events that keep a stopped form's answers (none when it had none)."""
    kept = {s: tracker.get_slot(s) for s in slots if tracker.get_slot(s) is not None}
    if not kept:
        return []
    return [SlotSet(STOPPED, json.dumps({"form": form, "slots": kept}))]


def draft(tracker: Tracker, form: str | None = None) -> dict[str, Any] | None:
    """What a stopped form kept aside (of ``form`` when named), or None."""
    try:
        data = json.loads(str(tracker.get_slot(STOPPED) or ""))
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("slots"), dict):
        return None
    return data if form is None or data.get("form") == form else None


def wants_back(text: str) -> bool:
    """ "eh jadi deh, lanjutin yg tadi" (not "lanjut batal")."""
    return bool(RESUME.search(text or "")) and not answers.is_cancel(text)


def restored(data: dict[str, Any]) -> list[EventType]:
    return [*(SlotSet(k, v) for k, v in data["slots"].items()), SlotSet(STOPPED, None)]


class ActionResumeForm(Action):
    """ "lanjutin yang tadi": the stopped form again, with what it had."""

    def name(self) -> str:
        return "action_resume_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        data = draft(tracker)
        if data is None:
            dispatcher.utter_message(response="utter_resume_nothing")
            return []
        dispatcher.utter_message(response="utter_form_resume")
        return [*restored(data), FollowupAction(str(data["form"]))]
