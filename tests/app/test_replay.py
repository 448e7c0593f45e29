"""Messages that arrived while Rasa was down are kept and replayed in order when it
returns (app/services/replay.py), their replies delivered through the outbox. Rasa here is
a small HTTP server on a free port: absent first (connection refused), then started."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.main import create_app
from app.models import MessageLog, PendingTurn
from app.rasa_client import RasaClient
from app.services.conversations import ConversationService
from app.services.outbound import Outbound
from app.services.outbox_worker import OutboxWorker
from core.message import IncomingMessage, OutgoingMessage
from tests.fakes.rasa_http import FakeRasa, free_port


class Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        self.sent.extend((user_id, m.text) for m in messages)


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa(free_port())  # not started: Rasa is down
    yield fake
    fake.stop()


@pytest.fixture
async def wired(engine, fake_rasa):
    rasa = RasaClient(f"http://127.0.0.1:{fake_rasa.port}", timeout_s=2.0)
    service = ConversationService(engine, rasa, secret_key="k" * 32)
    outbound = Outbound(engine)
    sender = Sender()
    outbound.register("telegram", sender)
    service.outbound = outbound
    worker = OutboxWorker(engine, outbound, rasa=rasa, locks=service)
    yield service, worker, sender
    await rasa.aclose()


def say(text: str, n: int) -> IncomingMessage:
    return IncomingMessage(channel="telegram", user_id="9", message_id=str(n), text=text)


def pending(engine) -> list[str]:
    with Session(engine) as s:
        rows = s.exec(select(PendingTurn).where(PendingTurn.status == "pending")).all()
        return [r.text for r in rows]


async def test_kept_turns_are_replayed_in_order_when_rasa_returns(engine, fake_rasa, wired):
    service, worker, sender = wired
    for n, text in enumerate(["halo", "lampu jalan mati", "di jalan melati"]):
        (reply,) = await service.handle(say(text, n))
        assert reply.sender == "system"  # "Pesan Anda sudah kami simpan"
    assert pending(engine) == ["halo", "lampu jalan mati", "di jalan melati"]
    assert await worker.run_once() == (0, 0)  # Rasa still down: nothing replayed
    fake_rasa.start()
    assert await worker.rasa_ready()
    _sent, replayed = await worker.run_once()
    assert replayed == 3
    assert fake_rasa.received == [
        ("telegram:9", "halo"),
        ("telegram:9", "lampu jalan mati"),
        ("telegram:9", "di jalan melati"),
    ]
    assert sender.sent == [
        ("9", "jawab: halo"),
        ("9", "jawab: lampu jalan mati"),
        ("9", "jawab: di jalan melati"),
    ]
    assert pending(engine) == []
    assert await worker.run_once() == (0, 0)  # nothing replayed or sent twice
    with Session(engine) as s:
        pushed = s.exec(select(MessageLog.text).where(MessageLog.pushed)).all()
    assert pushed == ["jawab: halo", "jawab: lampu jalan mati", "jawab: di jalan melati"]


async def test_next_message_after_rasa_returns_waits_for_the_kept_ones(engine, fake_rasa, wired):
    service, _worker, sender = wired
    await service.handle(say("halo", 1))
    fake_rasa.start()
    (reply,) = await service.handle(say("cek status tiket", 2))
    assert reply.text == "jawab: cek status tiket"
    assert fake_rasa.received == [("telegram:9", "halo"), ("telegram:9", "cek status tiket")]
    assert sender.sent == [("9", "jawab: halo")]  # the kept turn's reply, through the outbox
    assert pending(engine) == []


async def test_without_outbound_nothing_is_kept(engine, fake_rasa):
    """A service without an outbox (as before) only says the message was kept."""
    rasa = RasaClient(f"http://127.0.0.1:{fake_rasa.port}", timeout_s=2.0)
    service = ConversationService(engine, rasa, secret_key="k" * 32)
    (reply,) = await service.handle(say("halo", 1))
    assert reply.sender == "system"
    assert pending(engine) == []
    await rasa.aclose()


def test_the_app_replays_a_web_citizens_message_when_rasa_returns(tmp_path, fake_rasa):
    """The whole app (create_app, its worker every 0.2 s): the web citizen is told the
    message is kept; once Rasa answers, the reply appears in the page's updates."""
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        rasa_url=f"http://127.0.0.1:{fake_rasa.port}",
        rasa_timeout_s=2.0,
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
        outbox_interval_s=0.2,
    )
    with TestClient(create_app(settings)) as client:
        first = client.post("/api/chat", json={"text": "jam buka kelurahan"}).json()
        sid = first["session_id"]
        assert [m["sender"] for m in first["messages"]] == ["system"]
        assert client.get(f"/api/chat/{sid}/updates").json()["messages"] == []
        fake_rasa.start()
        texts: list[str] = []
        deadline = time.monotonic() + 15
        while not texts and time.monotonic() < deadline:
            time.sleep(0.2)
            texts = [m["text"] for m in client.get(f"/api/chat/{sid}/updates").json()["messages"]]
        assert texts == ["jawab: jam buka kelurahan"]
        assert fake_rasa.received == [(f"web:{sid}", "jam buka kelurahan")]
