"""Facility booking: availability, book, cancel, reschedule, closed dates, reminders, .ics.

Every entry point (chat actions, staff API, CLI) calls these functions. Like the other
services they work in the caller's Session: the writes (book, cancel, reschedule, close a
day) never commit, the caller does (and may stage the citizen's message in the same
transaction); from async code the caller runs them in a thread (``app.db.in_session``).

Never a double booking: the database refuses overlapping bookings itself (PostgreSQL
exclusion constraint; SQLite triggers, see migration ``i5_bookings``). On SQLite every
booking write also runs in ``BEGIN IMMEDIATE`` (:func:`app.db.hold_write_lock`), so
concurrent writers queue for the write lock instead of failing half-way. The service checks
for overlaps before writing to give a friendly answer; the database has the last word, and
a lost race becomes :class:`SlotTaken` carrying the next free slots. The insert (or the
move) runs in a savepoint, so a lost race is answered, and a colliding code drawn again,
within the caller's transaction on both databases.

The package is split by job; ``from app.services import bookings`` gives every name:

- :mod:`.rules`         catalogue, closed days, hours, grid, duration, notice, capacity;
- :mod:`.availability`  overlapping bookings, free slots, the next free slots;
- :mod:`.store`         book, cancel, reschedule, close a day (the writes), booking codes;
- :mod:`.calendar`      a booking described for the texts, its iCalendar file;
- :mod:`.reminders`     messages to the citizen, the reminder loop;
- :mod:`.errors`        the errors below.

Errors (codes name the Rasa response / app text that explains them to the citizen)::

    BookingError             409 (core.errors); .code is what an API answers
    ├── BookingNotFound  404, code "not_found" (get_by_code; find_by_code returns None)
    └── SlotTaken        someone else holds the time; .alternatives = next free starts
"""

from __future__ import annotations

from app.services.bookings.availability import free_slots, next_free_slots, overlapping
from app.services.bookings.calendar import describe, ics_for
from app.services.bookings.errors import BookingError, BookingNotFound, SlotTaken
from app.services.bookings.reminders import Sink, notify, reminder_loop, send_due_reminders
from app.services.bookings.rules import (
    _hours,
    as_utc,
    catalogue,
    check_day,
    check_rules,
    closed_reason,
    closures,
    facility_or_error,
)
from app.services.bookings.store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PREFIX,
    add_closure,
    book,
    bookings_on,
    cancel,
    count_future,
    find_by_code,
    get_by_code,
    new_code,
    normalise_code,
    owned_booking,
    reschedule,
    upcoming_of,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CODE_PREFIX",
    "BookingError",
    "BookingNotFound",
    "Sink",
    "SlotTaken",
    "_hours",
    "add_closure",
    "as_utc",
    "book",
    "bookings_on",
    "cancel",
    "catalogue",
    "check_day",
    "check_rules",
    "closed_reason",
    "closures",
    "count_future",
    "describe",
    "facility_or_error",
    "find_by_code",
    "free_slots",
    "get_by_code",
    "ics_for",
    "new_code",
    "next_free_slots",
    "normalise_code",
    "notify",
    "overlapping",
    "owned_booking",
    "reminder_loop",
    "reschedule",
    "send_due_reminders",
    "upcoming_of",
]
