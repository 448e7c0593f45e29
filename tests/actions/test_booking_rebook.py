"""A change of schedule for a booking already cancelled starts a new booking of the same
facility (actions/booking/rebook.py; bench w-25: "batalin BK-... aja", then "ganti lusa jam 2
siang aja ruang melatinya bisa?" was answered 'sudah dibatalkan sebelumnya' and a code asked
until an officer took over)."""

from __future__ import annotations

from datetime import datetime

from actions import booking as act
from actions import context as action_context
from app.services import bookings as svc
from app.services.dates_id import TZ
from tests.actions.booking_helpers import (
    NOW,
    pinned_clock,  # noqa: F401 (the autouse clock)
    run,
    tracker,
)


def a_booking(owner: str, *, cancelled: bool) -> str:
    ctx = action_context.get()
    with ctx.session() as session:
        booking = svc.book(
            session,
            ctx.facilities,
            facility_id="perpus-rapat-1",
            start=datetime(2026, 11, 24, 14, 0, tzinfo=TZ),
            minutes=60,
            people=8,
            name="Salsa",
            phone="085775758484",
            owner_id=owner,
            now=NOW,
        )
        code = booking.code
        session.commit()
        if cancelled:
            svc.cancel(session, code, owner_id=owner, now=NOW)
            session.commit()
    return code


def moving(text: str, owner: str, code: str):
    trk = tracker(text, sender=owner, intent="reschedule_booking", loop="reschedule_booking_form")
    trk.events = [{"event": "bot", "text": f"Pemesanan {code} sudah dibatalkan."}]
    return trk


async def test_moving_a_cancelled_booking_books_the_same_facility_again(engine) -> None:
    owner = "web:rebook1"
    code = a_booking(owner, cancelled=True)
    msgs, slots = await run(
        act.ValidateRescheduleBookingForm(),
        moving("ganti lusa jam 2 siang aja ruang melatinya bisa?", owner, code),
    )
    assert code in msgs[0]["text"] and "pemesanan baru" in msgs[0]["text"]
    assert slots["booking_facility"] == "perpus-rapat-1"
    assert slots["booking_duration"] == "60" and slots["booking_people"] == "8"
    assert slots.get("booking_code") is None


async def test_a_booking_still_on_is_moved_as_before(engine) -> None:
    owner = "web:rebook2"
    code = a_booking(owner, cancelled=False)
    msgs, slots = await run(
        act.ValidateRescheduleBookingForm(),
        moving(f"ganti {code} jadi lusa jam 2 siang", owner, code),
    )
    assert not any("pemesanan baru" in str(m.get("text")) for m in msgs)
    assert slots.get("booking_code") == code
