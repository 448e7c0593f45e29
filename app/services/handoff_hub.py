"""Live events of the handoff queue for the console's WebSockets (in this process)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)


class Hub:
    """In-process publish/subscribe for console WebSockets.

    Events are dicts with ``type`` ("queue", "message", "request") and, where they
    concern one request, ``request_id`` and ``agent_id`` (the assigned officer) so that a
    subscriber can drop what its officer may not see. Publishing is thread-safe.
    """

    def __init__(self) -> None:
        self._subs: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]] = {}
        self._presence: dict[int, int] = {}  # staff id -> open sockets

    def subscribe(self, staff_id: int) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self._subs[id(queue)] = (asyncio.get_running_loop(), queue)
        self._presence[staff_id] = self._presence.get(staff_id, 0) + 1
        return queue

    def unsubscribe(self, staff_id: int, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subs.pop(id(queue), None)
        left = self._presence.get(staff_id, 1) - 1
        if left > 0:
            self._presence[staff_id] = left
        else:
            self._presence.pop(staff_id, None)

    def online(self) -> set[int]:
        return set(self._presence)

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
