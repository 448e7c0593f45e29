"""Helpers of the agent console tests: the app with Rasa as an HTTP mock and officers on
duty, a browser signed in as an officer, a web session id, a citizen asking for an officer."""

from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.services import handoff as hs
from app.services.officer_words import OFFICER_INTENT
from tests.fakes.rasa_mock import FakeRasa
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
        if body["message"] in (
            OFFICER_INTENT,
            "saya mau bicara dengan petugas",
        ):  # the app sends the intent
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
