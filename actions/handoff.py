"""Hand the conversation to a call-centre officer (issue 9).

Any rule or story ends with ``action_request_handoff``; the reason comes from the slot
``handoff_reason`` (set it before, e.g. ``emergency``, ``sensitive_category``), or, when
empty, from the intent that led here. The action only writes the queue entry
(:func:`app.services.handoff.request_handoff`) and pauses this conversation in Rasa by
returning ``ConversationPaused``; the app tells the citizen their queue position after the
turn. (Calling Rasa's tracker API from inside an action would deadlock on Rasa's lock for
the conversation, so the app completes the pause once the turn is over.)
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from app.services.handoff import request_handoff
from core.lang.mood import is_upset
from core.texts import t

log = logging.getLogger(__name__)

REASON_SLOT = "handoff_reason"
REASON_BY_INTENT = {
    "request_human": "request_human",
    "nlu_fallback": "not_understood",
    "emergency": "emergency",
}


class ActionRequestHandoff(Action):
    def name(self) -> str:
        return "action_request_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        reason = tracker.get_slot(REASON_SLOT) or REASON_BY_INTENT.get(intent, "request_human")
        summary = {
            name: value
            for name, value in tracker.current_slot_values().items()
            if value not in (None, [], "") and name != REASON_SLOT
        }
        summary["last_intent"] = intent
        latest = tracker.latest_message or {}
        said = (latest.get("metadata") or {}).get("said") or latest.get("text") or ""
        if is_upset(str(said)):  # "SAYA MAU BICARA SAMA ORANG, BUKAN ROBOT!!!": heard first
            dispatcher.utter_message(text=t("actions.handoff_upset_heard"))
        ctx = context.get()
        ticket = request_handoff(
            ctx.engine,
            tracker.sender_id,
            str(reason),
            summary,
            always_open=ctx.settings.handoff_always_open,
            hub=ctx.hub,
            rasa_paused=True,  # ConversationPaused below; the slots are in the summary
        )
        log.info("handoff for %s queued as request %s", tracker.sender_id, ticket.request_id)
        return [SlotSet(REASON_SLOT, None), ConversationPaused()]
