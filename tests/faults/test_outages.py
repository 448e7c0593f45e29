"""Faults that need no real Rasa (fast: part of ``make test``): a channel's API down for "a
minute", text to speech unreachable, Redis stopped under the app's locks and rate limits.

"A minute" is shortened to OUTAGE_S (5 s) with the outbox's first retry at 0.5 s instead
of HALO_OUTBOX_BACKOFF_S=5 (doubling either way; with the defaults a 60 s outage is
bridged by the retry at 75 s, well inside the 8 attempts, about 10 minutes, before a row
is dead).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.config import Settings
from app.context import AppContext
from app.main import create_app
from app.models import MessageLog, OutboxMessage, PendingTurn
from app.rasa_client import RasaClient
from app.ratelimit import RateLimits
from app.services.conversations import ConversationService
from app.services.outbound import Outbound
from app.services.outbox import Policy
from app.services.outbox_worker import OutboxWorker
from app.services.shared_state import RedisState
from channels import telegram, whatsapp, whatsapp_graph
from channels.intake import Intake
from core.message import IncomingMessage
from core.texts import t
from tests.fakes import graph_api as meta
from tests.fakes.graph_api import FakeGraph
from tests.fakes.rasa_http import FakeRasa, free_port
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.faults.cluster import PrivateRedis
from tests.voice.speech import FakeGoogleTTS

pytestmark = pytest.mark.faults

OUTAGE_S = 5.0  # "a minute", shortened
CHAT = 515151
KEPT = t("app.assistant_unavailable")


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa(free_port())
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
async def telegram_app(
    engine, fake_rasa: FakeRasa, fake_telegram: FakeTelegram, tmp_path: Path
) -> AsyncIterator[ConversationService]:
    """The conversation service on the stand-in Rasa, Telegram (polling) registered in the
    outbox, and the outbox worker running as in the app."""
    rasa = RasaClient(f"http://127.0.0.1:{fake_rasa.port}", timeout_s=2.0)
    service = ConversationService(engine, rasa, secret_key="k" * 32)
    service.outbound = outbound = Outbound(engine, Policy(backoff_base_s=0.5))
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        telegram_token=TOKEN,
        telegram_api_base_url=fake_telegram.api_base_url,
        telegram_file_base_url=fake_telegram.file_base_url,
    )
    channel = telegram.TelegramChannel(
        settings, service, Intake(tmp_path, stt=lambda: None), retry_base_delay_s=0.05
    )
    outbound.register(telegram.CHANNEL, channel)
    worker = asyncio.create_task(OutboxWorker(engine, outbound, interval_s=0.2).run())
    await channel.start()
    try:
        yield service
    finally:
        worker.cancel()
        await channel.stop()
        await rasa.aclose()


async def test_telegram_down_for_a_minute_the_outbox_delivers_once(
    engine, telegram_app, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    fake.send_text(CHAT, "halo")
    await asyncio.to_thread(fake.wait_sent, CHAT, 1, 20.0)
    fake.fail_for("sendMessage", OUTAGE_S)  # every sendMessage answers 502 meanwhile
    started = time.monotonic()
    fake.send_text(CHAT, "jam buka kelurahan")
    sent = await asyncio.to_thread(fake.wait_sent, CHAT, 2, OUTAGE_S + 30)
    assert time.monotonic() - started >= OUTAGE_S - 0.5  # not before Telegram is back
    await asyncio.sleep(2.0)  # later rounds send nothing more
    assert [m["text"] for m in fake.sent_to(CHAT)] == [
        "jawab: halo",
        "jawab: jam buka kelurahan",
    ], sent
    failed = [r for r in fake.calls("sendMessage")]
    assert len(failed) > 3  # the adapter's tries, then the outbox's
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        assert [r.status for r in rows] == ["sent", "sent"]
        assert rows[0].attempts == 1 and rows[1].attempts > 1  # retried by the worker
        lines = s.exec(select(MessageLog.text).order_by(col(MessageLog.id))).all()
    assert lines == ["halo", "jawab: halo", "jam buka kelurahan", "jawab: jam buka kelurahan"]


async def test_whatsapp_down_for_a_minute_the_outbox_delivers_once(
    engine, fake_rasa: FakeRasa, tmp_path: Path
) -> None:
    """The same on WhatsApp: Meta's Graph API answers 503 to every message for OUTAGE_S."""
    wa = "6281299990000"
    rasa = RasaClient(f"http://127.0.0.1:{fake_rasa.port}", timeout_s=2.0)
    service = ConversationService(engine, rasa, secret_key="k" * 32)
    service.outbound = outbound = Outbound(engine, Policy(backoff_base_s=0.5))
    with FakeGraph() as graph:
        settings = Settings(
            environment="test",
            runtime_dir=tmp_path,
            whatsapp_token=meta.TOKEN,
            whatsapp_phone_number_id=meta.PHONE_NUMBER_ID,
            whatsapp_app_secret=meta.APP_SECRET,
            whatsapp_verify_token=meta.VERIFY_TOKEN,
            whatsapp_graph_url=graph.base_url,
        )
        client = whatsapp_graph.GraphClient(
            graph.base_url, meta.TOKEN, meta.PHONE_NUMBER_ID, base_delay_s=0.05
        )
        intake = Intake(tmp_path, stt=lambda: None)
        channel = whatsapp.WhatsAppChannel(settings, service, intake, engine, graph=client)
        outbound.register(whatsapp.CHANNEL, channel)
        worker = asyncio.create_task(OutboxWorker(engine, outbound, interval_s=0.2).run())
        app = FastAPI()
        app.include_router(whatsapp.router)
        app.state.ctx = AppContext(engine=engine, settings=settings, whatsapp=channel)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:

                async def deliver(text_: str) -> None:
                    body, headers = meta.signed(meta.text(wa, text_))
                    resp = await http.post(
                        "/channels/whatsapp/webhook", content=body, headers=headers
                    )
                    assert resp.status_code == 200

                await deliver("halo")
                await asyncio.to_thread(graph.wait_sent, wa, 1, 20.0)
                graph.fail_for(OUTAGE_S)
                started = time.monotonic()
                await deliver("jam buka kelurahan")
                await asyncio.to_thread(graph.wait_sent, wa, 2, OUTAGE_S + 30)
                assert time.monotonic() - started >= OUTAGE_S - 0.5
                await asyncio.sleep(2.0)
        finally:
            worker.cancel()
            await channel.stop()
            await rasa.aclose()
        bodies = [m["text"]["body"] for m in graph.sent_to(wa)]
    assert bodies == ["jawab: halo", "jawab: jam buka kelurahan"]
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        assert [r.status for r in rows] == ["sent", "sent"]
        assert rows[0].attempts == 1 and rows[1].attempts > 1


