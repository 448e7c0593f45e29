"""Session start: carry slots over and show the privacy notice on first contact."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from app.services import privacy


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        # Keep what the citizen already told us (session_config.carry_over_slots_to_new_session).
        for name, value in tracker.current_slot_values().items():
            if value is not None:
                events.append(SlotSet(name, value))

        ctx = context.get()
        version = ctx.settings.privacy_policy_version
        with ctx.session() as session:
            if privacy.notice_needed(session, tracker.sender_id, version):
                dispatcher.utter_message(
                    response="utter_privacy_notice",
                    retention_days=ctx.settings.privacy_retention_days,
                )
                privacy.record_notice_shown(session, tracker.sender_id, version)

        events.append(ActionExecuted("action_listen"))
        return events
