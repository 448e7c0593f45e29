"""A small city fortnight with known answers: complaints, conversations, handoffs and
bookings with exact timestamps, for the analytics tests (figures computed by hand in
tests/app/test_analytics.py) and the dashboard / public index pages in Chromium.

The period is 2026-11-02 .. 2026-11-15 (Jakarta time, UTC+7). Every timestamp below is
UTC; "WIB" comments give the local time where a date boundary matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import (
    Booking,
    BookingStatus,
    Complaint,
    ComplaintHistory,
    ComplaintStatus,
    Conversation,
    FacilityClosure,
    HandoffRequest,
    HandoffStatus,
    MessageLog,
    Privacy,
)
from app.services.complaints import routing
from core.lang.when import local

START = date(2026, 11, 2)
END = date(2026, 11, 15)

# Personal data written into the seed: none of it may reach the public index.
PERSONAL = {
    "names": ["Siti Rahmawati", "Bambang Sutrisno", "Dewi Lestari"],
    "phones": ["081234567890", "6281298765432", "085711112222"],
    "nik_hmacs": ["a" * 64],
    "addresses": ["Jl. Melati No. 5 RT 03", "Gang Mawar 12", "Jl. Kenanga 7"],
    "emails": ["siti@example.org"],
}


def u(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Step:
    to: ComplaintStatus
    at: datetime
    author: str = "petugas1"


S = ComplaintStatus
FLOW_TO_DONE = (S.DIVERIFIKASI, S.DIDISPOSISIKAN, S.DIPROSES)


def _flow(first: datetime, done: datetime | None) -> list[Step]:
    """diterima -> diverifikasi at ``first``, then disposisi and proses one minute apart,
    and selesai at ``done`` (when given)."""
    steps = [Step(s, first.replace(minute=first.minute + i)) for i, s in enumerate(FLOW_TO_DONE)]
    if done is not None:
        steps.append(Step(S.SELESAI, done))
    return steps


# (key, category, dinas, kelurahan, source, conversation, created, expected, steps, rating)
COMPLAINTS = [
    # C1: response 4 h, resolved after 48 h, on time, rated 5
    ("C1", "jalan_rusak", "DPUPR", "Sukamaju", "chat", "telegram:111", u(11, 2, 1),
     date(2026, 11, 11), _flow(u(11, 2, 5), u(11, 4, 1)), 5),
    # C2: response 10 h, first resolution after 240 h (11-13 09:00 WIB > due 11-12: late),
    # rated 2, then reopened (selesai -> diproses) and resolved again
    ("C2", "jalan_rusak", "DPUPR", "Sukamaju", "chat", "whatsapp:222", u(11, 3, 2),
     date(2026, 11, 12),
     [*_flow(u(11, 3, 12), u(11, 13, 2)), Step(S.DIPROSES, u(11, 14, 2)),
      Step(S.SELESAI, u(11, 15, 2))], 2),
    # C3: response 1 h, resolved after 24 h, on time, rated 4
    ("C3", "lampu_jalan", "DISHUB", "Sukasari", "chat", "web:333", u(11, 4, 3),
     date(2026, 11, 9), _flow(u(11, 4, 4), u(11, 5, 3)), 4),
    # C4: response 2 h, still diproses after its due date 11-10: overdue
    ("C4", "lampu_jalan", "DISHUB", "Sukasari", "chat", "telegram:444", u(11, 5, 0),
     date(2026, 11, 10), _flow(u(11, 5, 2), None), None),
    # C5: Open311, no kelurahan, rejected after 6 h (first response; outside the SLA)
    ("C5", "lampu_jalan", "DISHUB", None, "open311", None, u(11, 6, 0),
     date(2026, 11, 11), [Step(S.DITOLAK, u(11, 6, 6))], None),
    # C6: never answered, due 11-10: overdue
    ("C6", "sampah", "DLH", "Sukamaju", "chat", "web:666", u(11, 7, 0),
     date(2026, 11, 10), [], None),
    # C7: response 8 h, resolved after 24 h, on time, rated 3
    ("C7", "jalan_rusak", "DPUPR", "Sukasari", "chat", "whatsapp:777", u(11, 9, 0),
     date(2026, 11, 18), _flow(u(11, 9, 8), u(11, 10, 0)), 3),
    # C8: filed 11-02 00:30 WIB (11-01 17:30 UTC: inside the period); response 8 h;
    # resolved 11-05 17:30 UTC = 11-06 00:30 WIB, after the due date 11-05: late;
    # 96 h; rated 5
    ("C8", "lampu_jalan", "DISHUB", "Sukamaju", "chat", "telegram:888", u(11, 1, 17, 30),
     date(2026, 11, 5), _flow(u(11, 2, 1, 30), u(11, 5, 17, 30)), 5),
    # outside the period: 11-01 23:30 WIB and 11-16 00:00 WIB
    ("X1", "jalan_rusak", "DPUPR", "Sukamaju", "chat", "telegram:901", u(11, 1, 16, 30),
     date(2026, 11, 10), _flow(u(11, 1, 18), u(11, 1, 20)), 1),
    ("X2", "jalan_rusak", "DPUPR", "Sukasari", "chat", "telegram:902", u(11, 15, 17),
     date(2026, 11, 25), [], None),
    # a duplicate of C1 merged into it by an officer (closed as ditolak): not counted
    ("M1", "jalan_rusak", "DPUPR", "Sukamaju", "chat", "telegram:903", u(11, 2, 3),
     date(2026, 11, 11), [Step(S.DITOLAK, u(11, 2, 4))], None),
]  # fmt: skip


def seed_complaints(session: Session) -> None:
    ids: dict[str, int] = {}
    for i, (key, cat, dinas, kel, source, conv, created, due, steps, rating) in enumerate(
        COMPLAINTS, start=1
    ):
        person = i % 3
        final = steps[-1].to if steps else S.DITERIMA
        c = Complaint(
            ticket_code=f"LPR-2026-{i:06d}",
            year=2026,
            seq=i,
            category=cat,
            dinas_code=dinas,
            description=f"Laporan {key} dari {PERSONAL['names'][person]} di depan rumah",
            address=PERSONAL["addresses"][person],
            kelurahan=kel,
            privacy=Privacy.BIASA,
            source=source,
            reporter_conversation_id=conv,
            reporter_name=PERSONAL["names"][person],
            reporter_phone=PERSONAL["phones"][person],
            reporter_email=PERSONAL["emails"][0],
            nik_hmac=PERSONAL["nik_hmacs"][0],
            status=final,
            status_reason="Bukan laporan yang valid" if final is S.DITOLAK else None,
            expected_date=due,
            rating=rating,
            created_at=created,
            updated_at=created,
        )
        if key == "M1":
            c.merged_into_id = ids["C1"]
        session.add(c)
        session.flush()
        assert c.id is not None
        ids[key] = c.id
        session.add(ComplaintHistory(complaint_id=c.id, to_status="diterima", note="",
                                     author="sistem", created_at=created))  # fmt: skip
        previous = S.DITERIMA
        for step in steps:
            session.add(
                ComplaintHistory(
                    complaint_id=c.id,
                    from_status=previous.value,
                    to_status=step.to.value,
                    note="",
                    author=step.author,
                    created_at=step.at,
                )
            )
            if step.to is S.SELESAI and rating is not None and previous is not S.SELESAI:
                # the citizen's rating: recorded as selesai -> selesai (not a resolution)
                session.add(
                    ComplaintHistory(
                        complaint_id=c.id,
                        from_status="selesai",
                        to_status="selesai",
                        note=f"Penilaian warga: {rating}/5.",
                        author="warga",
                        created_at=step.at.replace(minute=30),
                    )
                )
            previous = step.to
    session.commit()


# (conversation, [citizen message times], handoff (requested, claimed, closed, after_hours))
CONVERSATIONS = [
    ("telegram:111", [u(11, 2, 1)], None),
    ("whatsapp:222", [u(11, 3, 2), u(11, 3, 3)],
     (u(11, 3, 3), u(11, 3, 3, 10), u(11, 3, 3, 30), False)),
    ("web:333", [u(11, 4, 3)], (u(11, 4, 4), u(11, 4, 4, 30), u(11, 4, 5), False)),
    ("web:444", [u(11, 7, 13)], (u(11, 7, 14), u(11, 8, 1), u(11, 8, 2), True)),
    ("web:555", [u(11, 8, 2)], (u(11, 8, 3), None, u(11, 8, 3, 20), False)),
    ("telegram:666", [u(11, 10, 1)], (u(11, 10, 2), u(11, 10, 2, 4), u(11, 10, 3), False)),
    ("telegram:777", [u(10, 30, 1)], None),  # wrote before the period; only the bot after
    ("whatsapp:888", [u(11, 20, 1)], (u(11, 20, 2), u(11, 20, 2, 5), None, False)),
    ("telegram:999", [u(11, 12, 1)], (u(10, 30, 2), u(10, 30, 2, 1), u(10, 30, 3), False)),
]  # fmt: skip


def seed_conversations(session: Session) -> None:
    for conv_id, times, handoff in CONVERSATIONS:
        channel, _, external = conv_id.partition(":")
        session.add(Conversation(id=conv_id, channel=channel, external_id=external,
                                 created_at=times[0], last_seen_at=times[-1]))  # fmt: skip
        session.flush()
        for n, at in enumerate(times):
            session.add(MessageLog(conversation_id=conv_id, direction="in", sender="citizen",
                                   text=f"pesan {n}", created_at=at))  # fmt: skip
        # the assistant answered inside the period, also where the citizen wrote before it
        session.add(MessageLog(conversation_id=conv_id, direction="out", sender="bot",
                               text="baik", created_at=u(11, 5, 9)))  # fmt: skip
        if handoff is not None:
            requested, claimed, closed, after_hours = handoff
            status = HandoffStatus.CLOSED if closed else HandoffStatus.CLAIMED
            session.add(
                HandoffRequest(
                    conversation_id=conv_id,
                    reason="request_human",
                    status=status,
                    after_hours=after_hours,
                    requested_at=requested,
                    claimed_at=claimed,
                    closed_at=closed,
                    outcome=None if closed is None else ("closed" if claimed else "cancelled"),
                    rasa_synced=True,
                )
            )
    session.commit()


# (code, facility, day, start hour, hours, status, checked in)
BOOKINGS = [
    ("BK-AAAAA2", "tenis-a", date(2026, 11, 3), 8, 2, BookingStatus.CONFIRMED, True),
    ("BK-AAAAA3", "tenis-a", date(2026, 11, 4), 15, 1, BookingStatus.CONFIRMED, False),
    ("BK-AAAAA4", "tenis-a", date(2026, 11, 5), 9, 1, BookingStatus.CANCELLED, False),
    ("BK-AAAAA5", "futsal", date(2026, 11, 7), 19, 2, BookingStatus.CONFIRMED, True),
    ("BK-AAAAA6", "futsal", date(2026, 11, 16), 8, 1, BookingStatus.CONFIRMED, False),
]


def seed_bookings(session: Session) -> None:
    for i, (code, fac, day, hour, hours, status, checked) in enumerate(BOOKINGS):
        start = local(day, time(hour, 0)).astimezone(UTC)  # stored in UTC, as the service does
        session.add(
            Booking(
                code=code,
                facility_id=fac,
                start_at=start,
                end_at=start + timedelta(hours=hours),
                people=4,
                name=PERSONAL["names"][i % 3],
                phone=PERSONAL["phones"][i % 3],
                owner_id=f"telegram:b{i}",
                status=status,
                checked_in_at=start if checked else None,
                checked_in_by="penjaga" if checked else None,
            )
        )
    # a staff closure inside the period: tenis-a closed on 11-10
    session.add(FacilityClosure(facility_id="tenis-a", day=date(2026, 11, 10), reason="perbaikan"))
    session.commit()


MONTH_CATEGORIES = (
    ["jalan_rusak"] * 20 + ["lampu_jalan"] * 15 + ["sampah"] * 12 + ["banjir_drainase"] * 8
    + ["pohon_tumbang"] * 3 + ["air_bersih"] * 2
)  # fmt: skip
MONTH_KELURAHAN = [
    "Sukamaju",
    "Sukasari",
    "Kebonsari",
    "Mekarjaya",
    "Tegalsari",
    "Sidomulyo",
    "Karanganyar",
]
MONTH_CHANNELS = ["telegram:m", "whatsapp:m", "web:m", None]


def seed_month(session: Session) -> None:
    """October 2026: 60 complaints in a regular pattern, for the pages' screenshots and the
    public index's pooling (groups of 2 and 3 complaints next to groups of 8 and more)."""
    table = routing()
    for i, cat in enumerate(MONTH_CATEGORIES):
        created = u(10, 1 + i % 28, 2)
        kel = "Cibening" if i >= 57 else MONTH_KELURAHAN[i % 7]
        conv = MONTH_CHANNELS[i % 4]
        done = i % 5 != 4
        first = created + timedelta(hours=1 + i % 9)
        resolved = created + timedelta(hours=24 * (1 + i % 6)) if done else None
        steps = _flow(first, resolved)
        if done and i % 11 == 0:
            assert resolved is not None
            steps += [
                Step(S.DIPROSES, resolved + timedelta(hours=5)),
                Step(S.SELESAI, resolved + timedelta(hours=30)),
            ]
        c = Complaint(
            ticket_code=f"LPR-2026-{100 + i:06d}",
            year=2026,
            seq=100 + i,
            category=cat,
            dinas_code=table.category(cat).dinas,
            description=f"Laporan bulan Oktober nomor {i}",
            address=PERSONAL["addresses"][i % 3],
            kelurahan=kel,
            source="chat" if conv else "open311",
            reporter_conversation_id=f"{conv}{i}" if conv else None,
            reporter_name=PERSONAL["names"][i % 3],
            reporter_phone=PERSONAL["phones"][i % 3],
            status=steps[-1].to,
            expected_date=(created + timedelta(days=5)).date(),
            rating=(5, 4, 2)[i % 3] if done else None,
            created_at=created,
            updated_at=created,
        )
        session.add(c)
        session.flush()
        assert c.id is not None
        previous = S.DITERIMA
        for step in steps:
            session.add(ComplaintHistory(complaint_id=c.id, from_status=previous.value,
                                         to_status=step.to.value, note="", author=step.author,
                                         created_at=step.at))  # fmt: skip
            previous = step.to
    session.commit()


def seed_all(engine: Engine, month: bool = False) -> None:
    with Session(engine) as session:
        seed_complaints(session)
        seed_conversations(session)
        seed_bookings(session)
        if month:
            seed_month(session)
