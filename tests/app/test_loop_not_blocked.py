"""Blocking database work never runs on the event loop: while a turn (or an action) waits for
a SQLite write lock that another process holds, the app still answers other requests at once.
Before, the turn's transcript write ran on the loop and everything waited for the lock (up
to SQLite's 30 s busy timeout)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from actions.server import SECRET_HEADER
from tests.actions.test_action_context import handoff_call, requests_in
from tests.app.trust_fixtures import RecordingRasa, chat, running

HOLD_S = 4.0  # the lock is let go after this, whatever happens


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[TestClient, RecordingRasa]]:
    yield from running(tmp_path)


def stalled(client: TestClient, request: Callable[[], httpx.Response]) -> httpx.Response:
    """``request`` sent from another thread while an outside connection holds the
    database's write lock; meanwhile the app must answer /health/live at once."""
    db_file = client.app.state.ctx.settings.runtime_dir / "halo_warga.db"
    holder = sqlite3.connect(db_file, timeout=1, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a slow writer elsewhere holds it
    release = threading.Timer(HOLD_S, holder.rollback)
    release.start()
    answer: list[httpx.Response] = []
    waiting = threading.Thread(target=lambda: answer.append(request()))
    waiting.start()
    try:
        time.sleep(0.5)  # the request is now waiting for the lock
        assert waiting.is_alive(), "the request did not wait for the lock"
        started = time.monotonic()
        live = client.get("/health/live")
        elapsed = time.monotonic() - started
        assert live.status_code == 200
        assert elapsed < 1.0, f"the loop was blocked for {elapsed:.1f} s"
        assert waiting.is_alive()  # still waiting: the answer above did not wait for it
    finally:
        release.cancel()
        holder.rollback()
        holder.close()
        waiting.join(timeout=30)
    assert answer, "the stalled request never finished"
    return answer[0]


def test_a_turn_waiting_for_the_database_does_not_block_the_loop(app) -> None:
    client, rasa = app
    resp = stalled(client, lambda: chat(client, "halo"))
    assert resp.status_code == 200, resp.text
    assert rasa.messages == ["halo"]  # the turn went on once the lock was free


def test_an_action_waiting_for_the_database_does_not_block_the_loop(app) -> None:
    client, _ = app
    secret = client.app.state.ctx.settings.action_secret

    def action() -> httpx.Response:
        return client.post(
            "/actions/webhook",
            json=handoff_call("web:warga-lambat"),
            headers={SECRET_HEADER: secret},
        )

    resp = stalled(client, action)
    assert resp.status_code == 200, resp.text
    assert requests_in(client.app.state.ctx.engine) == ["web:warga-lambat"]
