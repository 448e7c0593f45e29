"""The in-process moving window (app/ratelimit_memory.py) behind ``memory://``: the same
answers as ``limits``' moving window, and no thread started on a hit."""

from __future__ import annotations

import threading

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from app.ratelimit import RateLimits
from app.ratelimit_memory import SWEEP_EVERY_S, InProcessMovingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_amount_then_refuses_until_the_window_moves() -> None:
    clock = Clock()
    limiter = InProcessMovingWindow(clock)
    item = parse("3/minute")
    assert [limiter.hit(item, "ip", "1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(item, "ip", "5.6.7.8")  # another key counts apart
    clock.now += 30
    assert not limiter.hit(item, "ip", "1.2.3.4")
    clock.now += 30.5  # the first three hits have left the window
    assert limiter.hit(item, "ip", "1.2.3.4")
    assert limiter.test(item, "ip", "1.2.3.4")


def test_window_stats_and_clear_as_login_delay_uses_them() -> None:
    clock = Clock()
    limiter = InProcessMovingWindow(clock)
    item = parse("5/15 minutes")
    stats = limiter.get_window_stats(item, "login-fail", "a")
    assert stats.remaining == 5 and stats.reset_time == clock.now + 900
    limiter.hit(item, "login-fail", "a")
    clock.now += 10
    limiter.hit(item, "login-fail", "a")
    stats = limiter.get_window_stats(item, "login-fail", "a")
    assert stats.remaining == 3 and stats.reset_time == 1_000_000.0 + 900
    limiter.clear(item, "login-fail", "a")
    assert limiter.get_window_stats(item, "login-fail", "a").remaining == 5


def test_same_answers_as_limits_moving_window() -> None:
    ours = InProcessMovingWindow()
    theirs = MovingWindowRateLimiter(MemoryStorage())
    item = parse("7/hour")
    for n in range(10):
        cost = 1 + n % 3
        assert ours.hit(item, "k", cost=cost) == theirs.hit(item, "k", cost=cost), n
        assert (
            ours.get_window_stats(item, "k").remaining
            == theirs.get_window_stats(item, "k").remaining
        )


def test_idle_keys_are_swept_on_a_later_hit() -> None:
    clock = Clock()
    limiter = InProcessMovingWindow(clock)
    for n in range(50):
        limiter.hit(parse("10/minute"), "ip", str(n))
    clock.now += SWEEP_EVERY_S + 61
    limiter.hit(parse("10/minute"), "ip", "new")
    assert len(limiter._hits) == 1


def test_memory_storage_starts_no_thread_per_hit() -> None:
    limits = RateLimits("memory://")
    before = {t.ident for t in threading.enumerate()}
    for n in range(200):
        assert limits.allow("1000/minute", "conv", str(n % 7))
    assert {t.ident for t in threading.enumerate()} <= before
    limits.login_failed("acct")
    assert limits.login_delay("acct") == 0.0
    limits.login_succeeded("acct")
