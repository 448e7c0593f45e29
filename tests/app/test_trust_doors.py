"""Issue 14 attacks against the real app (TestClient; Rasa is a recording mock): each
one from the issue's "Why", refused."""

from __future__ import annotations

import logging
import time

import pytest
from sqlmodel import Session, select

from app.config import Settings
from app.models import MessageLog
from app.services import web_sessions
from tests.app.trust_fixtures import chat, running, start_app

NIK = "3201011508900001"


@pytest.fixture
def trust_app(tmp_path):
    yield from running(tmp_path)


ACTION_CALL = {
    "next_action": "action_session_start",
    "sender_id": "whatsapp:6281234567890",
    "tracker": {"sender_id": "whatsapp:6281234567890", "slots": {}, "events": []},
    "domain": {},
}


@pytest.mark.parametrize("headers", [{}, {"X-Halo-Action-Secret": "tebakan"}])
def test_action_endpoint_refuses_anyone_without_rasas_secret(trust_app, headers):
    client, _ = trust_app
    resp = client.post("/actions/webhook", json=ACTION_CALL, headers=headers)
    assert resp.status_code == 403
    assert client.get("/actions/list", headers=headers).status_code == 403
    assert "/actions/webhook" not in client.get("/openapi.json").text


def test_action_endpoint_serves_rasa_with_the_secret(trust_app):
    client, _ = trust_app
    secret = client.app.state.ctx.settings.action_secret
    resp = client.get("/actions/list", headers={"X-Halo-Action-Secret": secret})
    assert resp.status_code == 200 and resp.json()


def test_every_call_to_rasa_carries_the_token(trust_app):
    client, rasa = trust_app
    token = client.app.state.ctx.settings.rasa_token
    assert len(token) >= 32
    chat(client, "halo")
    client.get("/health")
    webhook = [r for r in rasa.requests if r.url.path == "/webhooks/halo/webhook"]
    api = [r for r in rasa.requests if r.url.path == "/status"]
    assert webhook and all(r.headers["x-halo-token"] == token for r in webhook)
    assert api and all(r.url.params["token"] == token for r in api)


@pytest.mark.parametrize("made_up", ["a", "warga1", "0" * 24 + "-1-" + "0" * 24])
def test_a_made_up_session_id_is_refused(trust_app, made_up):
    client, rasa = trust_app
    assert chat(client, "halo", made_up).status_code == 401
    assert client.get(f"/api/chat/{made_up}/updates").status_code == 401
    assert rasa.messages == []


def test_server_issues_the_session_and_an_expired_one_is_refused(trust_app):
    client, _ = trust_app
    first = chat(client, "halo")
    sid = first.json()["session_id"]
    assert web_sessions.is_valid(client.app.state.ctx.settings.secret_key, sid, 60)
    assert chat(client, "lagi", sid).status_code == 200
    assert client.get(f"/api/chat/{sid}/updates").status_code == 200
    old = web_sessions.issue(client.app.state.ctx.settings.secret_key, now=time.time() - 2 * 86400)
    assert chat(client, "halo", old).status_code == 401
    other_key = web_sessions.issue("another-deployment-key")
    assert chat(client, "halo", other_key).status_code == 401


def test_typed_intent_with_entities_is_text_not_a_command(trust_app):
    client, rasa = trust_app
    sid = chat(client, "halo").json()["session_id"]
    chat(client, '/file_complaint{"complaint_category": "sampah"}', sid)
    chat(client, "//book_facility", sid)
    assert rasa.messages[1:] == ['file_complaint{"complaint_category": "sampah"}', "book_facility"]


def test_offered_buttons_and_the_menu_reach_rasa_exactly(trust_app):
    client, rasa = trust_app
    payload = '/file_complaint{"complaint_category": "jalan_rusak"}'
    rasa.buttons = [{"title": "Jalan rusak", "payload": payload}]
    sid = chat(client, "lapor").json()["session_id"]
    chat(client, payload, sid)
    chat(client, "/ask_info", sid)
    assert rasa.messages == ["lapor", payload, "/ask_info"]
    # offered to this conversation only
    other = chat(client, "halo").json()["session_id"]
    rasa.buttons = []
    chat(client, '/file_complaint{"complaint_category": "sampah"}', other)
    assert rasa.messages[-1].startswith("file_complaint")


