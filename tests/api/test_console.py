"""Agent console API: sign-in, cookie session, CSRF, roles, queue, claim, live chat over
the WebSocket, hand back, supervisor views, audit, restart safety."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.websockets import WebSocketDisconnect

from app.config import Settings
from app.main import create_app
from app.models import Privacy, StaffRole
from app.services import bookings, complaints
from app.services import handoff as hs
from app.services.staff import create_staff
from tests.app.test_handoff import FakeRasa
from tests.booking_writes import FACILITIES, committed
from tests.web_ids import web_sid

ORIGIN = {"origin": "http://testserver"}


def start(runtime: Path) -> tuple[TestClient, FakeRasa]:
    settings = Settings(
        environment="test",
        runtime_dir=runtime,
        rasa_url="http://rasa.test",
        handoff_always_open=True,  # officers on duty whatever the wall clock says
    )
    client = TestClient(create_app(settings))
    client.__enter__()
    rasa = FakeRasa()
    state = client.app.state.ctx
    state.rasa._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(rasa)
    )

    def on_message(body):
        if body["message"] == "saya mau bicara dengan petugas":
            hs.request_handoff(
                state.engine,
                body["sender"],
                "request_human",
                {"nik": "3201"},
                always_open=state.settings.handoff_always_open,
                hub=state.handoff.hub,
            )

    rasa.on_message = on_message
    return client, rasa


@pytest.fixture
def runtime(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def app(runtime) -> Iterator[tuple[TestClient, FakeRasa]]:
    client, rasa = start(runtime)
    with Session(client.app.state.ctx.engine) as s:
        create_staff(s, username="ani", password="rahasia-ani", full_name="Ani")
        create_staff(s, username="budi", password="rahasia-budi")
        create_staff(s, username="sari", password="rahasia-sari", role=StaffRole.SUPERVISOR)
    yield client, rasa
    client.__exit__(None, None, None)


def login(client: TestClient, username: str) -> TestClient:
    """A separate browser (own cookie jar) signed in as ``username``."""
    browser = TestClient(client.app)
    resp = browser.post(
        "/api/console/login",
        json={"username": username, "password": f"rahasia-{username}"},
        headers=ORIGIN,
    )
    assert resp.status_code == 200, resp.text
    browser.headers.update({"x-csrf-token": resp.json()["csrf_token"], **ORIGIN})
    return browser


def sid(client: TestClient, name: str) -> str:
    return web_sid(client.app.state.ctx.settings.secret_key, name)


def citizen_asks_for_officer(client: TestClient, session_id: str = "warga1") -> dict:
    resp = client.post(
        "/api/chat",
        json={"session_id": sid(client, session_id), "text": "saya mau bicara dengan petugas"},
    )
    assert resp.status_code == 200
    return resp.json()


def test_login_sets_a_hardened_cookie_and_wrong_password_is_refused(app):
    client, _ = app
    bad = client.post("/api/console/login", json={"username": "ani", "password": "salah-salah"})
    assert bad.status_code == 401
    resp = client.post(
        "/api/console/login", json={"username": "ani", "password": "rahasia-ani"}, headers=ORIGIN
    )
    cookie = resp.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "ani" not in cookie.split(";")[0]  # the cookie holds a signed random id only
    assert client.get("/api/console/me").json()["staff"]["username"] == "ani"
    cross = client.post(
        "/api/console/login",
        json={"username": "ani", "password": "rahasia-ani"},
        headers={"origin": "http://evil.example"},
    )
    assert cross.status_code == 403


def test_csrf_token_and_origin_are_required_for_changes(app):
    client, _ = app
    citizen_asks_for_officer(client)
    ani = login(client, "ani")
    request_id = ani.get("/api/console/queue").json()["requests"][0]["id"]
    url = f"/api/console/requests/{request_id}/claim"
    assert ani.post(url, headers={"x-csrf-token": "forged"}).status_code == 403
    assert ani.post(url, headers={"origin": "http://evil.example"}).status_code == 403
    assert ani.post(url).status_code == 200


def test_tampered_or_missing_cookie_is_refused_and_logout_ends_the_session(app):
    client, _ = app
    ani = login(client, "ani")
    assert TestClient(client.app).get("/api/console/queue").status_code == 401
    forged = TestClient(client.app, cookies={"halo_console": "abc.def.ghi"})
    assert forged.get("/api/console/queue").status_code == 401
    old_cookie = ani.cookies.get("halo_console")
    assert ani.post("/api/console/logout").status_code == 200
    replay = TestClient(client.app, cookies={"halo_console": old_cookie})
    assert replay.get("/api/console/queue").status_code == 401


def test_queue_claim_chat_notes_and_hand_back(app):
    client, rasa = app
    answer = citizen_asks_for_officer(client)
    assert "Posisi Anda: nomor 1" in answer["messages"][-1]["text"]
    ani = login(client, "ani")
    queue = ani.get("/api/console/queue").json()["requests"]
    assert [(r["conversation_id"], r["status"], r["reason"]) for r in queue] == [
        (f"web:{sid(client, 'warga1')}", "waiting", "request_human")
    ]
    assert queue[0]["waiting_s"] >= 0
    rid = queue[0]["id"]
    assert ani.post(f"/api/console/requests/{rid}/claim").json()["status"] == "claimed"

    # a citizen message with markup is stored and shown as plain data (the UI uses textContent)
    client.post(
        "/api/chat",
        json={"session_id": sid(client, "warga1"), "text": "<img src=x onerror=alert(1)>"},
    )
    detail = ani.get(f"/api/console/requests/{rid}").json()
    assert detail["transcript"][-1]["text"] == "<img src=x onerror=alert(1)>"
    assert detail["summary"]["nik"] == "3201"
    records = detail["citizen_records"]
    assert records["complaints"] == {"available": True, "items": []}
    assert records["bookings"] == {"available": True, "items": []}

    assert ani.post(f"/api/console/requests/{rid}/messages", json={"text": "Halo, saya Ani."})
    assert ani.post(f"/api/console/requests/{rid}/notes", json={"text": "warga ramah"}).is_success
    updates = client.get(f"/api/chat/{sid(client, 'warga1')}/updates").json()["messages"]
    assert [(m["sender"], m["text"]) for m in updates][-1] == ("agent", "Halo, saya Ani.")

    assert ani.post(f"/api/console/requests/{rid}/handback").status_code == 200
    assert ("event", "resume") in rasa.calls
    after = client.post(
        "/api/chat", json={"session_id": sid(client, "warga1"), "text": "jam buka kantor?"}
    )
    assert after.json()["messages"][0]["text"] == "bot: jam buka kantor?"


def test_roles_agents_see_only_their_own_and_supervisors_see_all(app):
    client, _ = app
    citizen_asks_for_officer(client, "w1")
    citizen_asks_for_officer(client, "w2")
    ani, budi, sari = (login(client, u) for u in ("ani", "budi", "sari"))
    ids = [r["id"] for r in ani.get("/api/console/queue").json()["requests"]]
    ani.post(f"/api/console/requests/{ids[0]}/claim")
    assert [r["id"] for r in budi.get("/api/console/queue").json()["requests"]] == [ids[1]]
    assert budi.get(f"/api/console/requests/{ids[0]}").status_code == 403
    assert budi.post(f"/api/console/requests/{ids[0]}/handback").status_code == 403
    assert (
        budi.post(f"/api/console/requests/{ids[0]}/messages", json={"text": "x"}).status_code == 403
    )
    assert budi.get("/api/console/audit").status_code == 403
    assert budi.get("/api/console/overview").status_code == 403
    assert budi.post("/api/console/canned", json={"title": "a", "text": "b"}).status_code == 403

    overview = sari.get("/api/console/overview").json()
    assert overview["queue"] == {**overview["queue"], "waiting": 1, "claimed": 1}
    assert {a["username"]: a["open_conversations"] for a in overview["agents"]}["ani"] == 1
    audit = sari.get("/api/console/audit").json()["entries"]
    assert {"login", "requested", "claim"} <= {e["action"] for e in audit}
    assert len(sari.get("/api/console/queue").json()["requests"]) == 2

    canned = sari.get("/api/console/canned").json()["replies"]
    assert canned and canned[0]["title"] == "Salam pembuka"
    new = sari.post("/api/console/canned", json={"title": "Uji", "text": "Teks uji"}).json()
    assert sari.delete(f"/api/console/canned/{new['id']}").status_code == 200
    assert "Uji" not in [c["title"] for c in ani.get("/api/console/canned").json()["replies"]]


def test_websocket_shows_citizen_messages_live_and_sends_agent_replies(app):
    client, _ = app
    citizen_asks_for_officer(client)
    ani = login(client, "ani")
    rid = ani.get("/api/console/queue").json()["requests"][0]["id"]
    ani.post(f"/api/console/requests/{rid}/claim")
    csrf = ani.headers["x-csrf-token"]
    with ani.websocket_connect("/api/console/ws", headers=ORIGIN) as ws:
        assert ws.receive_json()["type"] == "hello"
        client.post(
            "/api/chat", json={"session_id": sid(client, "warga1"), "text": "lampu mati 3 hari"}
        )
        event = ws.receive_json()
        while event["type"] != "message":
            event = ws.receive_json()
        assert event["message"] == {**event["message"], "sender": "citizen"}
        assert event["message"]["text"] == "lampu mati 3 hari"
        ws.send_json({"type": "send", "request_id": rid, "text": "Segera kami cek.", "csrf": "x"})
        assert ws.receive_json() == {"type": "error", "message": "CSRF check failed"}
        ws.send_json({"type": "send", "request_id": rid, "text": "Segera kami cek.", "csrf": csrf})
        kinds = set()
        while "sent" not in kinds:
            kinds.add(ws.receive_json()["type"])
    updates = client.get(f"/api/chat/{sid(client, 'warga1')}/updates").json()["messages"]
    assert updates[-1] == {**updates[-1], "sender": "agent", "text": "Segera kami cek."}


def test_websocket_refuses_other_origins_and_anonymous_clients(app):
    client, _ = app
    ani = login(client, "ani")
    with (
        pytest.raises(WebSocketDisconnect),
        ani.websocket_connect("/api/console/ws", headers={"origin": "http://evil.example"}) as ws,
    ):
        ws.receive_json()
    with (
        pytest.raises(WebSocketDisconnect),
        TestClient(client.app).websocket_connect("/api/console/ws", headers=ORIGIN) as ws,
    ):
        ws.receive_json()


def test_console_page_is_served_with_a_strict_csp(app):
    client, _ = app
    resp = client.get("/console/")
    assert resp.status_code == 200 and "Konsol Petugas" in resp.text
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_queue_and_live_conversations_survive_an_app_restart(runtime):
    client, _ = start(runtime)
    with Session(client.app.state.ctx.engine) as s:
        create_staff(s, username="ani", password="rahasia-ani")
    citizen_asks_for_officer(client, "w1")
    citizen_asks_for_officer(client, "w2")
    ani = login(client, "ani")
    first = ani.get("/api/console/queue").json()["requests"][0]["id"]
    ani.post(f"/api/console/requests/{first}/claim")
    client.__exit__(None, None, None)

    client, rasa = start(runtime)  # a new process on the same database
    try:
        ani = login(client, "ani")
        queue = ani.get("/api/console/queue").json()["requests"]
        assert [(r["status"], r["conversation_id"]) for r in queue] == [
            ("claimed", f"web:{sid(client, 'w1')}"),
            ("waiting", f"web:{sid(client, 'w2')}"),
        ]
        client.post("/api/chat", json={"session_id": sid(client, "w1"), "text": "masih di sana?"})
        assert [c for c in rasa.calls if c[0] == "message"] == []  # still with the officer
        detail = ani.get(f"/api/console/requests/{first}").json()
        assert detail["transcript"][-1]["text"] == "masih di sana?"
        assert json.dumps(detail)  # serialisable as the console receives it
    finally:
        client.__exit__(None, None, None)


def test_wrong_passwords_slow_the_account_down_but_never_lock_the_owner_out(app, monkeypatch):
    from app.api import staff_auth

    waits: list[float] = []
    monkeypatch.setattr(staff_auth.time, "sleep", waits.append)
    client, _ = app
    wrong = {"username": "budi", "password": "tebak-tebak"}
    for _ in range(5):
        assert client.post("/api/console/login", json=wrong, headers=ORIGIN).status_code == 401
    assert waits == [1.0, 2.0]  # three free failures, then doubling
    right = {"username": "budi", "password": "rahasia-budi"}
    assert client.post("/api/console/login", json=right, headers=ORIGIN).status_code == 200
    assert waits[-1] == 4.0  # the owner waited, and got in
    # the staff API shares the count; a success cleared it
    resp = client.post("/api/staff/login", json={"username": "budi", "password": "rahasia-budi"})
    assert resp.status_code == 200 and len(waits) == 3


def test_sign_ins_from_one_address_are_rate_limited(app):
    client, _ = app
    codes = [
        client.post(
            path, json={"username": f"tamu{i}", "password": "tebak-tebak"}, headers=ORIGIN
        ).status_code
        for i, path in enumerate(["/api/console/login", "/api/staff/login"] * 6)
    ]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]


def test_an_agent_takes_a_live_conversation_from_the_assistant(app):
    client, rasa = app
    client.post("/api/chat", json={"session_id": sid(client, "w9"), "text": "syarat bikin KTP?"})
    ani = login(client, "ani")
    live = [c["id"] for c in ani.get("/api/console/live").json()["conversations"]]
    assert f"web:{sid(client, 'w9')}" in live
    rid = ani.post(f"/api/console/conversations/web:{sid(client, 'w9')}/take").json()["request_id"]
    detail = ani.get(f"/api/console/requests/{rid}").json()
    assert (detail["status"], detail["reason"]) == ("claimed", "agent_initiated")
    assert ("event", "pause") in rasa.calls
    n = len(rasa.calls)
    client.post("/api/chat", json={"session_id": sid(client, "w9"), "text": "halo?"})
    assert [c for c in rasa.calls[n:] if c[0] == "message"] == []
    assert f"web:{sid(client, 'w9')}" not in [
        c["id"] for c in ani.get("/api/console/live").json()["conversations"]
    ]


def test_websocket_closes_once_the_session_is_signed_out(app, monkeypatch):
    from app.api import console_ws

    monkeypatch.setattr(console_ws, "SESSION_RECHECK_S", 0.2)
    client, _ = app
    ani = login(client, "ani")
    with ani.websocket_connect("/api/console/ws", headers=ORIGIN) as ws:
        assert ws.receive_json()["type"] == "hello"
        assert ani.post("/api/console/logout").status_code == 200
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4401


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