@pytest.fixture
def fake_google() -> Iterator[FakeGoogleTTS]:
    with FakeGoogleTTS() as server:
        yield server


def test_tts_unreachable_the_answer_says_so_and_text_goes_on(
    tmp_path: Path, fake_rasa: FakeRasa, fake_google: FakeGoogleTTS
) -> None:
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        rasa_url=f"http://127.0.0.1:{fake_rasa.port}",
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
        tts_gtts_base_url=fake_google.url,
        tts_gtts_timeout_s=0.5,
        tts_offline_retry_s=1.0,
    )
    with TestClient(create_app(settings)) as client:
        tts = client.app.state.ctx.tts  # type: ignore[attr-defined]
        fake_google.fail = True  # Google's endpoint answers 500
        chat = client.post("/api/chat", json={"text": "jam buka kelurahan"})
        assert chat.json()["messages"][0]["text"] == "jawab: jam buka kelurahan"
        spoken = client.post("/api/voice/speak", json={"text": "Kantor buka pukul delapan."})
        assert spoken.status_code == 200 and len(spoken.content) > 1000  # espeak-ng's voice
        espeak, tts.espeak = tts.espeak, None  # and the offline voice is gone too
        down = client.post("/api/voice/speak", json={"text": "Kantor tutup pukul empat."})
        assert down.status_code == 503
        assert t("voice.unavailable_tts") in down.json()["detail"]["message"]
        # "Maaf, suara jawaban sedang tidak tersedia. Silakan baca jawaban di layar."
        sid = chat.json()["session_id"]
        text_on = client.post("/api/chat", json={"session_id": sid, "text": "terima kasih"})
        assert text_on.json()["messages"][0]["text"] == "jawab: terima kasih"
        # Google back (after tts_offline_retry_s): its voice again, nothing cached broken
        fake_google.fail = False
        tts.espeak = espeak
        time.sleep(1.2)
        before = len(fake_google.requests)
        back = client.post("/api/voice/speak", json={"text": "Kantor tutup pukul empat."})
        assert back.status_code == 200 and len(fake_google.requests) == before + 1


