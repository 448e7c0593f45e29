"""Changing from one form to another when the citizen says they want something else
("bukan, saya mau pesan ruang Kenanga" while a complaint is being asked). The form's
validation action leaves the form (actions/forms/base.py); this action starts the other."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking.commit import ActionBookingReset
from actions.booking.manage import ActionBookingStartManage
from actions.complaint.filing import ActionComplaintStart
from actions.forms.base import SWITCH_INTENTS

log = logging.getLogger(__name__)
STARTERS: dict[str, Action] = {
    "booking_form": ActionBookingReset(),
    "complaint_form": ActionComplaintStart(),
    "cancel_booking_form": ActionBookingStartManage(),
    "reschedule_booking_form": ActionBookingStartManage(),
}


class ActionSwitchForm(Action):
    def name(self) -> str:
        return "action_switch_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
        form = SWITCH_INTENTS.get(intent)
        if form is None:
            return []
        log.info("switching to %s for %s", form, tracker.sender_id)
        dispatcher.utter_message(response="utter_form_switch")
        events = await STARTERS[form].run(dispatcher, tracker, domain)
        return [*events, FollowupAction(form)]
