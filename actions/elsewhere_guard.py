"""A service of another office named where a form would open: "listrik mati dari semalem
sekampung" (PLN) read as a complaint, "jadwal kereta ke jakarta besok pagi" (PT KAI) read as
a booking change. The citizen is told where it is handled (and offered an officer, as for a
question about it), and the form does not open (bench y-11, y-30)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.inquiry_choice import handled_elsewhere
from app.services.knowledge import get_knowledge_base


def answered_elsewhere(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """The events that end the turn with "... diurus di <office>", or None: open the form."""
    text = str((tracker.latest_message or {}).get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    reply = handled_elsewhere(get_knowledge_base(), text)
    if reply is None or reply.elsewhere is None:
        return None
    away = reply.elsewhere  # said as actions.inquiry.speak says it to a question
    dispatcher.utter_message(response="utter_elsewhere", service=away.service, where=away.where)
    return [FollowupAction("action_listen")]
