"""Changing from one form to another when the citizen says they want something else
("bukan, saya mau pesan ruang Kenanga" while a complaint is being asked). The form's
validation action leaves the form (actions/forms/base.py); this action starts the other."""

from __future__ import annotations

import logging
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.booking.commit import ActionBookingReset
from actions.booking.manage import ActionBookingStartManage
from actions.complaint.filing import ActionComplaintStart
from actions.complaint.reading import REPORT_WORDS
from actions.forms.base import SWITCH_INTENTS
from app.services.complaint_signs import by_signs, names_problem
from core.lang import ids

log = logging.getLogger(__name__)
STARTERS: dict[str, Action] = {
    "booking_form": ActionBookingReset(only_asked_ends=False),
    "complaint_form": ActionComplaintStart(answer_questions=False),
    "cancel_booking_form": ActionBookingStartManage(),
    "reschedule_booking_form": ActionBookingStartManage(),
}


CANCEL_WORDS = re.compile(
    r"\b(batal\w*|cancel|tidak jadi|gak jadi|ga jadi|nggak jadi|hapus)\b", re.I
)
MOVE_WORDS = re.compile(
    r"\b(ganti|ubah|pindah\w*|geser|undur|majukan|reschedule|jadwal ulang)\b", re.I
)
QUESTION = re.compile(r"\?|\b(apa|apakah|bagaimana|gimana|berapa|syarat\w*|cara\w*)\b", re.I)


def service_in_words(text: str) -> str | None:
    """The service a message asks for by its words alone, for when the classifier is lost:
    a booking code with "batal" or "ganti", "saya mau melapor ...", a facility named. High
    precision only; anything else is left to the clarification."""
    if ids.find_booking_code(text):
        if CANCEL_WORDS.search(text):
            return "cancel_booking"
        if MOVE_WORDS.search(text):
            return "reschedule_booking"
        return None
    if REPORT_WORDS.search(text):
        return "file_complaint"
    if context.get().facilities.match(text) and not re.search(
        r"\b(syarat|biaya|tarif)\b", text, re.I
    ):
        return "book_facility"
    if by_signs(text) and not QUESTION.search(text):  # a thing and its problem: a report
        return "file_complaint"
    return None


async def start_service(
    intent: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """The events that start ``intent``'s form, as if its rule had run."""
    form = SWITCH_INTENTS[intent]
    log.info("starting %s from the words of the message (%s)", form, tracker.sender_id)
    events = await STARTERS[form].run(dispatcher, tracker, domain)
    return [*events, FollowupAction(form)]


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
        if form == "complaint_form" and asks_no_report(str(tracker.latest_message.get("text"))):
            # "eh ga jd, mau nanya aj ... izin keramaian nya gmn" at a booking's question
            # (bench w-28): the form is left, the question answered, no complaint opened
            from actions.inquiry import ActionAnswerFaq  # inquiry imports this module

            return list(await ActionAnswerFaq().run(dispatcher, tracker, domain))
        dispatcher.utter_message(response="utter_form_switch")
        return await start_service(intent, dispatcher, tracker, domain)


def asks_no_report(text: str) -> bool:
    """A question that names no city problem and no wish to report: no complaint."""
    from actions.complaint.question import FIX_WORDS, WISH_TO_REPORT, phrased_as_question

    if not text or text.startswith("/") or REPORT_WORDS.search(text) or FIX_WORDS.search(text):
        return False
    return not WISH_TO_REPORT.search(text) and phrased_as_question(text) and not names_problem(text)
