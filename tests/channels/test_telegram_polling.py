"""Polling on one process only (issue 16 §1): Telegram serves one getUpdates poller per
bot, so with several app instances in polling mode all but one run with
``HALO_TELEGRAM_POLLING=false``: they send (replies, the outbox) but never poll, and the
citizen's update waits for the one process that does. Real python-telegram-bot against
the fake Bot API server."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.context import AppContext
from app.db import make_engine
from channels import telegram
from channels.intake import Intake
from core.message import IncomingMessage, OutgoingMessage
from tests.fakes.telegram_api import TOKEN, FakeTelegram

CHAT = 515151


class Recorder:
    def __init__(self) -> None:
        self.seen: list[IncomingMessage] = []

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        self.seen.append(msg)
        return [OutgoingMessage(text=f"diterima: {msg.text}")]


def settings_for(fake: FakeTelegram, tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        environment="test",
        runtime_dir=tmp_path,
        telegram_token=TOKEN,
        telegram_api_base_url=fake.api_base_url,
        telegram_file_base_url=fake.file_base_url,
        **extra,
    )


@pytest.fixture
def fake():
    with FakeTelegram() as server:
        yield server


def test_polling_is_on_unless_turned_off(monkeypatch, tmp_path):
    assert Settings(environment="test", runtime_dir=tmp_path).telegram_polling is True
    monkeypatch.setenv("HALO_TELEGRAM_POLLING", "false")  # what the chart and compose set
    assert Settings(environment="test", runtime_dir=tmp_path).telegram_polling is False


async def test_sending_only_instance_never_polls_and_the_poller_takes_the_update(fake, tmp_path):
    intake = Intake(tmp_path, stt=lambda: None)
    sender_rec = Recorder()
    sender = await telegram.start(
        settings_for(fake, tmp_path, telegram_polling=False), sender_rec, intake
    )
    assert sender is not None and not sender.polls
    assert sender.application.updater is None
    try:
        fake.send_text(CHAT, "halo dari warga")
        await asyncio.sleep(1.5)  # a poller would have fetched it by now (long poll 1 s)
        assert fake.calls("getUpdates") == []
        assert fake.calls("deleteWebhook") == []  # nor does it take the bot off a webhook
        assert sender_rec.seen == [] and len(fake.updates) == 1
        # it still sends (replies staged by this instance, the outbox)
        await sender.send(str(CHAT), [OutgoingMessage(text="Laporan Anda sudah selesai.")])
        assert [m["text"] for m in fake.sent_to(CHAT)] == ["Laporan Anda sudah selesai."]

        # the one process that polls (default setting) takes the waiting update
        poller_rec = Recorder()
        poller = await telegram.start(settings_for(fake, tmp_path), poller_rec, intake)
        assert poller is not None and poller.polls
        try:
            await asyncio.to_thread(fake.wait_sent, CHAT, 2, 20)
            assert [m.text for m in poller_rec.seen] == ["halo dari warga"]
            assert fake.calls("getUpdates")
        finally:
            await poller.stop()
        assert sender_rec.seen == []
    finally:
        await sender.stop()


async def test_sending_only_instance_refuses_webhook_deliveries(fake, tmp_path):
    settings = settings_for(fake, tmp_path, telegram_polling=False)
    channel = await telegram.start(settings, Recorder(), Intake(tmp_path, stt=lambda: None))
    assert channel is not None
    app = FastAPI()
    app.include_router(telegram.router)
    app.state.ctx = AppContext(engine=make_engine(settings), settings=settings, telegram=channel)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            update = fake.send_text(CHAT, "halo", queue=False)
            reply = await client.post("/channels/telegram/webhook", json=update)
            assert reply.status_code == 404  # polling mode: updates come by getUpdates only
    finally:
        await channel.stop()
