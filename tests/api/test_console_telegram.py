"""An officer's replies reach a Telegram citizen: the whole app with its Telegram channel
(python-telegram-bot, long polling) against the fake Bot API server; Rasa is an HTTP mock."""

import time

import httpx
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.services import handoff as hs
from app.services.officer_words import OFFICER_INTENT
from app.services.staff import create_staff
from tests.fakes.rasa_mock import FakeRasa
from tests.fakes.telegram_api import TOKEN, FakeTelegram

CHAT = 515151
ORIGIN = {"origin": "http://testserver"}


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_officer_chats_with_a_telegram_citizen_and_hands_back(tmp_path):
    with FakeTelegram() as fake:
        settings = Settings(
            environment="test",
            runtime_dir=tmp_path,
            rasa_url="http://rasa.test",
            telegram_token=TOKEN,
            telegram_api_base_url=fake.api_base_url,
            telegram_file_base_url=fake.file_base_url,
            handoff_always_open=True,
        )
        app = create_app(settings)
        rasa = FakeRasa()
        with TestClient(app) as client:
            state = app.state.ctx
            state.rasa._http = httpx.AsyncClient(
                base_url="http://rasa.test", transport=httpx.MockTransport(rasa)
            )

            def on_message(body):
                if body["message"] in (
                    OFFICER_INTENT,
                    "mau bicara dengan petugas",
                ):  # the app sends the intent
                    hs.request_handoff(
                        state.engine,
                        body["sender"],
                        "request_human",
                        None,
                        always_open=state.settings.handoff_always_open,
                        hub=state.handoff.hub,
                    )

            rasa.on_message = on_message
            with Session(state.engine) as s:
                create_staff(s, username="ani", password="rahasia-ani", full_name="Ani")

            fake.send_text(CHAT, "mau bicara dengan petugas")
            wait_for(lambda: any("Posisi Anda: nomor 1" in m["text"] for m in fake.sent_to(CHAT)))

            resp = client.post(
                "/api/console/login",
                json={"username": "ani", "password": "rahasia-ani"},
                headers=ORIGIN,
            )
            client.headers.update({"x-csrf-token": resp.json()["csrf_token"], **ORIGIN})
            [req] = client.get("/api/console/queue").json()["requests"]
            assert req["conversation_id"] == f"telegram:{CHAT}"
            assert client.post(f"/api/console/requests/{req['id']}/claim").is_success
            client.post(
                f"/api/console/requests/{req['id']}/messages",
                json={"text": "Selamat siang, saya Ani."},
            )
            wait_for(
                lambda: any(m["text"] == "Selamat siang, saya Ani." for m in fake.sent_to(CHAT))
            )

            fake.send_text(CHAT, "lampu jalan mati di depan rumah")
            detail = wait_for(
                lambda: (
                    (d := client.get(f"/api/console/requests/{req['id']}").json())["transcript"][
                        -1
                    ]["text"]
                    == "lampu jalan mati di depan rumah"
                    and d
                )
            )
            assert detail["status"] == "claimed"
            assert [
                c for c in rasa.calls if c == ("message", "lampu jalan mati di depan rumah")
            ] == []

            assert client.post(f"/api/console/requests/{req['id']}/handback").is_success
            fake.send_text(CHAT, "halo")
            wait_for(lambda: any(m["text"] == "bot: halo" for m in fake.sent_to(CHAT)))
