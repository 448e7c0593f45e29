"""Rasa with a stopwatch on its stages, for scripts/turn_breakdown.py only (never for
``make run``): the same ``rasa`` command line, with these methods timed and each call
appended as one JSON line ``{"sender", "stage", "ms"}`` to the file $HALO_RASA_TIMINGS:

- ``handle``: Agent.handle_message (the lock plus the whole turn), ``processor``: the turn
  inside the lock (so lock = handle - processor);
- ``nlu``: MessageProcessor.parse_message (the NLU pipeline);
- ``policies``: every MessageProcessor.predict_next_with_tracker_if_should of the turn;
- ``tracker_load`` / ``tracker_save``: the tracker store's retrieve / save;
- ``action_http``: RemoteAction.run (Rasa's call to the app's action endpoint), of which
  ``action_format``: building the call's JSON (the whole tracker and, unless the endpoint
  enables the selective domain, the whole domain); ``action_kb``: its size (a value, not ms);
  ``action_post``: the HTTP exchange (EndpointConfig.request: the JSON sent and the answer
  read, on the session bot/speedups.py keeps; Rasa alone opens a new one each call);
  ``action_validate``: the answer checked against its JSON schema.

Runs in the Rasa environment (Python 3.10): ``.venv-rasa/bin/python scripts/rasa_timed.py run ...``.
"""

from __future__ import annotations

import contextvars
import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()
_current_sender: contextvars.ContextVar[str] = contextvars.ContextVar("sender", default="?")
_out = open(os.environ["HALO_RASA_TIMINGS"], "a", encoding="utf-8")  # noqa: SIM115


def _record(sender: Any, stage: str, seconds: float) -> None:
    line = json.dumps({"sender": str(sender), "stage": stage, "ms": seconds * 1000})
    with _lock:
        _out.write(line + "\n")
        _out.flush()


def _timed_async(cls: Any, name: str, stage: str, sender_of: Callable[..., Any]) -> None:
    original = getattr(cls, name)

    @functools.wraps(original)
    async def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return await original(self, *args, **kwargs)
        finally:
            _record(sender_of(*args, **kwargs), stage, time.perf_counter() - start)

    setattr(cls, name, timed)


def _timed_sync(cls: Any, name: str, stage: str, sender_of: Callable[..., Any]) -> None:
    original = getattr(cls, name)

    @functools.wraps(original)
    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            _record(sender_of(*args, **kwargs), stage, time.perf_counter() - start)

    setattr(cls, name, timed)


def _sender_of_message(message: Any, *args: Any, **kwargs: Any) -> Any:
    return getattr(message, "sender_id", "?")


def _sender_of_tracker(tracker: Any, *args: Any, **kwargs: Any) -> Any:
    return getattr(tracker, "sender_id", "?")


def _sender_of_action_run(output_channel: Any, nlg: Any, tracker: Any, *a: Any, **k: Any) -> Any:
    return getattr(tracker, "sender_id", "?")


def _sender_id(sender_id: Any, *args: Any, **kwargs: Any) -> Any:
    return sender_id


def patch() -> None:
    from bot import speedups

    speedups.install()  # what the halo channel installs, timed below (not replaced later)
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore

    _timed_async(Agent, "handle_message", "handle", _sender_of_message)
    _timed_async(MessageProcessor, "handle_message", "processor", _sender_of_message)
    _timed_async(MessageProcessor, "parse_message", "nlu", _sender_of_message)
    _timed_sync(
        MessageProcessor, "predict_next_with_tracker_if_should", "policies", _sender_of_tracker
    )
    _timed_async(SQLTrackerStore, "retrieve", "tracker_load", _sender_id)
    _timed_async(SQLTrackerStore, "save", "tracker_save", _sender_of_tracker)
    _timed_async(RemoteAction, "run", "action_http", _sender_of_action_run)
    fmt = RemoteAction._action_call_format

    def action_call_format(self: Any, tracker: Any, domain: Any) -> Any:
        start = time.perf_counter()
        result = fmt(self, tracker, domain)
        _record(tracker.sender_id, "action_format", time.perf_counter() - start)
        size_kb = len(json.dumps(result)) / 1024
        _record(tracker.sender_id, "action_kb", size_kb / 1000)  # "ms" field holds the KB
        return result

    RemoteAction._action_call_format = action_call_format

    from rasa.utils.endpoints import EndpointConfig

    def sender_of_request(*args: Any, **kwargs: Any) -> Any:
        return (kwargs.get("json") or {}).get("sender_id", "?")

    _timed_async(EndpointConfig, "request", "action_post", sender_of_request)
    validate = RemoteAction._validate_action_result

    def validate_result(self: Any, result: Any) -> Any:
        start = time.perf_counter()
        try:
            return validate(self, result)
        finally:
            _record(_current_sender.get(), "action_validate", time.perf_counter() - start)

    RemoteAction._validate_action_result = validate_result
    run = RemoteAction.run

    async def run_with_sender(
        self: Any, output_channel: Any, nlg: Any, tracker: Any, *a: Any, **k: Any
    ) -> Any:
        token = _current_sender.set(tracker.sender_id)
        try:
            return await run(self, output_channel, nlg, tracker, *a, **k)
        finally:
            _current_sender.reset(token)

    RemoteAction.run = run_with_sender


if __name__ == "__main__":
    patch()
    from rasa.__main__ import main

    sys.argv = ["rasa", *sys.argv[1:]]
    main()
