"""Time for the whole project: one :data:`Clock` type, the system clock and a settable one.

A clock is a function of no arguments that returns an aware ``datetime``. Code that needs
"now" takes a clock (default :func:`utcnow`) instead of calling ``datetime.now`` itself, so a
test can pin the time with :class:`FixedClock` without touching module globals.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """Now, aware, in UTC (what the database stores)."""
    return datetime.now(UTC)


def local_clock(tz: tzinfo) -> Clock:
    """A clock that tells now in ``tz`` (e.g. the city's Asia/Jakarta)."""

    def now() -> datetime:
        return datetime.now(tz)

    return now


def running_from(start: datetime, base: Clock = utcnow) -> Clock:
    """A clock that started at ``start`` when this was called and runs on at the real pace:
    the same "today" for a whole run whatever the date (the conversation bench, a replay)."""
    if start.tzinfo is None:
        raise ValueError("running_from needs an aware datetime")
    offset = start - base()

    def now() -> datetime:
        return base() + offset

    return now


class FixedClock:
    """A clock that stands still at ``at`` until set or advanced (for tests and replays)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


__all__ = ["Clock", "FixedClock", "local_clock", "running_from", "utcnow"]
