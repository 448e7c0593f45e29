"""Retries for every Bot API call of the Telegram channel (python-telegram-bot's rate-limiter
hook; getUpdates has its own loop).

429: waits the ``retry_after`` Telegram sends. 5xx and connection errors: the channel
toolkit's exponential :class:`~channels.toolkit.Backoff` (0.5 s, 1 s, 2 s...). Timeouts are not
retried: the message may have gone out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

from channels.toolkit import Backoff

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingLimiter(BaseRateLimiter[int]):
    def __init__(self, attempts: int = 5, base_delay_s: float = 0.5, max_delay_s: float = 30.0):
        self.backoff = Backoff(attempts, base_delay_s, max_delay_s)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        attempt = 0
        while True:
            attempt += 1
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if self.backoff.gives_up(attempt):
                    raise
                delay = _seconds(exc.retry_after)
                log.warning("telegram %s: 429, retry %d after %.1f s", endpoint, attempt, delay)
            except TimedOut:
                raise
            except NetworkError as exc:
                if self.backoff.gives_up(attempt):
                    raise
                delay = self.backoff.delay(attempt)
                log.warning(
                    "telegram %s failed (%s), retry %d in %.1f s", endpoint, exc, attempt, delay
                )
            await asyncio.sleep(delay)


def _seconds(value: int | float | timedelta) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)
