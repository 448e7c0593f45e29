"""The complaint form's questions (one ``action_ask_<slot>`` each; see actions.forms.asking)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.complaint import reading as rd
from actions.forms.asking import AskAction, plain_ask_actions
from app.services import complaints as svc
from core.texts import t

plain_ask_actions(
    [
        "complaint_category",
        "complaint_photo",
        "complaint_privacy",
        "complaint_contact_ok",
        "complaint_phone",
        "complaint_nik",
    ],
    globals(),
)


class ActionAskComplaintDescription(AskAction):
    slot = "complaint_description"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_complaint_ask_description",
            category_name=rd.category_name(tracker.get_slot("complaint_category")),
        )
        return []


class ActionAskComplaintLocation(AskAction):
    """Where it is; for a vague place said before ("depan rumah saya"), where exactly, once,
    with an example and a "Tidak tahu" button (reading.pending_place)."""

    slot = "complaint_location"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        pending = rd.pending_place(tracker)
        if pending is None:
            dispatcher.utter_message(response="utter_ask_complaint_location")
            return []
        value = tracker.get_slot("complaint_place")
        key = "area" if isinstance(value, dict) and value.get(rd.AREA) else "details"
        dispatcher.utter_message(
            text=t(f"actions.complaint_location_{key}", place=pending.address),
            buttons=[{"title": t("actions.complaint_location_unknown"), "payload": "tidak tahu"}],
        )
        return []


class ActionAskComplaintDuplicateChoice(AskAction):
    slot = "complaint_duplicate_choice"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = tracker.get_slot("complaint_duplicate_of")
        with context.get().session() as session:
            dup = svc.get_by_code(session, code)
            status = svc.status_label(dup.status)
        dispatcher.utter_message(
            response="utter_complaint_duplicate_found", duplicate_code=code, duplicate_status=status
        )
        return []


def summary_values(tracker: Tracker) -> dict[str, str]:
    words = svc.texts()["summary"]
    photo = tracker.get_slot("complaint_photo")
    privacy = tracker.get_slot("complaint_privacy") or "biasa"
    if tracker.get_slot("complaint_contact_ok") == "ya":
        contact = words["contact_yes"].format(phone=tracker.get_slot("complaint_phone"))
        if tracker.get_slot("complaint_nik_masked"):
            contact += ", " + words["nik"].format(nik=tracker.get_slot("complaint_nik_masked"))
    else:
        contact = words["contact_no"]
    return {
        "category_name": rd.category_name(tracker.get_slot("complaint_category")),
        "description": tracker.get_slot("complaint_description") or "-",
        "location": tracker.get_slot("complaint_location") or "-",
        "photo": words["photo_yes"] if photo and photo != rd.NONE else words["photo_no"],
        "privacy": words["privacy"].get(privacy, privacy),
        "contact": contact,
    }


class ActionAskComplaintConfirm(AskAction):
    slot = "complaint_confirm"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_complaint_summary", **summary_values(tracker))
        return []
