"""Fixtures of the Telegram adapter tests (test_telegram*.py): the fake Bot API server and
the real adapter started in polling mode against it. Helpers: telegram_helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from channels import telegram
from channels.intake import Intake
from tests.channels.telegram_helpers import Harness, Recorder, tg_settings
from tests.fakes.telegram_api import FakeTelegram


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[tuple[Harness, Recorder]]:
    recorder = Recorder()
    harness: Harness
    intake = Intake(tmp_path, stt=lambda: harness.stt)
    channel = telegram.TelegramChannel(
        tg_settings(fake, tmp_path), recorder, intake, retry_base_delay_s=0.05
    )
    harness = Harness(fake, channel)
    await channel.start()
    try:
        yield harness, recorder
    finally:
        await channel.stop()
