"""Staff API for bookings (real app, real SQLite): day lists, cancel with a reason (the
citizen is told through Outbound), closed dates (bookings flagged, owners told); the
.ics link; the reminder loop started in the app's lifespan."""

from __future__ import annotations

import time as time_mod
from datetime import datetime, time, timedelta

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.models import StaffRole
from app.services import bookings as svc
from app.services.calendar_links import ics_path
from app.services.conversations import get_or_create_conversation
from app.services.dates_id import TZ, local
from app.services.staff import create_staff
from tests.booking_writes import FACILITIES, committed
from tests.web_ids import web_sid

DAY = (datetime.now(TZ) + timedelta(days=3)).date()


@pytest.fixture
def client(tmp_path):
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        rasa_url="http://127.0.0.1:9",
        booking_reminder_interval_s=0.05,
    )
    with TestClient(create_app(settings)) as c:
        engine = c.app.state.ctx.engine
        with Session(engine) as s:
            create_staff(s, username="sari", password="rahasia-123", role=StaffRole.AGENT)
            create_staff(s, username="budi", password="rahasia-456", role=StaffRole.SUPERVISOR)
            get_or_create_conversation(s, "web", sid(c, "warga1"))
            get_or_create_conversation(s, "web", sid(c, "warga2"))
        yield c


def auth(client, username, password):
    token = client.post(
        "/api/staff/login", json={"username": username, "password": password}
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def sid(client, name):
    return web_sid(client.app.state.ctx.settings.secret_key, name)


def book(client, hour, owner="warga1", facility="tenis-a"):
    return committed(
        client.app.state.ctx.engine,
        svc.book,
        FACILITIES,
        facility_id=facility,
        start=local(DAY, time(hour)),
        minutes=60,
        people=2,
        name="Siti",
        phone="081234567890",
        owner_id=f"web:{sid(client, owner)}",
    )


def pushed(client, session_id):
    return [
        m["text"]
        for m in client.get(f"/api/chat/{sid(client, session_id)}/updates").json()["messages"]
    ]


def test_day_list_needs_a_signed_in_staff_member(client):
    b1 = book(client, 8)
    b2 = book(client, 10, owner="warga2")
    assert client.get(f"/api/staff/bookings/tenis-a/{DAY}").status_code == 401
    resp = client.get(
        f"/api/staff/bookings/tenis-a/{DAY}", headers=auth(client, "sari", "rahasia-123")
    )
    assert resp.status_code == 200
    assert [b["code"] for b in resp.json()] == [b1.code, b2.code]
    assert "owner_id" not in resp.json()[0]
    unknown = client.get(
        f"/api/staff/bookings/kolam/{DAY}", headers=auth(client, "sari", "rahasia-123")
    )
    assert unknown.status_code == 404
    facilities = client.get(
        "/api/staff/bookings/facilities", headers=auth(client, "sari", "rahasia-123")
    )
    assert {f["id"] for f in facilities.json()} >= {"tenis-a", "gor", "aula-kecamatan"}


def test_cancel_with_reason_tells_the_citizen(client):
    booking = book(client, 8)
    url = f"/api/staff/bookings/{booking.code}/cancel"
    body = {"reason": "lapangan dipakai upacara"}
    assert (
        client.post(url, json=body, headers=auth(client, "sari", "rahasia-123")).status_code == 403
    )
    resp = client.post(url, json=body, headers=auth(client, "budi", "rahasia-456"))
    assert resp.status_code == 200
    assert resp.json()["booking"]["status"] == "cancelled" and resp.json()["citizen_told"]
    (message,) = pushed(client, "warga1")
    assert booking.code in message and "lapangan dipakai upacara" in message
    again = client.post(url, json=body, headers=auth(client, "budi", "rahasia-456"))
    assert again.status_code == 409
    missing = client.post(
        "/api/staff/bookings/BK-ZZZZZZ/cancel",
        json=body,
        headers=auth(client, "budi", "rahasia-456"),
    )
    assert missing.status_code == 404


def test_closed_date_flags_bookings_and_tells_owners(client):
    b1 = book(client, 8)
    b2 = book(client, 12, owner="warga2")
    other_court = book(client, 8, facility="tenis-b", owner="warga2")
    resp = client.post(
        "/api/staff/bookings/tenis-a/closures",
        json={"day": DAY.isoformat(), "reason": "perbaikan lapangan"},
        headers=auth(client, "budi", "rahasia-456"),
    )
    assert resp.status_code == 200
    body = resp.json()
    assert sorted(b["code"] for b in body["flagged"]) == sorted([b1.code, b2.code])
    assert all(b["flagged"] for b in body["flagged"]) and body["owners_told"] == 2
    assert any("perbaikan lapangan" in m for m in pushed(client, "warga1"))
    assert other_court.code not in str(body)
    with pytest.raises(svc.BookingError) as err:
        book(client, 15)
    assert err.value.code == "closed_day"


def test_calendar_link_is_signed(client):
    booking = book(client, 8)
    path = ics_path(booking.code, client.app.state.ctx.settings.secret_key)
    resp = client.get(path)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(resp.content).walk("VEVENT")
    assert str(event["uid"]) == f"{booking.code}@halowarga"
    assert client.get(f"/api/bookings/{booking.code}.ics?t=forged").status_code == 404


def test_reminder_loop_runs_in_the_app(client):
    # Due at once: the booking starts within the reminder lead time of 24 hours.
    engine = client.app.state.ctx.engine
    booking = book(client, 8)
    with Session(engine) as s:
        row = svc.get_by_code(s, booking.code)
        row.reminder_due_at = svc.as_utc(datetime.now(TZ) - timedelta(minutes=1))
        s.add(row)
        s.commit()
    deadline = time_mod.monotonic() + 5
    while time_mod.monotonic() < deadline and not pushed(client, "warga1"):
        time_mod.sleep(0.05)
    (message,) = pushed(client, "warga1")
    assert "Pengingat" in message and booking.code in message