def test_nik_never_stored_nor_sent_nor_logged_in_clear(trust_app, caplog):
    client, rasa = trust_app
    caplog.set_level(logging.DEBUG)
    logging.getLogger("tests.trust").info("nik %s hp 081234567890", NIK)
    sid = chat(client, f"nik saya {NIK[:4]} {NIK[4:8]}.{NIK[8:12]}-{NIK[12:]}").json()
    assert sid["session_id"]
    token = rasa.messages[0].split()[-1]
    assert token.startswith("NIK#") and token.endswith("#0001#v")
    assert NIK not in "".join(rasa.messages)
    with Session(client.app.state.ctx.engine) as s:
        stored = " ".join(m.text for m in s.exec(select(MessageLog)))
    assert NIK not in stored and "NIK#" in stored
    db_file = client.app.state.ctx.settings.runtime_dir / "halo_warga.db"
    assert NIK.encode() not in db_file.read_bytes()
    logged = caplog.text
    assert NIK not in logged and "081234567890" not in logged and "NIK(0001)" in logged


def test_citizen_rate_limit_per_conversation_and_per_address(tmp_path):
    client, rasa = start_app(tmp_path, rate_conversation="3/minute", rate_chat_per_ip="5/minute")
    try:
        sid = chat(client, "satu").json()["session_id"]
        for text in ("dua", "tiga"):
            chat(client, text, sid)
        slowed = chat(client, "empat", sid)
        assert slowed.status_code == 200 and "terlalu cepat" in slowed.json()["messages"][0]["text"]
        assert rasa.messages == ["satu", "dua", "tiga"]
        assert chat(client, "sesi baru").status_code == 200  # a new session: the fifth
        assert chat(client, "sesi lagi").status_code == 429  # the sixth from this address
    finally:
        client.__exit__(None, None, None)


def test_oversized_bodies_are_refused_before_they_are_read(trust_app):
    client, _ = trust_app
    big = b"x" * (client.app.state.ctx.settings.voice_max_bytes + 200 * 1024)
    resp = client.post("/api/voice/transcribe", files={"audio": ("a.ogg", big, "audio/ogg")})
    assert resp.status_code == 413


async def test_a_streamed_body_is_cut_off_at_the_limit_not_read_to_the_end(tmp_path):
    """No Content-Length (chunked): the app stops pulling chunks at the limit."""
    from app.main import create_app

    app = create_app(Settings(environment="test", runtime_dir=tmp_path))
    pulled: list[int] = []
    sent: list[dict] = []

    async def receive() -> dict:
        pulled.append(1)
        return {"type": "http.request", "body": b"y" * 64 * 1024, "more_body": len(pulled) < 2000}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/chat",
        "raw_path": b"/api/chat",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
        "client": ("203.0.113.9", 5000),
        "server": ("testserver", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
        "app": app,
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 413
    assert len(pulled) <= 5  # 256 KiB / 64 KiB chunks, then refused


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    with pytest.raises(ValueError, match="HALO_SECRET_KEY"):
        Settings(environment="production", runtime_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_kiosk_page_has_a_strict_content_security_policy(trust_app):
    client, _ = trust_app
    resp = client.get("/kiosk/")
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_telegram_commands_pass_like_the_menu(trust_app):
    client, rasa = trust_app
    sid = chat(client, "/greet").json()["session_id"]
    chat(client, "/help", sid)
    chat(client, "/restart", sid)  # not a command any channel sends: text
    assert rasa.messages == ["/greet", "/help", "restart"]


def test_speech_is_no_open_proxy_per_address(tmp_path):
    client, _ = start_app(tmp_path, rate_tts_per_ip="2/minute")
    try:
        codes = [client.post("/api/voice/speak", json={}).status_code for _ in range(3)]
        assert codes[:2] != [429, 429] and codes[2] == 429
    finally:
        client.__exit__(None, None, None)


async def test_one_address_cannot_hold_every_speech_worker():
    """Nine uploads at once from one address: two run, the others are refused at once."""
    import asyncio

    from app.ratelimit import GuardMiddleware, PathRule, RateLimits

    release = asyncio.Event()
    running = 0

    async def slow_stt(scope, receive, send):
        nonlocal running
        running += 1
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    rule = PathRule("/api/voice/transcribe", frozenset({"POST"}), "100/minute", "stt", 2)
    guard = GuardMiddleware(
        slow_stt, limits=RateLimits(), rules=[rule], body_limit=lambda _: 1 << 20
    )
    statuses: list[int] = []

    async def upload(ip: str) -> None:
        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        scope = {"type": "http", "method": "POST", "path": rule.prefix, "headers": []}
        await guard({**scope, "client": (ip, 1)}, receive, send)

    tasks = [asyncio.create_task(upload("198.51.100.7")) for _ in range(9)]
    await asyncio.sleep(0.05)
    assert running == 2 and statuses == [429] * 7
    other = asyncio.create_task(upload("198.51.100.8"))  # another kiosk is not blocked
    await asyncio.sleep(0.05)
    assert running == 3
    release.set()
    await asyncio.gather(*tasks, other)
    assert sorted(statuses) == [200, 200, 200] + [429] * 7
