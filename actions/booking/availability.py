"""Availability questions: "ada lapangan tenis kosong sabtu pagi?" -> free starts per
facility as buttons that book in one tap."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import common as c
from actions.booking.checks import nearest
from actions.booking.facts import answer_facts
from app.services import bookings as svc
from app.services.facilities import Facility
from core.lang.when import (
    PERIODS,
    WhenError,
    find_date,
    find_duration_minutes,
    find_people,
    format_date,
    format_time,
    scan_time,
)


class ActionCheckAvailability(Action):
    """ "ada lapangan tenis kosong sabtu pagi?" -> free starts per court as buttons."""

    def name(self) -> str:
        return "action_check_availability"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = c.text_of(tracker)
        cat = c.catalogue()
        if answer_facts(dispatcher, text, cat):  # "lapangan tenis buka jam berapa?"
            return []
        kind = c.entity(tracker, "facility_type")
        facilities = cat.match(text) if not text.startswith("/") else []
        if not facilities and kind:
            facilities = cat.of_type(kind) or cat.match(kind)
        if not facilities:
            dispatcher.utter_message(
                response="utter_booking_availability_which",
                buttons=[
                    {
                        "title": label.capitalize(),
                        "payload": "/check_availability" + json.dumps({"facility_type": type_}),
                    }
                    for type_, label in cat.type_labels.items()
                ],
            )
            return []
        now = c.now()
        try:
            found, rest = scan_time(text)
            day = find_date(rest, now.date()) if rest and not text.startswith("/") else None
        except WhenError as error:
            c.say_error(dispatcher, error)
            return []
        at = found.at if found else None
        period = found.period if found else None
        if day is not None and day < now.date():
            dispatcher.utter_message(response="utter_booking_err_date_past", date=format_date(day))
            return []
        between = PERIODS.get(period or "")
        if at is not None:
            between = (at.hour, at.hour + 1)
        asked_day = day or now.date()
        said = said_with(text, facilities)
        with c.session() as session:
            for fac in facilities[:3]:
                search_day = asked_day
                free: list[datetime] = []
                while not free and search_day <= asked_day + timedelta(days=6):
                    free = svc.free_slots(session, fac, search_day, now=now, between=between)
                    if not free and day is not None and search_day == asked_day and between:
                        # "besok sore" full: the day's other hours before another day
                        free = svc.free_slots(session, fac, search_day, now=now)
                    if not free:
                        search_day += timedelta(days=1)
                if at is not None and search_day == asked_day:
                    # the hour asked is taken: the free times nearest to it, not the day's
                    # first ones ("jam 4 sore" got 06.00-13.00: bench t-12)
                    free = nearest(free, at, count=c.MAX_BUTTONS)
                buttons = [
                    {"title": format_time(s), "payload": c.slot_payload(fac, s)}
                    for s in free[: c.MAX_BUTTONS]
                ]
                reason = (
                    svc.closed_reason(session, fac, asked_day) if search_day != asked_day else ""
                )
                if free and day is not None and search_day != asked_day:
                    # the day asked is full or closed: said, with the nearest free day after it
                    # (bench y-20: "sudah penuh, silakan tanyakan hari lain" and no way on)
                    dispatcher.utter_message(
                        response="utter_booking_availability_full_next",
                        facility=fac.name,
                        date=format_date(asked_day),
                        reason=f" ({reason})" if reason else "",
                        next_date=format_date(search_day),
                        fee=fac.fee.describe(),
                        buttons=buttons,
                    )
                    continue
                if not free and (asked_day - now.date()).days > fac.max_notice_days:
                    # "tgl 3" read as 3 January: beyond the horizon, not "penuh atau tutup"
                    dispatcher.utter_message(
                        response="utter_booking_err_too_far",
                        facility=fac.name,
                        days=fac.max_notice_days,
                    )
                    continue
                if not free:
                    dispatcher.utter_message(
                        response="utter_booking_availability_none",
                        facility=fac.name,
                        date=format_date(asked_day),
                        reason=f" ({reason})" if reason else "",
                    )
                    continue
                dispatcher.utter_message(
                    response="utter_booking_availability",
                    facility=fac.name,
                    date=format_date(search_day),
                    fee=fac.fee.describe(),
                    buttons=buttons,
                )
        return said


def said_with(text: str, facilities: list[Facility]) -> list[EventType]:
    """The length and group said with the question ("... jam 4 masih kosong ga? mau main 2
    jam"), kept for the booking a tap on one of the times starts (ActionBookingReset keeps
    them for the same facility): not asked again (bench bookings5 v-05)."""
    if len(facilities) != 1 or text.startswith("/"):
        return []
    minutes, people = find_duration_minutes(text), find_people(text)
    if minutes is None and people is None:
        return []
    events: list[EventType] = [SlotSet("booking_facility", facilities[0].id)]
    if minutes is not None:
        events.append(SlotSet("booking_duration", str(minutes)))
    if people is not None:
        events.append(SlotSet("booking_people", str(people)))
    return events
