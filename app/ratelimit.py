"""Rate limits and request-size limits, in front of every door that costs something.

Counters live in a ``limits`` storage (``HALO_RATE_LIMIT_STORAGE``): ``memory://`` for one
process (counted in-process by app/ratelimit_memory.py, without ``limits``' timer thread),
``redis://host:6379`` when several app instances share the load.

- :class:`GuardMiddleware` (pure ASGI): per client IP for chat, voice and both sign-ins,
  and a body-size limit enforced while the body is read (a declared Content-Length over
  the limit is refused before a byte is read; a chunked body is cut off at the limit).
- :class:`RateLimits.allow` for keys the app knows later: a conversation (web session or
  channel user), a person (phone).
- :class:`RateLimits.login_delay`: failed sign-ins slow the next attempts on that account
  progressively (never a lock-out: the real owner still gets in).

When the storage cannot be reached (Redis down) the limits fail open: requests pass
uncounted and a warning is logged, so a Redis outage does not take the chat down with it;
counting resumes when Redis answers again (tests/faults).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException

from app.ratelimit_memory import InProcessMovingWindow

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger(__name__)

FAILURE_WINDOW = parse("1000/15 minutes")  # counts failed sign-ins per account
FREE_FAILURES = 3
MAX_DELAY_S = 30.0


@dataclass(frozen=True)
class PathRule:
    prefix: str
    methods: frozenset[str]
    per_ip: str  # a limits expression, e.g. "60/minute"
    name: str
    max_in_flight: int = 0  # requests at once per IP (0: no limit); counted in-process


class RateLimits:
    def __init__(self, storage_uri: str = "memory://") -> None:
        self.limiter: MovingWindowRateLimiter | InProcessMovingWindow
        if storage_uri.startswith("memory://"):
            # one process: no storage and no timer thread per hit (app/ratelimit_memory.py)
            self.limiter = InProcessMovingWindow()
        else:
            self.storage = storage_from_string(storage_uri, wrap_exceptions=True)
            self.limiter = MovingWindowRateLimiter(self.storage)

    @staticmethod
    def _unreachable(error: StorageError) -> None:
        log.warning(
            "rate-limit storage unreachable, not counting: %s", type(error.storage_error).__name__
        )

    def allow(self, rule: str | RateLimitItem, *key: str) -> bool:
        item = parse(rule) if isinstance(rule, str) else rule
        try:
            return bool(self.limiter.hit(item, *key))
        except StorageError as error:
            self._unreachable(error)
            return True  # fail open: the outage must not refuse every citizen

    def login_failed(self, account: str) -> None:
        try:
            self.limiter.hit(FAILURE_WINDOW, "login-fail", account)
        except StorageError as error:
            self._unreachable(error)

    def login_succeeded(self, account: str) -> None:
        try:
            self.limiter.clear(FAILURE_WINDOW, "login-fail", account)
        except StorageError as error:
            self._unreachable(error)

    def login_delay(self, account: str) -> float:
        """Seconds to wait before checking this account's password: 0 for the first
        failures, then doubling (1, 2, 4 ...) up to ``MAX_DELAY_S``."""
        try:
            stats = self.limiter.get_window_stats(FAILURE_WINDOW, "login-fail", account)
        except StorageError as error:
            self._unreachable(error)
            return 0.0
        failures = FAILURE_WINDOW.amount - stats.remaining
        if failures < FREE_FAILURES:
            return 0.0
        return min(MAX_DELAY_S, 2.0 ** (failures - FREE_FAILURES))


def limits_of(state: Any) -> RateLimits:
    """The app's store (``app.state.ctx.limits``, set by app.main). An app built from routers
    alone (tests, tools) gets one of its own, kept on its state: never one shared by the
    process."""
    ctx = getattr(state, "ctx", None)
    found = getattr(ctx, "limits", None)
    if isinstance(found, RateLimits):
        return found
    own = getattr(state, "own_limits", None)
    if not isinstance(own, RateLimits):
        own = RateLimits()
        state.own_limits = own
    return own


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _json(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once the body passes its limit; an HTTPException so that
    the framework answers 413 whatever layer was reading."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="body_too_large")


class GuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: RateLimits,
        rules: list[PathRule],
        body_limit: Callable[[str], int],
    ) -> None:
        self.app = app
        self.limits = limits
        self.rules = rules
        self.body_limit = body_limit
        self._in_flight: dict[tuple[str, str], int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        ip = _client_ip(scope)
        held: list[tuple[str, str]] = []
        for rule in self.rules:
            if path.startswith(rule.prefix) and method in rule.methods:
                key = (rule.name, ip)
                busy = rule.max_in_flight and self._in_flight.get(key, 0) >= rule.max_in_flight
                if busy or not self.limits.allow(rule.per_ip, "ip", rule.name, ip):
                    await _json(send, 429, "rate_limited", [(b"retry-after", b"60")])
                    return
                if rule.max_in_flight:
                    held.append(key)
        for key in held:
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
        try:
            await self._limited(scope, receive, send)
        finally:
            for key in held:
                self._in_flight[key] -= 1
                if not self._in_flight[key]:
                    del self._in_flight[key]

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        limit = self.body_limit(path)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _json(send, 413, "body_too_large", [(b"connection", b"close")])
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _json(send, 413, "body_too_large", [(b"connection", b"close")])
