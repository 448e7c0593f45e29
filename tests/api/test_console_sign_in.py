"""Agent console sign-in: the hardened cookie session, CSRF and origin checks, sign-out,
slowed wrong passwords, the rate limit, the WebSocket's doors, the page's CSP."""

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.api.console_helpers import ORIGIN, citizen_asks_for_officer, login


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
