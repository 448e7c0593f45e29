"""A service of another office named where a form would open: "listrik mati dari semalem
sekampung" (PLN) read as a complaint, "jadwal kereta ke jakarta besok pagi" (PT KAI) read as
a booking change. The citizen is told where it is handled (and offered an officer, as for a
question about it), and the form does not open (bench y-11, y-30)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.followup_context import LAST_ELSEWHERE_SLOT, asks_elsewhere_again, last_elsewhere
from actions.inquiry_choice import LAST_TOPIC_SLOT, handled_elsewhere
from app.services.knowledge import Elsewhere, KnowledgeBase, get_knowledge_base
from core.lang.power_line import POWER_SERVICE
from core.texts import t


def warn_first(dispatcher: CollectingDispatcher, kb: KnowledgeBase, away: Elsewhere) -> None:
    """A power line or pole in a dangerous state (core/lang/power_line.py): keep away, and
    112 for someone hurt, said before the referral to PLN."""
    power = kb.elsewhere(POWER_SERVICE)
    if power is not None and power[0].service == away.service:
        dispatcher.utter_message(text=t("actions.power_line_danger"))


def answered_elsewhere(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """The events that end the turn with "... diurus di <office>", or None: open the form."""
    text = str((tracker.latest_message or {}).get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    kb = get_knowledge_base()
    reply = handled_elsewhere(kb, text)
    away = reply.elsewhere if reply is not None else None
    if away is None and not tracker.get_slot(LAST_TOPIC_SLOT):  # "trs lapornya kmn" after PLN
        said = last_elsewhere(kb, tracker)
        away = said if asks_elsewhere_again(kb, text, said) else None
    if away is None:
        return None
    # said as actions.inquiry.speak says it to a question
    warn_first(dispatcher, kb, away)
    dispatcher.utter_message(response="utter_elsewhere", service=away.service, where=away.where)
    return [
        SlotSet(LAST_TOPIC_SLOT, None),
        SlotSet(LAST_ELSEWHERE_SLOT, away.service),
        FollowupAction("action_listen"),
    ]
