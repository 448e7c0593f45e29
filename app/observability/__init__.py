"""Operations: Prometheus metrics (one registry per app), request ids, per-stage timing.

For other parts of the app (the outbox, workers): ``current_metrics()`` gives the running
app's :class:`Metrics` inside a request or a task started by the app; ``outbox_depth`` and
``outbox_failed`` record to it and do nothing outside an app.
"""

from __future__ import annotations

from app.observability.context import (
    REQUEST_ID_HEADER,
    accept_request_id,
    add_stage_time,
    bind_metrics,
    count_error,
    current_metrics,
    current_request_id,
    reset_request_id,
    set_request_id,
    stage,
    stages,
)
from app.observability.metrics import Metrics


def count_handoff(reason: str) -> None:
    metrics = current_metrics()
    if metrics is not None:
        metrics.count_handoff(reason)


def outbox_depth(depth: int) -> None:
    """Set ``halo_outbox_depth`` of the running app."""
    metrics = current_metrics()
    if metrics is not None:
        metrics.outbox_depth.set(depth)


def outbox_failed(count: int = 1) -> None:
    """Add to ``halo_outbox_failures_total`` of the running app."""
    metrics = current_metrics()
    if metrics is not None:
        metrics.outbox_failures.inc(count)


__all__ = [
    "REQUEST_ID_HEADER",
    "Metrics",
    "accept_request_id",
    "add_stage_time",
    "bind_metrics",
    "count_error",
    "count_handoff",
    "current_metrics",
    "current_request_id",
    "outbox_depth",
    "outbox_failed",
    "reset_request_id",
    "set_request_id",
    "stage",
    "stages",
]
