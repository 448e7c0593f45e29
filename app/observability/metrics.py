"""Prometheus metrics of one app: every instrument lives in the app's own
:class:`~prometheus_client.CollectorRegistry` (no process-global state: two apps built by
``create_app`` in one process count apart).

Names (all prefixed ``halo_``):

- ``turns_total{channel}``, ``turn_duration_seconds{channel}``: citizen messages handled
  (:meth:`ConversationService.handle`), whatever the outcome.
- ``stage_duration_seconds{stage}``: ``rasa`` (the REST round trip of a turn, NLU +
  policies + actions + tracker store), ``rasa_api`` (tracker reads and events), ``action``
  (Rasa's call to our action endpoint), ``database`` (one SQL statement), ``stt``, ``tts``.
- ``http_request_duration_seconds{route,method}``, ``http_requests_total{route,method,status}``:
  every HTTP request by route template (never the raw path: it may carry ids).
- ``nlu_confidence`` (histogram) and ``nlu_messages_total{intent}``: the intent confidence of
  each citizen message as the action endpoint sees it in the tracker (turns answered by a
  plain response, without any custom action, are not seen).
- ``actions_total{action,outcome}``.
- ``handoffs_total{reason}``, ``handoff_queue_length`` (waiting requests, read at scrape).
- ``outbox_depth`` (a gauge the outbox sets, or a function it registers) and
  ``outbox_failures_total``.
- ``errors_total{error}``: exceptions by class, handled (Rasa unreachable) or not.
- ``process_*``: the app process's memory, CPU, open files.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)

LATENCY_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.075,
    0.1,
    0.15,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)
CONFIDENCE_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
SEEN_MESSAGES = 4096  # message ids remembered so a turn's confidence counts once


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, registry: CollectorRegistry | None = None, *, process: bool = True) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        if process:
            ProcessCollector(registry=r)
        self.turns = Counter("halo_turns", "Citizen messages handled", ["channel"], registry=r)
        self.turn_seconds = Histogram(
            "halo_turn_duration_seconds",
            "A citizen message from arrival in the app to its replies",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.stage_seconds = Histogram(
            "halo_stage_duration_seconds",
            "Time in one stage of a request (rasa, rasa_api, action, database, stt, tts)",
            ["stage"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.http_seconds = Histogram(
            "halo_http_request_duration_seconds",
            "HTTP requests served by the app, by route template",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.http_requests = Counter(
            "halo_http_requests",
            "HTTP requests served by the app",
            ["route", "method", "status"],
            registry=r,
        )
        self.nlu_confidence = Histogram(
            "halo_nlu_confidence",
            "Intent confidence of citizen messages (as the action endpoint sees them)",
            buckets=CONFIDENCE_BUCKETS,
            registry=r,
        )
        self.nlu_messages = Counter(
            "halo_nlu_messages", "Citizen messages seen by intent", ["intent"], registry=r
        )
        self.actions = Counter(
            "halo_actions", "Custom actions run", ["action", "outcome"], registry=r
        )
        self.handoffs = Counter(
            "halo_handoffs", "Conversations queued for an officer", ["reason"], registry=r
        )
        self.handoff_queue = Gauge(
            "halo_handoff_queue_length", "Handoff requests waiting for an officer", registry=r
        )
        self.outbox_depth = Gauge(
            "halo_outbox_depth", "Outgoing messages waiting in the outbox", registry=r
        )
        self.outbox_failures = Counter(
            "halo_outbox_failures", "Outbox send attempts that failed", registry=r
        )
        self.errors = Counter("halo_errors", "Errors by exception class", ["error"], registry=r)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._seen_lock = threading.Lock()

    # -- recording ---------------------------------------------------------------------

    def observe_stage(self, stage: str, seconds: float) -> None:
        self.stage_seconds.labels(stage).observe(seconds)

    def observe_turn(self, channel: str, seconds: float) -> None:
        self.turns.labels(channel).inc()
        self.turn_seconds.labels(channel).observe(seconds)

    def observe_http(self, route: str, method: str, status: int, seconds: float) -> None:
        self.http_seconds.labels(route, method).observe(seconds)
        self.http_requests.labels(route, method, str(status)).inc()

    def count_error(self, error: BaseException | str) -> None:
        name = error if isinstance(error, str) else type(error).__name__
        self.errors.labels(name).inc()

    def observe_nlu(self, message_id: str | None, intent: str, confidence: float) -> None:
        """One citizen message's intent confidence; a message already seen (several
        actions in one turn) is not counted again."""
        if message_id:
            with self._seen_lock:
                if message_id in self._seen:
                    return
                self._seen[message_id] = None
                while len(self._seen) > SEEN_MESSAGES:
                    self._seen.popitem(last=False)
        self.nlu_confidence.observe(confidence)
        self.nlu_messages.labels(intent or "none").inc()

    def count_handoff(self, reason: str) -> None:
        self.handoffs.labels(reason).inc()

    # -- gauges read at scrape time ---------------------------------------------------

    def track_handoff_queue(self, length: Callable[[], float]) -> None:
        self.handoff_queue.set_function(_never_raising(length))

    def track_outbox_depth(self, depth: Callable[[], float]) -> None:
        """For the outbox: a function giving its depth, read at every scrape (or call
        ``outbox_depth.set(n)`` as it changes)."""
        self.outbox_depth.set_function(_never_raising(depth))

    def render(self) -> bytes:
        return generate_latest(self.registry)


def _never_raising(read: Callable[[], float]) -> Callable[[], float]:
    """A scrape never fails because one gauge cannot be read (the database is down)."""

    def safe() -> float:
        try:
            return float(read())
        except Exception:
            return float("nan")

    return safe
