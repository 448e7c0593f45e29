"""Two apps in one process share nothing through module memory: each ``create_app(settings)``
builds its own context (app/context.py), with its own database, settings, services, hub and
rate limits; a turn, an action and a throttle in one are not seen by the other, and each
books from the facilities file its own settings name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from actions.server import SECRET_HEADER
from app.models import Booking, Conversation, HandoffRequest, MessageLog, StaffRole
from app.services.facilities import DEFAULT_FILE
from app.services.staff import create_staff
from core.lang.when import TZ
from tests.actions.test_action_context import handoff_call
from tests.app.trust_fixtures import RecordingRasa, chat, start_app


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[TestClient, RecordingRasa, TestClient, RecordingRasa]]:
    a, rasa_a = start_app(tmp_path / "a")
    b, rasa_b = start_app(tmp_path / "b", rate_login_per_ip="2/minute")
    yield a, rasa_a, b, rasa_b
    b.__exit__(None, None, None)
    a.__exit__(None, None, None)


def conversations_in(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return [c.id for c in s.exec(select(Conversation)).all()]


def lines_in(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return [m.text for m in s.exec(select(MessageLog)).all()]


def handoffs_in(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return [r.conversation_id for r in s.exec(select(HandoffRequest)).all()]


def test_each_app_has_its_own_context(two) -> None:
    a, _, b, _ = two
    ctx_a, ctx_b = a.app.state.ctx, b.app.state.ctx
    assert ctx_a is not ctx_b
    assert ctx_a.engine is not ctx_b.engine
    assert str(ctx_a.engine.url) != str(ctx_b.engine.url)
    assert ctx_a.settings.secret_key != ctx_b.settings.secret_key
    for part in ("hub", "conversations", "outbound", "handoff", "limits", "rasa", "stt", "tts"):
        assert getattr(ctx_a, part) is not getattr(ctx_b, part), part
    assert ctx_a.hub is ctx_a.handoff.hub


def test_a_turn_in_one_app_is_not_seen_by_the_other(two) -> None:
    a, rasa_a, b, rasa_b = two
    resp = chat(a, "halo dari a")
    assert resp.status_code == 200, resp.text
    sid = resp.json()["session_id"]
    assert rasa_a.messages == ["halo dari a"]
    assert rasa_b.messages == []
    ctx_a, ctx_b = a.app.state.ctx, b.app.state.ctx
    assert conversations_in(ctx_a.engine) == [f"web:{sid}"]
    assert "halo dari a" in lines_in(ctx_a.engine)
    assert conversations_in(ctx_b.engine) == []
    assert lines_in(ctx_b.engine) == []
    # A's session id is signed with A's key: B refuses it, A keeps it
    assert a.get(f"/api/chat/{sid}/updates").status_code == 200
    assert b.get(f"/api/chat/{sid}/updates").status_code == 401


def test_an_action_runs_with_the_context_of_the_app_that_serves_it(two) -> None:
    a, _, b, _ = two
    secret_a = a.app.state.ctx.settings.action_secret
    secret_b = b.app.state.ctx.settings.action_secret
    assert secret_a != secret_b
    call = handoff_call("web:warga-b")
    assert a.post("/actions/webhook", json=call, headers={SECRET_HEADER: secret_b}).status_code == (
        403
    )
    resp = b.post("/actions/webhook", json=call, headers={SECRET_HEADER: secret_b})
    assert resp.status_code == 200, resp.text
    assert handoffs_in(b.app.state.ctx.engine) == ["web:warga-b"]
    assert handoffs_in(a.app.state.ctx.engine) == []


def test_rate_limits_are_per_app(two) -> None:
    a, _, b, _ = two
    body = {"username": "nobody", "password": "wrong-password"}
    codes_b = [b.post("/api/staff/login", json=body).status_code for _ in range(3)]
    assert codes_b[-1] == 429  # B's own limit (2 a minute) is spent
    assert a.post("/api/staff/login", json=body).status_code == 401  # A has not counted them


def commit_call(sender: str, facility: str, day: date) -> dict:
    """Rasa asking the action server to book what the form gathered (the summary answered)."""
    slots = {
        "booking_pending": "book",
        "booking_confirm": "ya",
        "booking_facility": facility,
        "booking_date": day.isoformat(),
        "booking_time": "10:00",
        "booking_duration": "60",
        "booking_people": "2",
        "booking_name": "Siti",
        "booking_phone": "081234567890",
    }
    call = handoff_call(sender)
    call["next_action"] = "action_booking_commit"
    call["tracker"]["slots"] = slots
    call["tracker"]["latest_message"] = {"intent": {"name": "affirm"}, "text": "ya"}
    return call


def bookings_in(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return [b.facility_id for b in s.exec(select(Booking)).all()]


@pytest.fixture
def two_cities(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """B's settings name a facilities file of its own: the default one plus a court A does
    not have."""
    raw = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    extra = next(f for f in raw["facilities"] if f["id"] == "tenis-a") | {
        "id": "tenis-warga",
        "name": "Lapangan Tenis Warga (Kota B)",
        "aliases": ["tenis warga"],
    }
    raw["facilities"].append(extra)
    own = tmp_path / "facilities-b.yml"
    own.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    a, _ = start_app(tmp_path / "a")
    b, _ = start_app(tmp_path / "b", booking_facilities_file=own)
    for client in (a, b):
        with Session(client.app.state.ctx.engine) as s:
            create_staff(s, username="budi", password="rahasia-456", role=StaffRole.SUPERVISOR)
    yield a, b
    b.__exit__(None, None, None)
    a.__exit__(None, None, None)


def test_each_app_books_from_its_own_facilities_file(two_cities) -> None:
    a, b = two_cities
    ctx_a, ctx_b = a.app.state.ctx, b.app.state.ctx
    assert ctx_a.facilities.get("tenis-warga") is None
    assert ctx_b.facilities.get("tenis-warga").name == "Lapangan Tenis Warga (Kota B)"
    # the staff API lists each app's own facilities
    listed = {}
    for name, client in (("a", a), ("b", b)):
        login = {"username": "budi", "password": "rahasia-456"}
        token = client.post("/api/staff/login", json=login).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        resp = client.get("/api/staff/bookings/facilities", headers=headers)
        assert resp.status_code == 200, resp.text
        listed[name] = {f["id"] for f in resp.json()}
        resp = client.get("/api/staff/facility-desk", headers=headers)
        assert {f["id"] for f in resp.json()["facilities"]} == listed[name]
    assert listed["b"] - listed["a"] == {"tenis-warga"}
    # the booking action, run by each app's endpoint, books from that app's catalogue
    day = (datetime.now(TZ) + timedelta(days=3)).date()
    call = commit_call("web:warga-b", "tenis-warga", day)
    resp = b.post(
        "/actions/webhook", json=call, headers={SECRET_HEADER: ctx_b.settings.action_secret}
    )
    assert resp.status_code == 200, resp.text
    (said,) = [r for r in resp.json()["responses"] if r.get("response")]
    assert said["response"] == "utter_booking_confirmed"
    assert said["facility"] == "Lapangan Tenis Warga (Kota B)"
    assert bookings_in(ctx_b.engine) == ["tenis-warga"]
    resp = a.post(
        "/actions/webhook", json=call, headers={SECRET_HEADER: ctx_a.settings.action_secret}
    )
    assert resp.status_code == 200, resp.text
    assert [r.get("response") for r in resp.json()["responses"]] == [
        "utter_booking_nothing_pending"
    ]
    assert bookings_in(ctx_a.engine) == []
    # B's calendar file names B's facility
    ics = b.get(said["ics_url"].removeprefix(ctx_b.settings.public_url.rstrip("/")))
    assert ics.status_code == 200, ics.text
    assert "Lapangan Tenis Warga (Kota B)" in ics.text
