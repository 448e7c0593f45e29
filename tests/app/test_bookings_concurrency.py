"""Never a double booking: 60 concurrent requests for the same slot, each in its own
thread with its own database session, give exactly one booking; the others are told the
slot is taken and get the next free slots. On SQLite and on the machine's PostgreSQL (a
database created for this test and dropped afterwards)."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.config import Settings
from app.db import make_engine, migrate
from app.models import Booking
from app.services import bookings as svc
from app.services.bookings import store as booking_store
from app.services.dates_id import TZ, local
from tests.booking_writes import FACILITIES, committed

REQUESTS = 60
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
SLOT = local(date(2026, 11, 28), time(8, 0))
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def race(engine: Engine, caplog: pytest.LogCaptureFixture) -> Counter[str]:
    barrier = threading.Barrier(REQUESTS)

    def attempt(i: int) -> str:
        barrier.wait()
        try:
            committed(
                engine,
                svc.book,
                FACILITIES,
                facility_id="futsal",
                start=SLOT,
                minutes=60,
                people=10,
                name=f"Warga {i}",
                phone="081234567890",
                owner_id=f"web:racer{i}",
                now=NOW,
            )
        except svc.SlotTaken as taken:
            assert taken.alternatives, "the loser must be offered other slots"
            assert taken.alternatives[0] == local(date(2026, 11, 28), time(9, 0))
            return "taken"
        return "booked"

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = Counter(pool.map(attempt, range(REQUESTS)))
    with Session(engine) as s:
        stored = s.exec(select(func.count()).select_from(Booking)).one()
    by_db = sum("race lost" in r.getMessage() for r in caplog.records)
    if booking_store._precheck_overlap.__name__ == "<lambda>":
        assert by_db == REQUESTS - 1
    print(
        f"\n{engine.dialect.name}: {REQUESTS} concurrent requests -> {dict(results)}, "
        f"{stored} row(s) stored; {by_db} refused by the database itself, "
        f"{results['taken'] - by_db} by the service's early check"
    )
    assert results == Counter(booked=1, taken=REQUESTS - 1)
    assert stored == 1
    return results


@pytest.fixture(params=["with early check", "database alone"])
def early_check(request, monkeypatch):
    """Run each race twice: as in production, and with the service's own overlap check
    switched off so that only the database stands between the requests."""
    if request.param == "database alone":
        monkeypatch.setattr(booking_store, "_precheck_overlap", lambda *args: False)
    return request.param


def test_sixty_concurrent_requests_one_booking_sqlite(tmp_path, caplog, early_check):
    caplog.set_level("INFO", logger="app.services.bookings")
    settings = Settings(environment="test", runtime_dir=tmp_path)
    engine = make_engine(settings)
    migrate(engine)
    try:
        race(engine, caplog)
    finally:
        engine.dispose()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    name = f"halo_t_{uuid.uuid4().hex}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # pragma: no cover - the service is part of the machine
        admin.dispose()
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 not usable: {error}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    engine = create_engine(url, pool_size=REQUESTS, max_overflow=10)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_sixty_concurrent_requests_one_booking_postgresql(pg_engine, caplog, early_check):
    caplog.set_level("INFO", logger="app.services.bookings")
    race(pg_engine, caplog)


def test_postgresql_constraint_refuses_overlap_directly(pg_engine):
    committed(
        pg_engine,
        svc.book,
        FACILITIES,
        facility_id="futsal",
        start=SLOT,
        minutes=120,
        people=5,
        name="A",
        phone="0812",
        owner_id="web:a",
        now=NOW,
    )
    with pg_engine.connect() as conn:
        kind = conn.execute(
            text("SELECT contype FROM pg_constraint WHERE conname = 'booking_no_overlap'")
        ).scalar()
        assert kind == "x"  # an exclusion constraint
    with pytest.raises(Exception, match="booking_no_overlap"), pg_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO booking (code, facility_id, start_at, end_at, people, name, "
                "phone, owner_id, status, flagged) VALUES ('BK-ZZZZZZ', 'futsal', "
                ":s, :e, 1, 'x', '1', 'web:x', 'confirmed', false)"
            ),
            {
                "s": local(date(2026, 11, 28), time(9, 0)),
                "e": local(date(2026, 11, 28), time(10, 0)),
            },
        )


def sqlite_engine(tmp_path) -> Engine:
    engine = make_engine(Settings(environment="test", runtime_dir=tmp_path))
    migrate(engine)
    return engine


def book_in(session: Session, owner: str, start: datetime = SLOT) -> Booking:
    return svc.book(
        session,
        FACILITIES,
        facility_id="futsal",
        start=start,
        minutes=60,
        people=5,
        name="A",
        phone="",
        owner_id=owner,
        now=NOW,
    )


def collision_then_fresh_code(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A drawn code that exists already: the insert's savepoint is rolled back and another
    code drawn, in the caller's one transaction (on PostgreSQL a failed statement would
    otherwise end the transaction)."""
    first = committed(engine, book_in, "web:first")
    codes = iter([first.code, "BK-FRESH2"])
    monkeypatch.setattr(booking_store, "new_code", lambda: next(codes))
    with Session(engine) as session:
        second = book_in(session, "web:second", local(date(2026, 11, 28), time(10, 0)))
        session.commit()
        assert second.code == "BK-FRESH2"
    with Session(engine) as s:
        assert sorted(s.exec(select(Booking.code)).all()) == sorted([first.code, "BK-FRESH2"])


def test_code_collision_retried_in_the_callers_transaction_sqlite(tmp_path, monkeypatch):
    engine = sqlite_engine(tmp_path)
    try:
        collision_then_fresh_code(engine, monkeypatch)
    finally:
        engine.dispose()


def test_code_collision_retried_in_the_callers_transaction_postgresql(pg_engine, monkeypatch):
    collision_then_fresh_code(pg_engine, monkeypatch)


def lost_race_keeps_the_callers_transaction(engine: Engine) -> None:
    """The caller owns the transaction: nothing is stored until it commits, and a race lost
    at the database (early check off) still answers with the free slots from the same,
    still usable, transaction."""
    with Session(engine) as session:
        book_in(session, "web:undone")
        session.rollback()  # the caller changes its mind: no booking
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Booking)).one() == 0
    committed(engine, book_in, "web:winner")
    with Session(engine) as session:
        with pytest.raises(svc.SlotTaken) as taken:
            book_in(session, "web:loser")
        assert taken.value.alternatives[0] == local(date(2026, 11, 28), time(9, 0))
        assert session.exec(select(func.count()).select_from(Booking)).one() == 1


def test_lost_race_in_the_callers_transaction_sqlite(tmp_path, monkeypatch):
    monkeypatch.setattr(booking_store, "_precheck_overlap", lambda *args: False)
    engine = sqlite_engine(tmp_path)
    try:
        lost_race_keeps_the_callers_transaction(engine)
    finally:
        engine.dispose()


def test_lost_race_in_the_callers_transaction_postgresql(pg_engine, monkeypatch):
    monkeypatch.setattr(booking_store, "_precheck_overlap", lambda *args: False)
    lost_race_keeps_the_callers_transaction(pg_engine)
