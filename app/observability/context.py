"""Per-request context: the request id and the time spent in each stage of the request.

Both live in contextvars set by :class:`app.observability.middleware.ObservabilityMiddleware`
for every HTTP request (a web turn, a channel webhook, Rasa's action call), so every log
line (app/logging_setup.py) and every call to Rasa (app/rasa_client.py) can read them
without being handed them. Nothing here is shared between two apps: the metrics of a
stage go to the registry the caller hands in (``bind_metrics``), one per app.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.observability.metrics import Metrics

REQUEST_ID_HEADER = "X-Request-ID"
# what an id from outside may look like (anything else is replaced: ids go into log lines)
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id_var: ContextVar[str | None] = ContextVar("halo_request_id", default=None)
_metrics_var: ContextVar[Metrics | None] = ContextVar("halo_metrics", default=None)
_stages_var: ContextVar[dict[str, float] | None] = ContextVar("halo_stages", default=None)


def new_request_id() -> str:
    return secrets.token_hex(8)


def accept_request_id(given: str | None) -> str:
    """An incoming X-Request-ID when it is a plain token, else a fresh one."""
    if given and REQUEST_ID_RE.match(given):
        return given
    return new_request_id()


def current_request_id() -> str | None:
    return request_id_var.get()


def set_request_id(request_id: str | None) -> Token[str | None]:
    return request_id_var.set(request_id)


def reset_request_id(token: Token[str | None]) -> None:
    request_id_var.reset(token)


def bind_metrics(metrics: Metrics | None) -> Token[Metrics | None]:
    """Make ``metrics`` the registry that :func:`stage` and :func:`count_error` record to
    in this context (and in tasks started from it)."""
    return _metrics_var.set(metrics)


def unbind_metrics(token: Token[Metrics | None]) -> None:
    _metrics_var.reset(token)


def current_metrics() -> Metrics | None:
    return _metrics_var.get()


def start_stages() -> Token[dict[str, float] | None]:
    """Begin collecting the per-stage seconds of one request (Server-Timing, benches)."""
    return _stages_var.set({})


def stages() -> dict[str, float]:
    return dict(_stages_var.get() or {})


def end_stages(token: Token[dict[str, float] | None]) -> None:
    _stages_var.reset(token)


def add_stage_time(name: str, seconds: float) -> None:
    """Add ``seconds`` to this request's total for stage ``name`` (no metric)."""
    acc = _stages_var.get()
    if acc is not None:
        acc[name] = acc.get(name, 0.0) + seconds


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a stage of the current request: into the per-request breakdown and into the
    bound metrics' ``halo_stage_duration_seconds{stage=name}``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        add_stage_time(name, elapsed)
        metrics = _metrics_var.get()
        if metrics is not None:
            metrics.observe_stage(name, elapsed)


def count_error(error: BaseException | str) -> None:
    """Count an error by class in the bound metrics (one that was handled, e.g. Rasa down)."""
    metrics = _metrics_var.get()
    if metrics is not None:
        metrics.count_error(error)
