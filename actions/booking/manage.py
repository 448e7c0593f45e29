"""Cancelling and rescheduling a booking by its code (only from the conversation that made
it). Both end with a summary answered yes or no (``booking_confirm``)."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import recent
from actions.booking import common as c
from actions.booking import mine
from actions.booking.checks import check_combination
from actions.booking.rebook import book_again, cancelled_booking
from actions.booking.schedule import BookingFormBase
from actions.elsewhere_guard import answered_elsewhere
from app.services import bookings as svc
from core.lang import ids


def code_in(tracker: Tracker) -> str | None:
    text = c.entity(tracker, "booking_code") or c.text_of(tracker)
    return ids.find_booking_code(text) or svc.normalise_code(text)


class CodeForm(BookingFormBase):
    """The booking code, checked: it exists, it is the citizen's own, it is still ahead."""

    @abstractmethod
    def name(self) -> str:
        """The validation action's name (validate_<form>)."""

    async def extract_booking_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        code = code_in(tracker)
        if code and code != tracker.get_slot("booking_code"):
            return {"booking_code": code}
        if c.requested(tracker, "booking_code"):
            return {"booking_code": c.text_of(tracker)}
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("booking_code"):
            # "batalin yang barusan", "batalin booking saya yang besok": the own booking the
            # message describes, or the one made in this conversation (the summary that
            # follows names it before anything is changed)
            text = c.text_of(tracker)
            made = mine.near_code(tracker, text) or mine.described(tracker, text)
            made = made or recent.the_booking(tracker)
            if made:
                return {"booking_code": made}
        return {}

    def validate_booking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_code": None}
        text = str(value)
        code = ids.find_booking_code(text) or svc.normalise_code(text)
        if code is None or not self._own(code, tracker):
            # a code typed with a typo ("bk-7km39q"), or none ("yang besok aja"): the own
            # booking it can only mean (mine.py), else the error as before
            code = (
                mine.near_code(tracker, text)
                or (mine.described(tracker, text) if code is None else None)
                or code
            )
        if code is None:
            dispatcher.utter_message(response="utter_booking_err_code_invalid")
            return {"booking_code": None}
        with c.session() as session:
            try:
                booking = svc.owned_booking(session, code, tracker.sender_id)
            except svc.BookingError as error:
                c.say_error(dispatcher, error)
                return {"booking_code": None}
            if svc.as_utc(booking.start_at) <= c.now():
                dispatcher.utter_message(response="utter_booking_err_already_past", code=code)
                return {"booking_code": None}
        return {"booking_code": code}

    @staticmethod
    def _own(code: str, tracker: Tracker) -> bool:
        """Whether ``code`` is a booking of this conversation."""
        with c.session() as session:
            booking = svc.find_by_code(session, code)
        return booking is not None and booking.owner_id == tracker.sender_id


class ValidateCancelBookingForm(CodeForm):
    def name(self) -> str:
        return "validate_cancel_booking_form"

    def check(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        return []


class ValidateRescheduleBookingForm(CodeForm):
    """Code, then a new date and time; the booking's own facility, length and size."""

    def name(self) -> str:
        return "validate_reschedule_booking_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        cancelled = cancelled_booking(tracker)  # nothing to move: a new booking (rebook.py)
        if cancelled is not None:
            return await book_again(cancelled, dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)

    def check(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        code = tracker.get_slot("booking_code")
        if not code:
            return []
        with c.session() as session:
            booking = svc.find_by_code(session, code)
        if booking is None:
            return []
        fac = c.catalogue().get(booking.facility_id)
        minutes = int(
            (svc.as_utc(booking.end_at) - svc.as_utc(booking.start_at)).total_seconds() // 60
        )
        fixes: list[EventType] = [SlotSet("booking_facility", booking.facility_id)]
        tracker.add_slots(fixes)
        refused = check_combination(
            dispatcher,
            tracker,
            exclude_id=booking.id,
            facility=fac,
            minutes=minutes,
            people=booking.people,
        )
        return fixes + ([*refused, SlotSet("booking_confirm", None)] if refused else [])


class ActionBookingStartManage(Action):
    """Before the cancel or reschedule form: forget an older draft's date and time."""

    def name(self) -> str:
        return "action_booking_start_manage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        away = answered_elsewhere(dispatcher, tracker)  # "jadwal kereta ke jakarta besok"
        if away is not None:
            return away
        slots = [*c.SCHEDULE_SLOTS, "booking_code", "booking_pending", "booking_confirm"]
        return [SlotSet(s, None) for s in slots]
