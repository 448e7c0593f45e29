"""A moving-window rate limiter kept in this process, for ``HALO_RATE_LIMIT_STORAGE=memory://``.

It has the methods :class:`app.ratelimit.RateLimits` uses of ``limits``'
``MovingWindowRateLimiter`` (``hit``, ``clear``, ``get_window_stats``) with the same moving
window, but no storage behind it: ``limits``' memory storage starts a ``threading.Timer``
on most hits to expire old entries (93 of 120 hits in a profile of a chat turn), which costs
a thread start per request. Here old entries go when their key is next used, and keys left
alone are swept every ``SWEEP_EVERY_S`` seconds, on a hit (no thread, no timer).

Several app instances share one Redis storage through ``limits`` instead (``redis://``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from limits import RateLimitItem
from limits.util import WindowStats

SWEEP_EVERY_S = 60.0


class InProcessMovingWindow:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (window in seconds, times of the hits still inside it, oldest first)
        self._hits: dict[str, tuple[int, deque[float]]] = {}
        self._next_sweep = clock() + SWEEP_EVERY_S

    def _window(self, key: str, expiry: int, now: float) -> deque[float]:
        found = self._hits.get(key)
        if found is None:
            found = self._hits[key] = (expiry, deque())
        times = found[1]
        while times and times[0] <= now - expiry:
            times.popleft()
        return times

    def _sweep(self, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_EVERY_S
        for key, (expiry, times) in list(self._hits.items()):
            if not times or times[-1] <= now - expiry:
                del self._hits[key]

    def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        """Count ``cost`` hits unless that would pass the item's amount in its moving
        window; True when counted (allowed)."""
        key = item.key_for(*identifiers)
        with self._lock:
            now = self._clock()
            self._sweep(now)
            times = self._window(key, item.get_expiry(), now)
            if cost > item.amount or len(times) + cost > item.amount:
                return False
            times.extend([now] * cost)
            return True

    def test(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        key = item.key_for(*identifiers)
        with self._lock:
            times = self._window(key, item.get_expiry(), self._clock())
            return len(times) + cost <= item.amount

    def clear(self, item: RateLimitItem, *identifiers: str) -> None:
        with self._lock:
            self._hits.pop(item.key_for(*identifiers), None)

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        """(when the oldest counted hit leaves the window, hits still allowed)."""
        key = item.key_for(*identifiers)
        expiry = item.get_expiry()
        with self._lock:
            now = self._clock()
            times = self._window(key, expiry, now)
            reset = (times[0] if times else now) + expiry
            return WindowStats(reset, max(0, item.amount - len(times)))
