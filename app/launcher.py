"""Start and stop the whole local system (Rasa server + app server) as child processes.

Used by ``make run`` (scripts/run.py) and by the end-to-end tests, so both run the
system exactly the same way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app.config import ROOT_DIR
from app.keys import ACTION_SECRET_FILE, RASA_TOKEN_FILE, runtime_secret

RASA_BIN = ROOT_DIR / ".venv-rasa" / "bin" / "rasa"


def current_model() -> Path:
    pointer = ROOT_DIR / "models" / "CURRENT"
    if not pointer.exists():
        raise FileNotFoundError("no trained model: run 'make setup' (scripts/train.sh) first")
    return ROOT_DIR / pointer.read_text().strip()


@dataclass
class LocalSystem:
    app_port: int = 8000
    rasa_port: int = 5005
    runtime_dir: Path = ROOT_DIR / "runtime"
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    _procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _names: list[str] = field(default_factory=list)

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

    def _spawn(self, name: str, cmd: list[str]) -> None:
        out = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = (self.log_dir / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT_DIR,
            env=self._env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._procs.append(proc)
        self._names.append(name)

    def start(self) -> None:
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self._spawn(
            "rasa",
            [
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
        )
        self._spawn(
            "app",
            [
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
        )

    def wait_ready(self, timeout_s: float = 240.0) -> None:
        """Block until the app's /health reports every part up."""
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            for name, proc in zip(self._names, self._procs, strict=True):
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}")
            try:
                resp = httpx.get(f"{self.app_url}/health", timeout=5.0)
                if resp.status_code == 200:
                    return
                last = resp.text
            except httpx.HTTPError as error:
                last = repr(error)
            time.sleep(1.0)
        raise TimeoutError(f"system not ready after {timeout_s:.0f} s: {last}")

    def stop(self) -> None:
        for proc in self._procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self._procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self._procs.clear()
        self._names.clear()

    def any_exited(self) -> bool:
        return any(p.poll() is not None for p in self._procs)