@pytest.fixture
def redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.close()


async def test_redis_stopped_turn_kept_limits_open_then_replayed(
    engine, fake_rasa: FakeRasa, redis: PrivateRedis
) -> None:
    """The app's parts on Redis: the conversation lock (shared state) and the rate limits.
    Redis stopped: the message is kept and the citizen told so, rate limits let requests
    through uncounted; Redis back: the worker replays the message once, limits count."""
    rasa = RasaClient(f"http://127.0.0.1:{fake_rasa.port}", timeout_s=2.0)
    service = ConversationService(engine, rasa, secret_key="k" * 32)
    service.state = state = RedisState(redis.url, lock_wait_s=2.0)
    service.limits = limits = RateLimits(redis.url)
    service.outbound = outbound = Outbound(engine)
    sent: list[str] = []

    class Web:
        async def send(self, user_id: str, messages: list) -> None:  # type: ignore[type-arg]
            sent.extend(m.text for m in messages)

    outbound.register("telegram", Web())
    worker = OutboxWorker(engine, outbound, rasa=rasa, locks=service)

    def say(text_: str, n: int) -> IncomingMessage:
        return IncomingMessage(channel="telegram", user_id="7", message_id=str(n), text=text_)

    try:
        (reply,) = await service.handle(say("halo", 1))
        assert reply.text == "jawab: halo"
        assert limits.allow("2/minute", "probe") and limits.allow("2/minute", "probe")
        assert not limits.allow("2/minute", "probe")
        redis.stop()
        assert limits.allow("2/minute", "probe")  # fails open while Redis is down
        (reply,) = await service.handle(say("jam buka kelurahan", 2))
        assert (reply.text, reply.sender) == (KEPT, "system")
        assert await service.handle(say("jam buka kelurahan", 2)) == []  # redelivery: once
        with pytest.raises(Exception):  # noqa: B017 (redis-py's ConnectionError)
            await worker.run_once()  # the worker's round fails (logged by run()), kept
        redis.start()  # same port: the clients reconnect
        _sent, replayed = await worker.run_once()  # the replay delivers its own replies
        assert replayed == 1
        assert sent == ["jawab: jam buka kelurahan"]
        assert await worker.run_once() == (0, 0)  # nothing twice
        (reply,) = await service.handle(say("terima kasih", 3))
        assert reply.text == "jawab: terima kasih"
        assert fake_rasa.received == [
            ("telegram:7", "halo"),
            ("telegram:7", "jam buka kelurahan"),
            ("telegram:7", "terima kasih"),
        ]
        assert limits.allow("1/minute", "again") and not limits.allow("1/minute", "again")
        with Session(engine) as s:
            assert s.exec(select(PendingTurn.status)).all() == ["done"]
            citizen = s.exec(select(MessageLog.text).where(MessageLog.direction == "in")).all()
        assert citizen == ["halo", "jam buka kelurahan", "terima kasih"]
    finally:
        await state.aclose()
        await rasa.aclose()
