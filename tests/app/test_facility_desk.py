"""The facility desk (real app, real SQLite and PostgreSQL): a day and a week calendar,
removing a staff closure (flags cleared, owners told), and check-in of a booking code
(once, on its day, from an hour before the start until the end)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine, migrate
from app.main import create_app
from app.models import Booking, StaffRole
from app.services import bookings as booking_service
from app.services import facility_desk as desk
from app.services.conversations import get_or_create_conversation
from app.services.staff import create_staff
from core.lang.when import TZ, local
from tests.app.test_analytics import database_url  # noqa: F401  (sqlite + postgresql)
from tests.booking_writes import FACILITIES, committed
from tests.web_ids import web_sid

DAY = (datetime.now(TZ) + timedelta(days=3)).date()  # bookable: 14 days ahead at most


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:  # noqa: F811
    eng = make_engine(Settings(environment="test", runtime_dir=tmp_path, database_url=database_url))
    migrate(eng)
    yield eng
    eng.dispose()


def book(engine: Engine, hour: int, minutes: int = 60, owner: str = "web:x", day: date = DAY):
    return committed(
        engine,
        booking_service.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(day, time(hour)),
        minutes=minutes,
        people=2,
        name="Siti",
        phone="081234567890",
        owner_id=owner,
    )


def test_week_calendar(engine: Engine) -> None:
    b1 = book(engine, 8, 120)
    b2 = book(engine, 15)
    shut = DAY + timedelta(days=1 if DAY.weekday() < 6 else -1)  # another day of that week
    committed(
        engine,
        booking_service.add_closure,
        FACILITIES,
        "tenis-a",
        shut,
        reason="perbaikan",
        by="budi",
    )
    with Session(engine) as s:
        week = desk.calendar(s, FACILITIES, "tenis-a", DAY, "week")
        one = desk.calendar(s, FACILITIES, "tenis-a", DAY, "day")
    dates = [d["date"] for d in week["days"]]
    monday = DAY - timedelta(days=DAY.weekday())
    assert dates == [(monday + timedelta(days=i)).isoformat() for i in range(7)]
    today = week["days"][DAY.weekday()]
    assert [(b["code"], b["start"], b["end"]) for b in today["bookings"]] == [
        (b1.code, "08.00", "10.00"),
        (b2.code, "15.00", "16.00"),
    ]
    assert (today["open"], today["close"], today["closed_reason"]) == ("06.00", "22.00", None)
    assert [d["date"] for d in one["days"]] == [DAY.isoformat()]
    closed = [d for d in week["days"] if d["staff_closure"]]
    assert [(d["date"], d["closed_reason"]) for d in closed] == [(shut.isoformat(), "perbaikan")]
    with pytest.raises(desk.DeskError):
        desk.calendar(Session(engine), FACILITIES, "kolam", DAY)


def test_check_in_window(engine: Engine) -> None:
    b = book(engine, 10, 120)
    at = lambda h, m=0: local(DAY, time(h, m))  # noqa: E731
    with pytest.raises(desk.DeskError) as err:
        committed(engine, desk.check_in, b.code, by="penjaga", now=at(8, 59))
    assert (err.value.key, err.value.message) == (
        "too_early",
        "Check-in baru bisa mulai pukul 09.00.",
    )
    with pytest.raises(desk.DeskError) as err:
        committed(engine, desk.check_in, b.code, by="penjaga", now=at(10) - timedelta(days=1))
    assert err.value.key == "not_today"
    with pytest.raises(desk.DeskError) as err:
        committed(engine, desk.check_in, b.code, by="penjaga", now=at(12))
    assert err.value.key == "ended"
    done = committed(engine, desk.check_in, f"  {b.code.lower()} ", by="penjaga", now=at(9, 30))
    assert done.checked_in_by == "penjaga"
    assert booking_service.as_utc(done.checked_in_at).astimezone(TZ) == at(9, 30)  # type: ignore[arg-type]
    with pytest.raises(desk.DeskError) as err:
        committed(engine, desk.check_in, b.code, by="penjaga", now=at(9, 45))
    assert (err.value.key, err.value.message) == (
        "already_checked_in",
        "Sudah check-in pada 09.30.",
    )
    with pytest.raises(desk.DeskError) as err:
        committed(engine, desk.check_in, "BK-ZZZZZZ", by="penjaga", now=at(10))
    assert err.value.key == "not_found"
    other = book(engine, 14)
    committed(engine, booking_service.cancel, other.code, owner_id=None, by="budi", reason="hujan")
    with pytest.raises(desk.DeskError) as err:
        committed(engine, desk.check_in, other.code, by="penjaga", now=at(14))
    assert err.value.key == "booking_cancelled"


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:  # noqa: F811
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
    )
    with TestClient(create_app(settings)) as c:
        with Session(c.app.state.ctx.engine) as s:
            create_staff(s, username="sari", password="rahasia-123", role=StaffRole.AGENT)
            create_staff(s, username="budi", password="rahasia-456", role=StaffRole.SUPERVISOR)
            get_or_create_conversation(s, "web", web_sid(settings.secret_key, "warga1"))
        yield c


def auth(client: TestClient, username: str, password: str) -> dict[str, str]:
    r = client.post("/api/staff/login", json={"username": username, "password": password})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_closure_removed_and_owner_told(client: TestClient) -> None:
    sid = web_sid(client.app.state.ctx.settings.secret_key, "warga1")
    b = book(client.app.state.ctx.engine, 8, owner=f"web:{sid}")
    sup, agent = auth(client, "budi", "rahasia-456"), auth(client, "sari", "rahasia-123")
    base = "/api/staff/facility-desk/tenis-a"
    added = client.post(
        "/api/staff/bookings/tenis-a/closures",
        json={"day": DAY.isoformat(), "reason": "perbaikan jaring"},
        headers=sup,
    )
    assert [x["code"] for x in added.json()["flagged"]] == [b.code]
    listed = client.get(f"{base}/closures", headers=agent).json()
    assert [(c["day"], c["reason"], c["by"]) for c in listed] == [
        (DAY.isoformat(), "perbaikan jaring", "budi")
    ]
    assert client.delete(f"{base}/closures/{DAY}", headers=agent).status_code == 403
    removed = client.delete(f"{base}/closures/{DAY}", headers=sup)
    assert removed.json() == {
        "facility_id": "tenis-a",
        "day": DAY.isoformat(),
        "unflagged": [b.code],
        "owners_told": 1,
    }
    texts = [m["text"] for m in client.get(f"/api/chat/{sid}/updates").json()["messages"]]
    assert any("tetap buka" in t and b.code in t for t in texts)
    again = client.delete(f"{base}/closures/{DAY}", headers=sup)
    assert (again.status_code, again.json()["detail"]["code"]) == (404, "closure_not_found")
    cal = client.get(f"{base}/calendar", params={"day": DAY.isoformat()}, headers=agent).json()
    (row,) = cal["days"][0]["bookings"]
    assert (row["code"], row["flagged"], row["checked_in"]) == (b.code, False, None)
    assert client.get(f"{base}/calendar", headers={}).status_code == 401


def test_check_in_api(client: TestClient) -> None:
    # a booking under way now (written directly: the booking rules want notice ahead)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    booking = Booking(
        code="BK-CEKXN2",
        facility_id="tenis-a",
        start_at=now,
        end_at=now + timedelta(hours=1),
        people=2,
        name="Siti",
        phone="081234567890",
        owner_id="web:x",
    )
    with Session(client.app.state.ctx.engine) as s:
        s.add(booking)
        s.commit()
        s.refresh(booking)
    agent = auth(client, "sari", "rahasia-123")
    r = client.post("/api/staff/facility-desk/check-in", json={"code": booking.code}, headers=agent)
    assert r.status_code == 200, r.text
    assert (r.json()["code"], r.json()["checked_in_by"], r.json()["facility"]) == (
        booking.code,
        "sari",
        "Lapangan Tenis A (Taman Kota)",
    )
    again = client.post(
        "/api/staff/facility-desk/check-in", json={"code": booking.code}, headers=agent
    )
    assert again.status_code == 409 and again.json()["detail"]["code"] == "already_checked_in"
    desk_info = client.get("/api/staff/facility-desk", headers=agent).json()
    assert desk_info["texts"]["check_in_button"] == "Check-in"
