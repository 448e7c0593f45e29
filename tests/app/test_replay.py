"""Messages that arrived while Rasa was down are kept and replayed in order when it
returns (app/services/replay.py), their replies delivered through the outbox. Rasa here is
a small HTTP server on a free port: absent first (connection refused), then started."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import Session, select

from app.models import MessageLog, PendingTurn
from app.rasa_client import WEBHOOK_PATH, RasaClient
from app.services.conversations import ConversationService
from app.services.outbound import Outbound
from app.services.outbox_worker import OutboxWorker
from core.message import IncomingMessage, OutgoingMessage


class FakeRasa:
    """Answers every message with 'jawab: <text>' and /status with a loaded model."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[tuple[str, str]] = []
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._json({"model_file": "fake.tar.gz"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                assert self.path.startswith(WEBHOOK_PATH)
                fake.received.append((body["sender"], body["message"]))
                self._json([{"recipient_id": body["sender"], "text": f"jawab: {body['message']}"}])

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        self.sent.extend((user_id, m.text) for m in messages)


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake = FakeRasa(port)  # not started: Rasa is down
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
