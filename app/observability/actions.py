"""The action endpoint's side of a turn: rasa-sdk's executor wrapped so that each action
call runs under the turn's request id (``metadata.request_id`` of the citizen's message,
which the app sent to Rasa and Rasa hands back in ``tracker.latest_message``), is timed as
the stage ``action`` and counted by name and outcome, and reports the message's intent
confidence once (``halo_nlu_confidence``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from app.observability.context import (
    REQUEST_ID_RE,
    add_stage_time,
    reset_request_id,
    set_request_id,
)
from app.observability.metrics import Metrics

log = logging.getLogger("halo.actions")


def turn_request_id(action_call: dict[str, Any]) -> str | None:
    """The turn's id from the message metadata; ``action_session_start`` runs before the
    message is in the tracker, and reads it from the slot Rasa fills with that metadata."""
    tracker = action_call.get("tracker") or {}
    if action_call.get("next_action") == "action_session_start":
        metadata = (tracker.get("slots") or {}).get("session_started_metadata") or {}
    else:
        metadata = (tracker.get("latest_message") or {}).get("metadata") or {}
    given = metadata.get("request_id") if isinstance(metadata, dict) else None
    return given if isinstance(given, str) and REQUEST_ID_RE.match(given) else None


def observe_nlu(metrics: Metrics, action_call: dict[str, Any]) -> None:
    latest = (action_call.get("tracker") or {}).get("latest_message") or {}
    intent = latest.get("intent") or {}
    confidence = intent.get("confidence")
    if isinstance(confidence, int | float):
        metrics.observe_nlu(latest.get("message_id"), str(intent.get("name") or ""), confidence)


def instrument_actions(executor: Any, metrics: Metrics) -> Any:
    """``executor.run`` of this executor instrumented; returns the executor."""
    original: Callable[[dict[str, Any]], Awaitable[Any]] = executor.run

    async def run(action_call: dict[str, Any]) -> Any:
        name = str(action_call.get("next_action") or "unknown")
        request_id = turn_request_id(action_call)
        token = set_request_id(request_id) if request_id else None
        start = time.perf_counter()
        outcome = "error"
        try:
            observe_nlu(metrics, action_call)
            result = await original(action_call)
            outcome = "ok"
            return result
        except Exception as error:
            outcome = type(error).__name__
            metrics.count_error(error)
            raise
        finally:
            elapsed = time.perf_counter() - start
            metrics.observe_stage("action", elapsed)
            metrics.actions.labels(name, "ok" if outcome == "ok" else "error").inc()
            add_stage_time("action", elapsed)
            log.info("action %s: %s in %.1f ms", name, outcome, elapsed * 1000)
            if token is not None:
                reset_request_id(token)

    executor.run = run
    return executor
