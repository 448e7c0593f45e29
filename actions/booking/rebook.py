"""A change of schedule asked for a booking that is already cancelled ("ganti lusa jam 2 siang
aja ruang melatinya bisa?" right after "batalin BK-... aja"): nothing is left to move, so a new
booking of the same facility starts, with the day and time the message says and the same
length and group size (shown in the summary, so they can still be changed). Before, the
assistant said the booking was already cancelled and asked for a booking code until the
conversation went to an officer (bench w-25)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import recent
from actions.booking import common as c
from actions.booking.commit import ActionBookingReset
from app.models import Booking, BookingStatus
from app.services import bookings as svc
from core.lang import ids
from core.texts import t


def cancelled_booking(tracker: Tracker) -> Booking | None:
    """The citizen's own cancelled booking this change of schedule is about, if it is one: the
    code in the message, or the one booking made in this conversation, while no code is
    taken yet."""
    if tracker.get_slot("booking_code"):
        return None
    text = c.text_of(tracker)
    code = ids.find_booking_code(text) or (
        recent.the_booking(tracker) if tracker.get_slot("requested_slot") is None else None
    )
    if not code:
        return None
    with c.session() as session:
        booking = svc.find_by_code(session, code)
    if booking is None or booking.owner_id != tracker.sender_id:
        return None
    return booking if booking.status == BookingStatus.CANCELLED else None


async def book_again(
    booking: Booking, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """Leave the change of schedule and start the booking form for the same facility."""
    fac = c.catalogue().get(booking.facility_id)
    name = fac.name if fac else booking.facility_id
    dispatcher.utter_message(text=t("actions.booking_rebook", code=booking.code, facility=name))
    span = svc.as_utc(booking.end_at) - svc.as_utc(booking.start_at)
    reset = await ActionBookingReset(only_asked_ends=False).run(dispatcher, tracker, domain)
    return [
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        *reset,
        SlotSet("booking_facility", booking.facility_id),
        SlotSet("booking_duration", str(int(span.total_seconds() // 60))),
        SlotSet("booking_people", str(booking.people)),
        FollowupAction("booking_form"),
    ]
