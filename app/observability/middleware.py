"""One ASGI middleware for every HTTP request: a request id (the caller's X-Request-ID when
it is a plain token, else a fresh one) in a contextvar for the log lines and the calls to
Rasa, echoed in the response; the app's metrics bound for the request; the request's
duration by route template; exceptions counted by class. With ``server_timing`` the
response carries the per-stage breakdown as a ``Server-Timing`` header (benches)."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability.context import (
    REQUEST_ID_HEADER,
    accept_request_id,
    bind_metrics,
    end_stages,
    reset_request_id,
    set_request_id,
    stages,
    start_stages,
    unbind_metrics,
)
from app.observability.metrics import Metrics

_HEADER = REQUEST_ID_HEADER.lower().encode()


def route_of(scope: Scope) -> str:
    """The matched route's template (``/api/chat/{session_id}/updates``), the mount's
    prefix for static files, or ``unmatched``: never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None) or getattr(route, "path_format", None)
    if isinstance(path, str) and path:
        return path
    root = scope.get("root_path", "")
    return root or "unmatched"


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics, server_timing: bool = False) -> None:
        self.app = app
        self.metrics = metrics
        self.server_timing = server_timing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = None
        for key, value in scope.get("headers", ()):
            if key == _HEADER:
                given = value.decode("latin-1")
                break
        request_id = accept_request_id(given)
        rid_token = set_request_id(request_id)
        metrics_token = bind_metrics(self.metrics)
        stages_token = start_stages()
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((_HEADER, request_id.encode()))
                if self.server_timing:
                    timing = server_timing_header(stages(), time.perf_counter() - start)
                    headers.append((b"server-timing", timing.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            self.metrics.count_error(error)
            raise
        finally:
            if scope["type"] == "http":
                elapsed = time.perf_counter() - start
                self.metrics.observe_http(route_of(scope), scope["method"], status, elapsed)
            end_stages(stages_token)
            unbind_metrics(metrics_token)
            reset_request_id(rid_token)


def server_timing_header(parts: dict[str, float], total_s: float) -> str:
    """``Server-Timing: rasa;dur=41.2, database;dur=3.1, app;dur=52.0`` (milliseconds)."""
    items = [f"{name};dur={seconds * 1000:.2f}" for name, seconds in sorted(parts.items())]
    items.append(f"app;dur={total_s * 1000:.2f}")
    return ", ".join(items)
