"""Start, supervise and stop the whole local system (Rasa server + app server) as child
processes.

Used by ``make run`` (scripts/run.py) and by the end-to-end tests, so both run the
system exactly the same way. ``make run`` supervises the children (:meth:`LocalSystem.
supervise`): a child that dies is started again after an exponential backoff (capped,
reset once the child has stayed up a while); only SIGINT/SIGTERM stop the system.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app.config import ROOT_DIR
from app.keys import ACTION_SECRET_FILE, RASA_TOKEN_FILE, runtime_secret

RASA_BIN = ROOT_DIR / ".venv-rasa" / "bin" / "rasa"

log = logging.getLogger("halo.launcher")


def current_model() -> Path:
    pointer = ROOT_DIR / "models" / "CURRENT"
    if not pointer.exists():
        raise FileNotFoundError("no trained model: run 'make setup' (scripts/train.sh) first")
    return ROOT_DIR / pointer.read_text().strip()


@dataclass
class Backoff:
    """Delay before restarting a child: ``initial_s`` doubling per crash up to ``max_s``;
    a child that ran at least ``stable_s`` before dying starts again from ``initial_s``."""

    initial_s: float = 1.0
    max_s: float = 30.0
    factor: float = 2.0
    stable_s: float = 60.0
    _next_s: float = field(default=0.0, init=False)

    def delay(self, uptime_s: float) -> float:
        if uptime_s >= self.stable_s or self._next_s <= 0:
            self._next_s = self.initial_s
        delay = self._next_s
        self._next_s = min(self._next_s * self.factor, self.max_s)
        return delay


def exit_cause(returncode: int) -> str:
    """'exited with code 3' or 'killed by SIGKILL': the cause, never the child's output."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with code {returncode}"


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


@dataclass
class Child:
    name: str
    cmd: list[str]
    proc: subprocess.Popen[bytes]
    started: float
    backoff: Backoff
    restarts: int = 0
    restart_at: float | None = None  # set while waiting to restart after a crash


@dataclass
class LocalSystem:
    app_port: int = 8000
    rasa_port: int = 5005
    runtime_dir: Path = ROOT_DIR / "runtime"
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    # restart policy of supervise(); tests shorten it
    backoff: Backoff = field(default_factory=Backoff)
    _children: list[Child] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: bool = False

    @property
    def rasa_token(self) -> str:
        """Rasa's HTTP API token (``?token=``): HALO_RASA_TOKEN, else runtime/rasa_token."""
        return (
            self.env.get("HALO_RASA_TOKEN")
            or os.environ.get("HALO_RASA_TOKEN", "")
            or runtime_secret(self.runtime_dir, RASA_TOKEN_FILE)
        )

    @property
    def action_secret(self) -> str:
        return (
            self.env.get("HALO_ACTION_SECRET")
            or os.environ.get("HALO_ACTION_SECRET", "")
            or runtime_secret(self.runtime_dir, ACTION_SECRET_FILE)
        )

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.app_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def _procs(self) -> list[subprocess.Popen[bytes]]:
        return [c.proc for c in self._children]

    @property
    def _names(self) -> list[str]:
        return [c.name for c in self._children]

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "PYTHONPATH": str(ROOT_DIR),
                "HALO_RUNTIME_DIR": str(self.runtime_dir),
                "HALO_RASA_URL": self.rasa_url,
                "HALO_ACTION_ENDPOINT_URL": f"{self.app_url}/actions/webhook",
                "HALO_RASA_TRACKER_DB": str(self.runtime_dir / "rasa_tracker.db"),
                # Rasa reads both from its environment (bot/endpoints.yml, the halo channel)
                "HALO_RASA_TOKEN": self.rasa_token,
                "HALO_ACTION_SECRET": self.action_secret,
                "TF_CPP_MIN_LOG_LEVEL": "3",
                "PYTHONWARNINGS": "ignore",
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            }
        )
        env.update(self.env)
        return env

    def commands(self) -> dict[str, list[str]]:
        """The children, by name, in start order."""
        return {
            "rasa": [
                str(RASA_BIN),
                "run",
                "--enable-api",
                # one argument: a random token may start with "-", which argparse would
                # otherwise read as an option ("expected one argument")
                f"--auth-token={self.rasa_token}",
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--model",
                str(current_model()),
                "--endpoints",
                "bot/endpoints.yml",
                "--credentials",
                "bot/credentials.yml",
            ],
            "app": [
                sys.executable,
                "-m",
                "uvicorn",
                "app.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.app_port),
                "--log-level",
                "info",
            ],
        }

    def _popen(self, name: str, cmd: list[str]) -> subprocess.Popen[bytes]:
        out = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = (self.log_dir / f"{name}.log").open("ab")
        try:
            return subprocess.Popen(
                cmd,
                cwd=ROOT_DIR,
                env=self._env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if out is not None:
                out.close()  # the child holds its own copy

    def start(self) -> None:
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self._stopping = False
        for name, cmd in self.commands().items():
            proc = self._popen(name, cmd)
            backoff = Backoff(
                self.backoff.initial_s, self.backoff.max_s, self.backoff.factor,
                self.backoff.stable_s,
            )  # fmt: skip
            self._children.append(Child(name, cmd, proc, time.monotonic(), backoff))

    def wait_ready(
        self,
        timeout_s: float = 240.0,
        stop: threading.Event | None = None,
        restart: bool = False,
    ) -> None:
        """Block until the app's /health reports every part up (or ``stop`` is set). A child
        that dies meanwhile fails the start (tests), or with ``restart`` (make run) is started
        again like :meth:`supervise` does."""
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
            if restart:
                self.check_children()
            for child in [] if restart else self._children:
                if child.proc.poll() is not None:
                    raise RuntimeError(f"{child.name} {exit_cause(child.proc.returncode)}")
            try:
                resp = httpx.get(f"{self.app_url}/health", timeout=5.0)
                if resp.status_code == 200:
                    return
                last = resp.text
            except httpx.HTTPError as error:
                last = repr(error)
            time.sleep(1.0)
        if stop is not None and stop.is_set():
            return
        raise TimeoutError(f"system not ready after {timeout_s:.0f} s: {last}")

    def child(self, name: str) -> Child:
        return next(c for c in self._children if c.name == name)

    def check_children(self, now: float | None = None) -> None:
        """One supervision step: note children that died (cause, uptime, next delay) and
        start again those whose backoff has passed."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._stopping:
                return
            for child in self._children:
                code = child.proc.poll()
                if code is None:
                    continue
                if child.restart_at is None:
                    _kill_group(child.proc.pid)  # what it left behind must free the port
                    uptime = now - child.started
                    delay = child.backoff.delay(uptime)
                    child.restart_at = now + delay
                    log.warning(
                        "%s (pid %d) %s after %.1f s up; restart %d in %.1f s",
                        child.name, child.proc.pid, exit_cause(code), uptime,
                        child.restarts + 1, delay,
                    )  # fmt: skip
                elif now >= child.restart_at:
                    child.proc = self._popen(child.name, child.cmd)
                    child.started = time.monotonic()
                    child.restart_at = None
                    child.restarts += 1
                    log.warning("%s restarted (pid %d)", child.name, child.proc.pid)

    def supervise(self, stop: threading.Event, poll_s: float = 0.5) -> None:
        """Keep the children running until ``stop`` is set (make run: SIGINT/SIGTERM)."""
        while not stop.wait(poll_s):
            self.check_children()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            procs = self._procs
            for proc in procs:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            self._children.clear()

    def any_exited(self) -> bool:
        return any(p.poll() is not None for p in self._procs)
