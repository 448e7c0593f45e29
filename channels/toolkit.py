"""What every messaging adapter needs, whatever the vendor (Telegram, WhatsApp, the next one).

- :class:`KeyedLocks`: one ``asyncio.Lock`` per chat or phone number, so that one citizen's
  messages are handled in order while different citizens are served at once; a lock nobody
  holds or waits for is forgotten.
- :class:`SeenIds`: the most recent delivery ids (``update_id``, ``wamid``); a vendor that
  redelivers a message is answered once.
- :class:`PayloadStore`: button payloads longer than the vendor carries (Telegram's 64 bytes of
  ``callback_data``, WhatsApp's 200-character row ids) travel as a short key and are read back
  when the citizen taps.
- :class:`Backoff`: how often and how long to wait before retrying a vendor call (HTTP 429,
  5xx, a dropped connection): exponential from ``base_delay_s``, never over ``max_delay_s``.
- :func:`system_message`: a line from the channel itself (not the assistant), e.g. "what we
  heard" after a voice note.

Everything here lives in one process: the stores are bounded and lose nothing that matters
when forgotten (a redelivery then reaches the transcript's own de-duplication by message id).
"""

from __future__ import annotations

import asyncio
import hashlib
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from core.message import OutgoingMessage

U = TypeVar("U", int, str)

SEEN_IDS = 10_000
LONG_PAYLOADS = 5_000


class KeyedLocks:
    """``async with locks.hold(chat_id):`` one turn at a time per key."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[Hashable, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            yield


class SeenIds:
    """The last ``size`` delivery ids."""

    def __init__(self, size: int = SEEN_IDS) -> None:
        self.size = size
        self._ids: OrderedDict[Hashable, None] = OrderedDict()

    def first_time(self, key: Hashable) -> bool:
        """True (and remembered) for an id not seen yet; False for a redelivery."""
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


class PayloadStore:
    """Short keys for long button payloads (the most recent ``size``)."""

    def __init__(self, size: int = LONG_PAYLOADS) -> None:
        self.size = size
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def key_for(self, payload: str, fits: bool) -> str:
        """``payload`` itself where it ``fits`` the vendor's field, else a 25-character key."""
        if fits:
            return payload
        key = "#" + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        if len(self._payloads) > self.size:
            self._payloads.popitem(last=False)
        return key

    def resolve(self, data: str) -> str:
        """The payload a tapped key stands for; anything else is the payload itself."""
        return self._payloads.get(data, data)


@dataclass(frozen=True)
class Backoff:
    attempts: int = 5
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0

    def gives_up(self, attempt: int) -> bool:
        return attempt >= self.attempts

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds before try ``attempt + 1``: the vendor's ``Retry-After`` where it gave a
        number (capped), else ``base_delay_s`` doubled per attempt (0.5, 1, 2 ... s)."""
        if retry_after:
            try:
                return min(float(retry_after), self.max_delay_s)
            except ValueError:
                pass
        return float(min(self.base_delay_s * 2 ** (attempt - 1), self.max_delay_s))


def system_message(text: str) -> OutgoingMessage:
    return OutgoingMessage(text=text, sender="system")


__all__ = ["Backoff", "KeyedLocks", "PayloadStore", "SeenIds", "system_message"]


async def reply_turn(
    conversations: object,
    channel: str,
    user: U,
    replies: list[OutgoingMessage],
    deliver: Callable[[U, list[OutgoingMessage]], Awaitable[None]],
) -> None:
    """A turn's replies: through the app's outbox (``conversations.outbound``) once the
    channel is registered there, so that a failed send is retried by the outbox worker;
    else straight through ``deliver``. The lines are in the transcript already."""
    outbound = getattr(conversations, "outbound", None)
    if not replies or outbound is None or channel not in outbound.senders:
        await deliver(user, replies)
        return
    await outbound.push(f"{channel}:{user}", replies, cause="reply", transcript=False)
