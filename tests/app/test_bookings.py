"""Booking service on real SQLite: rules, availability, cancel, reschedule, closures,
reminders, calendar file."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import Booking, BookingStatus, OutboxMessage
from app.services import bookings as svc
from app.services.conversations import get_or_create_conversation
from app.services.dates_id import TZ, local
from app.services.outbound import Outbound
from app.services.outbox import Policy
from app.services.outbox_worker import OutboxWorker
from core.message import OutgoingMessage
from tests.booking_writes import FACILITIES, committed

# Monday 23 November 2026, 10.00 in Jakarta.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
SAT = date(2026, 11, 28)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local(day, time(hour, minute))


def book(engine, start, *, facility="tenis-a", minutes=60, people=2, owner="web:a", **kw):
    return committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id=facility,
        start=start,
        minutes=minutes,
        people=people,
        name="Siti Aminah",
        phone="081234567890",
        owner_id=owner,
        now=NOW,
        **kw,
    )


def test_code_alphabet_has_no_lookalikes():
    codes = {svc.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert code.startswith("BK-") and len(code) == 9
        assert not set(code[3:]) & set("0O1I")
    assert svc.normalise_code("tolong batalkan bk 7k3m9q ya") == "BK-7K3M9Q"
    assert svc.normalise_code("BK-7K3M0Q") is None  # 0 is never used


def test_book_then_overlap_refused_with_next_free_slots(engine):
    first = book(engine, at(SAT, 8), minutes=120)
    assert first.code.startswith("BK-") and first.status == BookingStatus.CONFIRMED
    with pytest.raises(svc.SlotTaken) as taken:
        book(engine, at(SAT, 9), owner="web:b")
    assert taken.value.alternatives[0] == at(SAT, 10)
    assert len(taken.value.alternatives) == 3
    # Touching ends are fine ([start, end) ranges) and the other court is free.
    assert book(engine, at(SAT, 10), owner="web:b").code
    assert book(engine, at(SAT, 9), facility="tenis-b", owner="web:c").code


def test_database_refuses_overlap_even_without_the_service(engine):
    book(engine, at(SAT, 8))
    with Session(engine) as s, pytest.raises(IntegrityError, match="booking_no_overlap"):
        s.add(
            Booking(
                code="BK-ZZZZZZ",
                facility_id="tenis-a",
                start_at=at(SAT, 8, 30).astimezone(UTC),
                end_at=at(SAT, 9, 30).astimezone(UTC),
                people=1,
                name="x",
                phone="08123",
                owner_id="web:x",
            )
        )
        s.commit()


@pytest.mark.parametrize(
    ("start", "minutes", "people", "code"),
    [
        (at(date(2026, 11, 20), 8), 60, 2, "time_past"),
        (at(SAT, 5), 60, 2, "outside_hours"),
        (at(SAT, 21), 120, 2, "outside_hours"),
        (at(SAT, 8, 30), 60, 2, "not_on_grid"),
        (at(SAT, 8), 180, 2, "duration_out_of_range"),
        (at(SAT, 8), 60, 9, "over_capacity"),
        (at(date(2026, 11, 23), 10, 0) + timedelta(hours=0), 60, 2, "time_past"),
        (at(date(2027, 1, 20), 8), 60, 2, "too_far"),
    ],
)
def test_rules_give_a_reason(engine, start, minutes, people, code):
    with pytest.raises(svc.BookingError) as err:
        book(engine, start, minutes=minutes, people=people)
    assert err.value.code == code


def test_closed_days_and_unknown_facility(engine):
    with pytest.raises(svc.BookingError) as err:  # Christmas: library closed on holidays
        book(engine, at(date(2026, 12, 25), 9), facility="perpus-rapat-1")
    assert err.value.code == "closed_day" and "Natal" in err.value.params["reason"]
    with pytest.raises(svc.BookingError) as err:  # aula closed on Sundays
        book(engine, at(date(2026, 11, 29), 9), facility="aula-kecamatan")
    assert err.value.code == "closed_day"
    with pytest.raises(svc.BookingError) as err:
        book(engine, at(SAT, 9), facility="kolam-renang")
    assert err.value.code == "facility_unknown"


def test_quota_of_future_bookings(engine):
    for hour in (8, 10, 12):
        book(engine, at(SAT, hour), max_future=3)
    with pytest.raises(svc.BookingError) as err:
        book(engine, at(SAT, 14), max_future=3)
    assert err.value.code == "quota"
    # a new conversation (or channel) with the same phone number is the same person
    with pytest.raises(svc.BookingError) as err:
        book(engine, at(SAT, 14), owner="web:new-session", max_future=3)
    assert err.value.code == "quota"
    other = committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=at(SAT, 14),
        minutes=60,
        people=2,
        name="Budi",
        phone="081299998888",
        owner_id="web:other",
        now=NOW,
        max_future=3,
    )
    assert other.code


def test_free_slots_and_periods(engine):
    book(engine, at(SAT, 7), minutes=120)
    fac = svc.facility_or_error(FACILITIES, "tenis-a")
    with Session(engine) as s:
        morning = svc.free_slots(s, fac, SAT, now=NOW, between=(6, 11))
        assert [x.hour for x in morning] == [6, 9, 10]
        today = svc.free_slots(s, fac, NOW.date(), now=NOW)
        assert today[0] == at(NOW.date(), 11)  # one hour notice from 10.00


def test_cancel_only_by_owner_and_frees_the_slot(engine):
    booking = book(engine, at(SAT, 8))
    with pytest.raises(svc.BookingError) as err:
        committed(engine, svc.cancel, booking.code, owner_id="web:stranger", now=NOW)
    assert err.value.code == "not_owner"
    with pytest.raises(svc.BookingError) as err:
        committed(engine, svc.cancel, "BK-ZZZZZZ", owner_id="web:a", now=NOW)
    assert err.value.code == "not_found"
    done = committed(engine, svc.cancel, booking.code, owner_id="web:a", now=NOW)
    assert done.status == BookingStatus.CANCELLED
    with pytest.raises(svc.BookingError) as err:
        committed(engine, svc.cancel, booking.code, owner_id="web:a", now=NOW)
    assert err.value.code == "already_cancelled"
    assert book(engine, at(SAT, 8), owner="web:b").code  # the slot is free again


def test_reschedule_keeps_code_and_refuses_overlap(engine):
    mine = book(engine, at(SAT, 8), minutes=120)
    book(engine, at(SAT, 12), owner="web:b")
    moved = committed(
        engine, svc.reschedule, FACILITIES, mine.code, owner_id="web:a", start=at(SAT, 9), now=NOW
    )
    assert moved.code == mine.code
    assert svc.as_utc(moved.start_at) == at(SAT, 9) and svc.as_utc(moved.end_at) == at(SAT, 11)
    with pytest.raises(svc.SlotTaken) as taken:
        committed(
            engine,
            svc.reschedule,
            FACILITIES,
            mine.code,
            owner_id="web:a",
            start=at(SAT, 11),
            now=NOW,
        )
    assert taken.value.alternatives[0] == at(SAT, 13)
    with pytest.raises(svc.BookingError) as err:
        committed(
            engine,
            svc.reschedule,
            FACILITIES,
            mine.code,
            owner_id="web:b",
            start=at(SAT, 15),
            now=NOW,
        )
    assert err.value.code == "not_owner"


class Sink:
    def __init__(self):
        self.pushed: list[tuple[str, list[OutgoingMessage]]] = []

    async def push(self, conversation_id, messages):
        self.pushed.append((conversation_id, messages))
        return True


async def test_reminder_sent_once_the_day_before(engine):
    booking = book(engine, at(SAT, 8), owner="telegram:42")
    soon = book(engine, at(NOW.date(), 12), owner="web:b")  # booked < 24 h ahead: no reminder
    assert soon.reminder_due_at is None
    sink = Sink()
    assert (
        await svc.send_due_reminders(engine, sink, FACILITIES, now=at(date(2026, 11, 27), 7)) == 0
    )
    assert (
        await svc.send_due_reminders(engine, sink, FACILITIES, now=at(date(2026, 11, 27), 8, 5))
        == 1
    )
    assert (
        await svc.send_due_reminders(engine, sink, FACILITIES, now=at(date(2026, 11, 27), 9)) == 0
    )
    ((owner, messages),) = sink.pushed
    assert owner == "telegram:42"
    assert booking.code in messages[0].text and "Pengingat" in messages[0].text
    assert "Sabtu, 28 November 2026" in messages[0].text and "08.00" in messages[0].text


async def test_closure_flags_bookings(engine):
    booking = book(engine, at(SAT, 8))
    _closure, flagged = committed(
        engine, svc.add_closure, FACILITIES, "tenis-a", SAT, reason="perbaikan lapangan", by="budi"
    )
    assert [b.code for b in flagged] == [booking.code]
    assert flagged[0].flagged and "perbaikan lapangan" in flagged[0].flag_reason
    with pytest.raises(svc.BookingError) as err:
        book(engine, at(SAT, 15), owner="web:b")
    assert err.value.code == "closed_day" and err.value.params["reason"] == "perbaikan lapangan"


def test_ics_file(engine):
    booking = book(engine, at(SAT, 8), minutes=120)
    cal = icalendar.Calendar.from_ical(svc.ics_for(FACILITIES, booking))
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == f"{booking.code}@halowarga"
    assert event.decoded("dtstart") == at(SAT, 8)
    assert event.decoded("dtend") == at(SAT, 10)
    assert "dtstamp" in event and "Lapangan Tenis A" in str(event["summary"])


async def test_reminder_is_staged_in_the_outbox_with_its_claim(engine):
    """With the outbox as the sink: the reminder row is written in the transaction that
    marks the booking reminded (one idempotency key per booking), sent at once, and a
    channel that fails leaves it to the outbox worker, never lost or sent twice."""
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "43")
    booking = book(engine, at(SAT, 8), owner="telegram:43")
    outbound = Outbound(engine, Policy(backoff_base_s=0.0))
    sender = FailingOnce()
    outbound.register("telegram", sender)
    assert (
        await svc.send_due_reminders(engine, outbound, FACILITIES, now=at(date(2026, 11, 27), 8, 5))
        == 0
    )
    assert (
        await svc.send_due_reminders(engine, outbound, FACILITIES, now=at(date(2026, 11, 27), 9))
        == 0
    )
    with Session(engine) as s:
        (row,) = s.exec(select(OutboxMessage)).all()
        assert row.cause == f"booking:{booking.code}" and row.status == "pending"
        assert s.get(Booking, booking.id).reminder_sent_at is not None
    assert await OutboxWorker(engine, outbound).send_due() == 1
    assert len(sender.sent) == 1 and booking.code in sender.sent[0]


class FailingOnce:
    def __init__(self):
        self.calls, self.sent = 0, []

    async def send(self, user_id, messages):
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("telegram down")
        self.sent.extend(m.text for m in messages)
