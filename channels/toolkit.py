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
- :func:`remember_expects` / :func:`recall_expects`: the structured prompt of the question a
  chat was last asked (a yes/no, a phone, a choice among buttons), so that a voice note that
  answers it is read as that answer, as the kiosk does.

The stores live in this process, or, given the app's shared state
(:mod:`app.services.shared_state`, Redis with ``HALO_REDIS_URL``), in every instance at once:
:func:`stores_for` builds them from ``conversations.state``. In memory they are bounded and
lose nothing that matters when forgotten (a redelivery then reaches the transcript's own
de-duplication by message id).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from app.services.shared_state import SharedState
from core.message import OutgoingMessage

U = TypeVar("U", int, str)

SEEN_IDS = 10_000
EXPECTS_TTL_S = 30 * 60  # a voice note later than this answers no question any more
LONG_PAYLOADS = 5_000


class KeyedLocks:
    """``async with locks.hold(chat_id):`` one turn at a time per key."""

    def __init__(self, state: SharedState | None = None, namespace: str = "chat") -> None:
        self.state, self.namespace = state, namespace
        self._locks: weakref.WeakValueDictionary[Hashable, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        if self.state is not None:
            async with self.state.lock(f"{self.namespace}:{key}"):
                yield
            return
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            yield


class SeenIds:
    """The last ``size`` delivery ids (with a shared state: every instance's, for a day)."""

    def __init__(
        self, size: int = SEEN_IDS, state: SharedState | None = None, namespace: str = "seen"
    ) -> None:
        self.size, self.state, self.namespace = size, state, namespace
        self._ids: OrderedDict[Hashable, None] = OrderedDict()

    async def first_time_shared(self, key: Hashable) -> bool:
        """:meth:`first_time` across the app's instances (this process's without a state)."""
        if self.state is None:
            return self.first_time(key)
        return await self.state.first_time(f"{self.namespace}:{key}")

    def first_time(self, key: Hashable) -> bool:
        """True (and remembered) for an id not seen yet; False for a redelivery."""
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


class PayloadStore:
    """Short keys for long button payloads (the most recent ``size``; with a shared state
    also written there, for a tap that reaches another instance)."""

    def __init__(self, size: int = LONG_PAYLOADS, state: SharedState | None = None) -> None:
        self.size, self.state = size, state
        self._payloads: OrderedDict[str, str] = OrderedDict()
        self._writes: set[asyncio.Task[None]] = set()

    def key_for(self, payload: str, fits: bool) -> str:
        """``payload`` itself where it ``fits`` the vendor's field, else a 25-character key."""
        if fits:
            return payload
        key = "#" + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        if len(self._payloads) > self.size:
            self._payloads.popitem(last=False)
        if self.state is not None:  # written before any citizen can tap it
            task = asyncio.get_running_loop().create_task(self.state.put(f"payload:{key}", payload))
            self._writes.add(task)
            task.add_done_callback(self._writes.discard)
        return key

    def resolve(self, data: str) -> str:
        """The payload a tapped key stands for; anything else is the payload itself."""
        return self._payloads.get(data, data)

    async def resolve_shared(self, data: str) -> str:
        """:meth:`resolve`, then the shared state for a key another instance gave out."""
        if data in self._payloads or self.state is None or not data.startswith("#"):
            return self.resolve(data)
        return await self.state.get(f"payload:{data}") or data


def stores_for(conversations: object, vendor: str) -> tuple[SeenIds, PayloadStore, KeyedLocks]:
    """A channel's delivery ids, long payloads and per-user locks, on the app's shared state
    (``conversations.state``) when it has one."""
    state = getattr(conversations, "state", None)
    return (
        SeenIds(state=state, namespace=f"{vendor}:seen"),
        PayloadStore(state=state),
        KeyedLocks(state=state, namespace=f"{vendor}:user"),
    )


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
    await remember_expects(conversations, f"{channel}:{user}", replies)
    outbound = getattr(conversations, "outbound", None)
    if not replies or outbound is None or channel not in outbound.senders:
        await deliver(user, replies)
        return
    await outbound.push(f"{channel}:{user}", replies, cause="reply", transcript=False)


async def remember_expects(
    conversations: object, chat: str, replies: list[OutgoingMessage]
) -> None:
    """Keep what the turn's replies ask (``custom.expects``, actions/forms/prompts.py); a
    turn that asks nothing structured forgets the earlier question."""
    state: SharedState | None = getattr(conversations, "state", None)
    if state is None or not replies:
        return
    # as the kiosk reads a turn: the prompt rides on the question or on a message of its own
    found = [(m.custom or {}).get("expects") for m in replies]
    expects = next((e for e in reversed(found) if isinstance(e, dict)), None)
    value = json.dumps({"at": time.time(), "expects": expects}, ensure_ascii=False)
    await state.put(f"expects:{chat}", value, ttl_s=EXPECTS_TTL_S)


async def recall_expects(state: SharedState | None, chat: str) -> dict[str, Any] | None:
    """The structured prompt the chat was last asked, unless it is older than the TTL."""
    if state is None:
        return None
    raw = await state.get(f"expects:{chat}")
    try:
        kept = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(kept, dict) or time.time() - float(kept.get("at", 0)) > EXPECTS_TTL_S:
        return None
    expects = kept.get("expects")
    return expects if isinstance(expects, dict) else None
