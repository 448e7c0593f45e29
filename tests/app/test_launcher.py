"""Supervision in app/launcher.py with real child processes standing in for Rasa and the
app: a killed child is started again with backoff, the others are left alone, and only the
stop event (SIGINT/SIGTERM in scripts/run.py) ends it all."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from app.launcher import Backoff, LocalSystem, exit_cause

SLEEPER = [sys.executable, "-c", "import time; time.sleep(300)"]


class StandInSystem(LocalSystem):
    """The real launcher; only the commands are small stand-ins."""

    rasa_cmd: list[str] = SLEEPER

    def commands(self) -> dict[str, list[str]]:
        return {"rasa": self.rasa_cmd, "app": SLEEPER}


def make_system(tmp_path: Path, backoff: Backoff, rasa_cmd: list[str] = SLEEPER) -> StandInSystem:
    system = StandInSystem(
        runtime_dir=tmp_path,
        log_dir=tmp_path / "logs",
        env={"HALO_RASA_TOKEN": "t" * 20, "HALO_ACTION_SECRET": "s" * 20},
        backoff=backoff,
    )
    system.rasa_cmd = rasa_cmd
    return system


def wait_for(condition, timeout_s: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_killed_rasa_is_restarted_and_the_app_left_running(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    system = make_system(tmp_path, Backoff(initial_s=0.2, max_s=2.0))
    system.start()
    stop = threading.Event()
    supervisor = threading.Thread(target=system.supervise, args=(stop, 0.02))
    try:
        with caplog.at_level(logging.WARNING, logger="halo.launcher"):
            supervisor.start()
            rasa_pid = system.child("rasa").proc.pid
            app_pid = system.child("app").proc.pid
            os.kill(rasa_pid, signal.SIGKILL)
            wait_for(lambda: system.child("rasa").restarts == 1)
            new_pid = system.child("rasa").proc.pid
            assert new_pid != rasa_pid
            assert alive(new_pid) and system.child("rasa").proc.poll() is None
            # the app was not touched
            assert system.child("app").proc.pid == app_pid
            assert system.child("app").restarts == 0
            assert not system.any_exited()
        logged = caplog.text
        assert "rasa" in logged and "killed by SIGKILL" in logged
        assert "restart 1 in 0.2 s" in logged
        assert "rasa restarted" in logged
    finally:
        stop.set()
        supervisor.join(timeout=5)
        system.stop()
    assert not supervisor.is_alive()
    assert not alive(new_pid) and not alive(app_pid)


def test_a_child_that_keeps_crashing_waits_longer_each_time_up_to_the_cap(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crasher = [sys.executable, "-c", "raise SystemExit(3)"]
    system = make_system(tmp_path, Backoff(initial_s=0.05, max_s=0.2, factor=2.0), crasher)
    system.start()
    stop = threading.Event()
    supervisor = threading.Thread(target=system.supervise, args=(stop, 0.01))
    try:
        with caplog.at_level(logging.WARNING, logger="halo.launcher"):
            supervisor.start()
            wait_for(lambda: system.child("rasa").restarts >= 4, timeout_s=20)
        delays = [
            r.getMessage().rsplit(" in ", 1)[1]
            for r in caplog.records
            if "exited with code 3" in r.getMessage()
        ]
        assert delays[:4] == ["0.1 s", "0.1 s", "0.2 s", "0.2 s"]  # 0.05, 0.1, 0.2, 0.2 (cap)
        assert system.child("app").restarts == 0
    finally:
        stop.set()
        supervisor.join(timeout=5)
        system.stop()


def test_stop_ends_supervision_without_restarting(tmp_path: Path) -> None:
    system = make_system(tmp_path, Backoff(initial_s=0.01))
    system.start()
    procs = [system.child(n).proc for n in ("rasa", "app")]
    stop = threading.Event()
    supervisor = threading.Thread(target=system.supervise, args=(stop, 0.01))
    supervisor.start()
    stop.set()
    supervisor.join(timeout=5)
    system.stop()
    assert not supervisor.is_alive()
    assert all(p.poll() is not None for p in procs)
    system.check_children()  # after stop: nothing is started again
    assert system.any_exited() is False and system._procs == []


def test_backoff_doubles_to_the_cap_and_resets_after_a_stable_run() -> None:
    backoff = Backoff(initial_s=1.0, max_s=8.0, factor=2.0, stable_s=60.0)
    assert [backoff.delay(uptime_s=1.0) for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert backoff.delay(uptime_s=61.0) == 1.0  # it had stayed up: start over
    assert backoff.delay(uptime_s=0.5) == 2.0


def test_exit_cause_names_the_signal_or_code() -> None:
    assert exit_cause(-signal.SIGKILL) == "killed by SIGKILL"
    assert exit_cause(3) == "exited with code 3"


def test_start_up_restarts_a_crashed_child_under_make_run_and_fails_fast_in_tests(
    tmp_path: Path,
) -> None:
    crasher = [sys.executable, "-c", "raise SystemExit(3)"]
    system = make_system(tmp_path, Backoff(initial_s=0.05, max_s=0.1), crasher)
    system.app_port = 9  # nothing answers /health: never ready
    system.start()
    try:
        with pytest.raises(TimeoutError):
            system.wait_ready(timeout_s=4.0, restart=True)  # make run: keeps restarting
        assert system.child("rasa").restarts >= 1
        assert system.child("app").restarts == 0
    finally:
        system.stop()
    system = make_system(tmp_path, Backoff(initial_s=0.05), crasher)
    system.app_port = 9
    system.start()
    try:
        with pytest.raises(RuntimeError, match="rasa exited with code 3"):
            system.wait_ready(timeout_s=30.0)  # the tests' start: the first death fails it
    finally:
        system.stop()
