"""The Telegram adapter in webhook mode (the secret token checked) and not started at all,
against a fake Bot API server; a recorder stands in for the conversation service."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.context import AppContext
from app.db import make_engine
from channels import telegram
from channels.intake import Intake
from tests.channels.telegram_helpers import CHAT, Recorder, tg_settings
from tests.fakes.telegram_api import TOKEN

# -- webhook mode ----------------------------------------------------------------------------

SECRET = "s3cret-token_for-webhook"


@pytest.fixture
async def webhook_app(fake, tmp_path) -> AsyncIterator[tuple[httpx.AsyncClient, Recorder]]:
    recorder = Recorder()
    settings = tg_settings(
        fake,
        tmp_path,
        telegram_mode="webhook",
        telegram_webhook_secret=SECRET,
        telegram_webhook_url="https://halo.example.go.id/channels/telegram/webhook",
    )
    channel = telegram.TelegramChannel(settings, recorder, Intake(tmp_path, stt=lambda: None))
    await channel.start()
    app = FastAPI()
    app.include_router(telegram.router)
    app.state.ctx = AppContext(engine=make_engine(settings), settings=settings, telegram=channel)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        yield client, recorder
    await channel.stop()


async def test_webhook_registered_with_secret_token(fake, webhook_app):
    assert fake.webhook["url"] == "https://halo.example.go.id/channels/telegram/webhook"
    assert fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == ["message", "callback_query"]
    assert fake.calls("getUpdates") == []


async def test_webhook_refuses_missing_or_wrong_secret(fake, webhook_app, caplog):
    client, rec = webhook_app
    update = fake.send_text(CHAT, "halo", queue=False)
    url = "/channels/telegram/webhook"
    assert (await client.post(url, json=update)).status_code == 401
    bad = {telegram.SECRET_HEADER: "guessed"}
    assert (await client.post(url, json=update, headers=bad)).status_code == 403
    assert "wrong secret token refused" in caplog.text
    await asyncio.sleep(0.3)
    assert rec.seen == []
    ok = {telegram.SECRET_HEADER: SECRET}
    assert (await client.post(url, json=update, headers=ok)).status_code == 200
    assert (await client.post(url, json=update, headers=ok)).status_code == 200  # redelivery
    await asyncio.to_thread(fake.wait_sent, CHAT, 1, 20)
    await asyncio.to_thread(fake.wait_quiet, CHAT, 0.7)
    assert [m.text for m in rec.seen] == ["halo"]


def test_not_configured_means_not_started(tmp_path):
    settings = Settings(environment="test", runtime_dir=tmp_path)
    assert not telegram.configured(settings)
    assert (
        asyncio.run(telegram.start(settings, Recorder(), Intake(tmp_path, stt=lambda: None)))
        is None
    )


def test_webhook_mode_requires_a_secret(tmp_path):
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        Settings(environment="test", telegram_token=TOKEN, telegram_mode="webhook")
