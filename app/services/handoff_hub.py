"""Live events of the handoff queue for the console's WebSockets: in this process, and,
shared (:meth:`Hub.share`, Redis with ``HALO_REDIS_URL``), in every app instance."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

from app.services.shared_state import SharedState

log = logging.getLogger(__name__)

CHANNEL = "console"
PRESENCE_EVERY_S = 10.0  # each instance tells the others who is online on it
PRESENCE_TTL_S = 30.0  # an instance not heard from for this long counts nobody


class Hub:
    """In-process publish/subscribe for console WebSockets.

    Events are dicts with ``type`` ("queue", "message", "request") and, where they
    concern one request, ``request_id`` and ``agent_id`` (the assigned officer) so that a
    subscriber can drop what its officer may not see. Publishing is thread-safe.
    """

    def __init__(self) -> None:
        self._subs: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]] = {}
        self._presence: dict[int, int] = {}  # staff id -> open sockets
        self._origin = uuid.uuid4().hex  # this instance, in the events it relays
        self._state: SharedState | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._relays: set[asyncio.Task[None]] = set()
        self._remote: dict[str, tuple[frozenset[int], float]] = {}  # origin -> online, when

    def share(self, state: SharedState) -> asyncio.Task[None]:
        """Relay events (and who is online) through ``state`` to the other instances' hubs
        and back; returns the task doing it (cancel it at shutdown)."""
        self._state, self._loop = state, asyncio.get_running_loop()
        return self._loop.create_task(self._share(state))

    async def _share(self, state: SharedState) -> None:
        async def heartbeat() -> None:
            while True:
                self._send({"presence": sorted(self._presence)})
                await asyncio.sleep(PRESENCE_EVERY_S)

        await asyncio.gather(self._listen(state), heartbeat())

    async def _listen(self, state: SharedState) -> None:
        async for message in state.subscribe(CHANNEL):
            origin = str(message.get("origin"))
            if origin == self._origin:
                continue
            if isinstance(message.get("presence"), list):
                self._remote[origin] = (frozenset(message["presence"]), time.monotonic())
            elif isinstance(message.get("event"), dict):
                self._local(message["event"])

    def _send(self, body: dict[str, Any]) -> None:
        assert self._state is not None
        task = asyncio.ensure_future(self._state.publish(CHANNEL, {"origin": self._origin, **body}))
        self._relays.add(task)
        task.add_done_callback(self._relays.discard)

    def _relay(self, event: dict[str, Any]) -> None:
        self._send({"event": event})

    def _tell_presence(self) -> None:
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # loop closed
                self._loop.call_soon_threadsafe(
                    lambda: self._send({"presence": sorted(self._presence)})
                )

    def subscribe(self, staff_id: int) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self._subs[id(queue)] = (asyncio.get_running_loop(), queue)
        self._presence[staff_id] = self._presence.get(staff_id, 0) + 1
        self._tell_presence()
        return queue

    def unsubscribe(self, staff_id: int, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subs.pop(id(queue), None)
        left = self._presence.get(staff_id, 1) - 1
        if left > 0:
            self._presence[staff_id] = left
        else:
            self._presence.pop(staff_id, None)
        self._tell_presence()

    def online(self) -> set[int]:
        """Officers with a console open here or (shared) on another live instance."""
        fresh = time.monotonic() - PRESENCE_TTL_S
        remote = [ids for ids, seen in self._remote.values() if seen >= fresh]
        return set(self._presence).union(*remote)

    def publish_line(
        self, request_id: int, agent_id: int | None, conversation_id: str, **line: Any
    ) -> None:
        """A new transcript line (``id``, ``sender``, ``text``, ``at``...) of a request."""
        self.publish(
            {
                "type": "message",
                "request_id": request_id,
                "agent_id": agent_id,
                "conversation_id": conversation_id,
                "message": line,
            }
        )

    def publish(self, event: dict[str, Any]) -> None:
        self._local(event)
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # loop closed
                self._loop.call_soon_threadsafe(self._relay, event)

    def _local(self, event: dict[str, Any]) -> None:
        for loop, queue in list(self._subs.values()):
            try:
                loop.call_soon_threadsafe(_put, queue, event)
            except RuntimeError:  # loop closed
                continue


def _put(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    if queue.full():
        log.warning("console subscriber too slow; event dropped")
        return
    queue.put_nowait(event)
