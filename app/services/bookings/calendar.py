"""A booking described: the values the Indonesian texts use, and its iCalendar file."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from app.models import Booking, BookingStatus
from app.services.bookings.rules import as_utc
from app.services.facilities import Catalogue
from core.lang.when import TZ, format_date, format_time


def describe(facilities: Catalogue, booking: Booking) -> dict[str, str]:
    """Values for the Indonesian texts that mention a booking (its facility from the app's
    catalogue)."""
    fac = facilities.get(booking.facility_id)
    start = as_utc(booking.start_at).astimezone(TZ)
    end = as_utc(booking.end_at).astimezone(TZ)
    return {
        "code": booking.code,
        "facility": fac.name if fac else booking.facility_id,
        "location": fac.location if fac else "",
        "date": format_date(start.date()),
        "start": format_time(start),
        "end": format_time(end),
        "people": str(booking.people),
        "name": booking.name,
        "fee": fac.fee.describe() if fac else "",
        "rules": " ".join(fac.house_rules) if fac else "",
    }


def ics_for(facilities: Catalogue, booking: Booking) -> bytes:
    """An iCalendar file for the booking (UID, DTSTAMP, a reminder a day before)."""
    info = describe(facilities, booking)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Halo Warga//Pemesanan Fasilitas//ID")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{booking.code}@halowarga")
    event.add("dtstamp", as_utc(booking.updated_at or booking.created_at))
    event.add("dtstart", as_utc(booking.start_at).astimezone(TZ))
    event.add("dtend", as_utc(booking.end_at).astimezone(TZ))
    event.add("summary", f"{info['facility']} ({booking.code})")
    event.add("location", info["location"])
    event.add(
        "description",
        f"Kode pemesanan {booking.code}. {info['people']} orang, atas nama {booking.name}. "
        f"Biaya: {info['fee']}. {info['rules']}",
    )
    if booking.status == BookingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Besok: {info['facility']} pukul {info['start']}")
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    cal.add_component(event)
    return bytes(cal.to_ical())
