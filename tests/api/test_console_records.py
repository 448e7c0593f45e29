"""Agent console: the citizen's complaints and bookings beside the conversation, the staff
API reached with the console's token, a dinas officer's view limited to that dinas."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Privacy
from app.services import bookings, complaints
from app.services.staff import create_staff
from tests.api.console_helpers import citizen_asks_for_officer, login, sid
from tests.booking_writes import FACILITIES, committed


def test_the_citizens_complaints_are_shown_with_the_conversation(app):
    client, _ = app
    citizen_asks_for_officer(client, "w7")
    with Session(client.app.state.ctx.engine) as s:
        filed = complaints.create_complaint(
            s,
            complaints.ComplaintDraft(
                category="lampu_jalan",
                description="Lampu jalan mati sejak tiga hari",
                place=complaints.place_from_point(-6.990, 110.410),
                reporter_conversation_id=f"web:{sid(client, 'w7')}",
            ),
            secret_key="test-secret",
        )
        code = filed.ticket_code
        complaints.create_complaint(  # anonymous: never tied to the reporter, even here
            s,
            complaints.ComplaintDraft(
                category="lampu_jalan",
                description="Lampu jalan mati di gang sebelah",
                place=complaints.place_from_point(-6.991, 110.411),
                reporter_conversation_id=f"web:{sid(client, 'w7')}",
                privacy=Privacy.ANONIM,
            ),
            secret_key="test-secret",
        )
    ani = login(client, "ani")
    rid = ani.get("/api/console/queue").json()["requests"][0]["id"]
    panel = ani.get(f"/api/console/requests/{rid}").json()["citizen_records"]["complaints"]
    assert panel["available"] is True
    assert [item["label"].split(" · ")[0] for item in panel["items"]] == [code]


def test_console_signs_in_to_the_complaints_staff_api_too(app):
    client, _ = app
    citizen_asks_for_officer(client, "w8")
    with Session(client.app.state.ctx.engine) as s:
        code = complaints.create_complaint(
            s,
            complaints.ComplaintDraft(
                category="lampu_jalan",
                description="Lampu jalan mati",
                place=complaints.place_from_point(-6.990, 110.410),
                reporter_conversation_id=f"web:{sid(client, 'w8')}",
            ),
            secret_key="test-secret",
        ).ticket_code
    ani = login(client, "ani")
    token = ani.get("/api/console/me").json()["api_token"]
    rid = ani.get("/api/console/queue").json()["requests"][0]["id"]
    item = ani.get(f"/api/console/requests/{rid}").json()["citizen_records"]["complaints"]
    action = next(a for a in item["items"][0]["actions"] if a["body"]["status"] == "diverifikasi")
    resp = TestClient(client.app).post(
        action["path"], json=action["body"], headers={"authorization": f"Bearer {token}"}
    )
    assert resp.status_code == 200, resp.text
    with Session(client.app.state.ctx.engine) as s:
        assert complaints.get_by_code(s, code).status == "diverifikasi"


def test_the_citizens_bookings_are_shown_and_a_supervisor_can_cancel_one(app):
    from datetime import date, time

    from app.services.dates_id import local

    client, _ = app
    citizen_asks_for_officer(client, "w10")
    booked = committed(
        client.app.state.ctx.engine,
        bookings.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(date(2026, 11, 28), time(8, 0)),
        minutes=60,
        people=2,
        name="Siti Aminah",
        phone="081234567890",
        owner_id=f"web:{sid(client, 'w10')}",
        now=local(date(2026, 11, 23), time(10, 0)),
    )
    ani, sari = login(client, "ani"), login(client, "sari")
    rid = ani.get("/api/console/queue").json()["requests"][0]["id"]
    as_agent = ani.get(f"/api/console/requests/{rid}").json()["citizen_records"]["bookings"]
    assert as_agent["available"] is True
    assert as_agent["items"][0]["label"].startswith(booked.code)
    assert "28-11-2026 08.00 WIB" in as_agent["items"][0]["label"]  # the officer's local time
    assert as_agent["items"][0]["actions"] == []  # cancelling is for supervisors
    as_super = sari.get(f"/api/console/requests/{rid}").json()["citizen_records"]["bookings"]
    (cancel,) = as_super["items"][0]["actions"]
    token = sari.get("/api/console/me").json()["api_token"]
    resp = TestClient(client.app).post(
        cancel["path"],
        json={**cancel["body"], "reason": "lapangan diperbaiki"},
        headers={"authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 200, resp.text
    after = sari.get(f"/api/console/requests/{rid}").json()["citizen_records"]["bookings"]
    assert after["items"][0]["label"].endswith("cancelled") and after["items"][0]["actions"] == []


def test_a_dinas_officer_sees_only_that_dinas_complaints_of_the_citizen(app):
    client, _ = app
    citizen_asks_for_officer(client, "w10")
    with Session(client.app.state.ctx.engine) as s:
        create_staff(s, username="dina", password="rahasia-dina", dinas_code="DISHUB")
        filed = {}
        for category, text in [("lampu_jalan", "Lampu jalan mati"), ("sampah", "Sampah menumpuk")]:
            c = complaints.create_complaint(
                s,
                complaints.ComplaintDraft(
                    category=category,
                    description=f"{text} sejak tiga hari di depan rumah",
                    place=complaints.place_from_point(-6.990, 110.410),
                    reporter_conversation_id=f"web:{sid(client, 'w10')}",
                ),
                secret_key="test-secret",
            )
            filed[category] = (c.ticket_code, c.dinas_code)
    assert (filed["lampu_jalan"][1], filed["sampah"][1]) == ("DISHUB", "DLH")

    def shown(officer: TestClient) -> set[str]:
        rid = officer.get("/api/console/queue").json()["requests"][0]["id"]
        panel = officer.get(f"/api/console/requests/{rid}").json()["citizen_records"]
        return {item["label"].split(" · ")[0] for item in panel["complaints"]["items"]}

    assert shown(login(client, "ani")) == {code for code, _ in filed.values()}
    assert shown(login(client, "dina")) == {filed["lampu_jalan"][0]}
