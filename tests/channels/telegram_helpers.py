"""Helpers of the Telegram adapter tests: a recorder in place of the conversation service,
a speech engine stand-in, the settings against the fake Bot API server, the harness."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from app.config import Settings
from channels import telegram
from core.message import Button, IncomingMessage, OutgoingMessage
from tests.fakes.telegram_api import TOKEN, FakeTelegram

CHAT = 424242
MENU = [
    Button(title="Tanya informasi", payload="/ask_info"),
    Button(title="Lapor masalah", payload="/file_complaint"),
]


class Recorder:
    """Stands in for ConversationService: records messages, answers with ``reply``."""

    def __init__(self) -> None:
        self.seen: list[IncomingMessage] = []

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        self.seen.append(msg)
        label = msg.text or (msg.location and "lokasi") or msg.attachments[0].kind
        return [OutgoingMessage(text=f"diterima: {label}", buttons=MENU)]


class Stt:
    def __init__(self, text: str = "", error: Exception | None = None) -> None:
        self.text, self.error = text, error
        self.calls: list[tuple[int, str | None]] = []

    async def transcribe(
        self, data: bytes, filename: str | None = None, expect: str | None = None
    ) -> Any:
        self.calls.append((len(data), filename))
        if self.error is not None:
            raise self.error
        return SimpleNamespace(text=self.text, raw_text=self.text, duration_s=2.0, language="id")


def tg_settings(fake: FakeTelegram, tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        environment="test",
        runtime_dir=tmp_path,
        telegram_token=TOKEN,
        telegram_api_base_url=fake.api_base_url,
        telegram_file_base_url=fake.file_base_url,
        **extra,
    )


class Harness:
    def __init__(self, fake: FakeTelegram, channel: telegram.TelegramChannel) -> None:
        self.fake, self.channel = fake, channel
        self.stt: Stt | None = None  # what app.state.ctx.stt would be

    async def sent(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.fake.wait_sent, CHAT, count, timeout)

    async def quiet(self) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.fake.wait_quiet, CHAT, 0.7)
