"""Starting, stopping and carrying out a booking, a cancellation or a reschedule."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.booking import common as c
from actions.booking.facts import answer_facts, wants_booking
from actions.forms import prompts, resume
from app.services import bookings as svc
from core.lang.when import format_date, format_time, local
from core.texts import t

log = logging.getLogger(__name__)
DRAFT = [*c.FORM_SLOTS, "booking_period", "booking_code", "booking_confirm", "booking_pending"]
KEEP = {"booking_name", "booking_phone"}  # asked once per conversation


class ActionBookingReset(Action):
    """Start a new booking: forget an earlier draft (name and phone are kept), unless the
    message is a button for a slot of the facility being booked. Started by its rule, a
    message that only asks about a facility ("berapa sewa aula?") is answered and the form
    does not open; started from another form or a cancelled booking
    (``only_asked_ends=False``: the citizen asked for a booking there) it always opens."""

    def __init__(self, only_asked_ends: bool = True) -> None:
        self.only_asked_ends = only_asked_ends

    def name(self) -> str:
        return "action_booking_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        stopped = resume.draft(tracker, "booking_form")
        if stopped is not None and resume.wants_back(c.text_of(tracker)):
            dispatcher.utter_message(response="utter_form_resume")  # "jadi deh, yang tadi"
            return resume.restored(stopped)
        # "berapa sewa aula kecamatan?": the answer, with buttons to see free times or book;
        # the form starts only when the message also asks to book ("mau sewa aula sabtu,
        # bayar ga?"): the citizen who only asked is not asked for a day (bookings5 (a))
        text = c.text_of(tracker)
        answered = answer_facts(dispatcher, text, c.catalogue())
        if answered and self.only_asked_ends and not wants_booking(text, c.now().date()):
            log.info("facility question answered; no booking started")
            return [FollowupAction("action_listen")]
        button = c.button_slot(tracker)
        keep = set(KEEP)
        if button and button[0] == tracker.get_slot("booking_facility"):
            keep |= {"booking_duration", "booking_people"}
        cleared = [SlotSet(resume.STOPPED, None)] if stopped is not None else []
        return [*cleared, *(SlotSet(s, None) for s in DRAFT if s not in keep)]


class ActionBookingStop(Action):
    """The citizen stops: leave the form, forget the draft (name, phone kept)."""

    def name(self) -> str:
        return "action_booking_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        pending = tracker.get_slot("booking_pending")
        if pending in ("cancel", "reschedule"):  # the booking stays as it was
            known = tracker.get_slot("booking_code")
            key = (
                f"actions.booking_{pending}_stopped" if known else "actions.booking_manage_stopped"
            )
            dispatcher.utter_message(text=t(key, code=known or ""))
        elif tracker.get_slot("booking_confirm") != c.ASKING:  # (left to ask: said already)
            dispatcher.utter_message(response="utter_booking_stopped")
        events: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        answered = [s for s in DRAFT if s not in ("booking_confirm", "booking_pending")]
        if tracker.get_slot("booking_pending") in (None, "book"):  # a new booking given up
            events += resume.kept_aside(tracker, "booking_form", answered)
        return events + [SlotSet(s, None) for s in DRAFT if s not in KEEP]


class ActionBookingCommit(Action):
    """A form ended with its summary answered: book, cancel or reschedule (booking_pending),
    or stop when the answer was no."""

    def name(self) -> str:
        return "action_booking_commit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("booking_confirm") in ("tidak", c.ASKING):
            return await ActionBookingStop().run(dispatcher, tracker, domain)
        pending = tracker.get_slot("booking_pending")
        try:
            if pending == "book":
                return self._book(dispatcher, tracker)
            if pending == "cancel":
                return self._cancel(dispatcher, tracker)
            if pending == "reschedule":
                return self._reschedule(dispatcher, tracker)
        except svc.SlotTaken as taken:
            return self._taken(dispatcher, tracker, taken)
        except svc.BookingError as error:
            log.info("booking commit refused for %s: %s", tracker.sender_id, error.code)
            c.say_error(dispatcher, error)
            return [SlotSet("booking_pending", None), SlotSet("booking_confirm", None)]
        dispatcher.utter_message(response="utter_booking_nothing_pending")
        return [SlotSet("booking_confirm", None)]

    def _book(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        fac = c.facility(tracker)
        day, at = c.slot_date(tracker), c.slot_time(tracker)
        if fac is None or day is None or at is None:
            dispatcher.utter_message(response="utter_booking_nothing_pending")
            return [SlotSet("booking_pending", None), SlotSet("booking_confirm", None)]
        settings = context.get().settings
        with c.session() as session:  # this action's transaction
            booking = svc.book(
                session,
                c.catalogue(),
                facility_id=fac.id,
                start=local(day, at),
                minutes=c.slot_int(tracker, "booking_duration") or fac.min_duration_minutes,
                people=c.slot_int(tracker, "booking_people") or 1,
                name=str(tracker.get_slot("booking_name") or ""),
                phone=str(tracker.get_slot("booking_phone") or ""),
                owner_id=tracker.sender_id,
                now=c.now(),
                max_future=settings.booking_max_future_per_citizen,
                reminder_hours_before=settings.booking_reminder_hours_before,
            )
            session.commit()
            said = c.describe(booking)
        ics = c.ics_url(booking)
        dispatcher.utter_message(
            response="utter_booking_confirmed",
            ics_url=ics,
            json_message=prompts.receipt("booking", booking.code, ics),
            **said,
        )
        return [SlotSet(s, None) for s in DRAFT if s not in KEEP]

    def _cancel(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        code = str(tracker.get_slot("booking_code") or "")
        with c.session() as session:  # this action's transaction
            booking = svc.cancel(
                session,
                code,
                owner_id=tracker.sender_id,
                by="citizen",
                reason=t("actions.booking_cancelled_by_citizen"),
                now=c.now(),
            )
            session.commit()
            said = c.describe(booking)
        dispatcher.utter_message(response="utter_booking_cancel_done", **said)
        return [SlotSet(s, None) for s in DRAFT if s not in KEEP]

    def _reschedule(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        code = str(tracker.get_slot("booking_code") or "")
        day, at = c.slot_date(tracker), c.slot_time(tracker)
        if day is None or at is None:
            dispatcher.utter_message(response="utter_booking_nothing_pending")
            return [SlotSet("booking_pending", None), SlotSet("booking_confirm", None)]
        settings = context.get().settings
        with c.session() as session:  # this action's transaction
            booking = svc.reschedule(
                session,
                c.catalogue(),
                code,
                owner_id=tracker.sender_id,
                start=local(day, at),
                now=c.now(),
                reminder_hours_before=settings.booking_reminder_hours_before,
            )
            session.commit()
            said = c.describe(booking)
        ics = c.ics_url(booking)
        dispatcher.utter_message(
            response="utter_booking_reschedule_done",
            ics_url=ics,
            json_message=prompts.receipt("booking", booking.code, ics),
            **said,
        )
        return [SlotSet(s, None) for s in DRAFT if s not in KEEP]

    def _taken(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, taken: svc.SlotTaken
    ) -> list[EventType]:
        """Lost the race (or the slot filled meanwhile): the nearest free times as buttons,
        and the form asks the time again (everything else kept)."""
        fid = tracker.get_slot("booking_facility")
        fac = c.catalogue().get(fid) if fid else None
        form = "booking_form"
        if tracker.get_slot("booking_pending") == "reschedule":
            form = "reschedule_booking_form"
        buttons = [
            {
                "title": f"{format_date(s.date())} {format_time(s)}",
                "payload": c.slot_payload(fac, s),
            }
            for s in taken.alternatives
            if fac is not None
        ]
        log.info("slot taken for %s; offered %d alternatives", tracker.sender_id, len(buttons))
        dispatcher.utter_message(
            response="utter_booking_err_slot_taken",
            facility=taken.params.get("facility", ""),
            buttons=buttons,
        )
        return [
            SlotSet("booking_time", None),
            SlotSet("booking_confirm", None),
            SlotSet("booking_pending", None),
            SlotSet("form_reasked", "booking_time"),
            FollowupAction(form),
        ]
