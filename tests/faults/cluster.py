"""The production profile on this machine, for the fault tests and the load test.

- :class:`PrivatePostgres`: a PostgreSQL cluster of its own (initdb/pg_ctl from
  /usr/lib/postgresql/*/bin) in a temporary directory on a free port, so a test may stop
  and restart it; the machine's shared PostgreSQL on 5432 is never touched.
- :class:`PrivateRedis`: a redis-server of its own on a free port (no persistence).
- :class:`ProductionSystem`: the launcher's Rasa + app pair (app/launcher.py) on the
  deployment's Rasa endpoints (deploy/rasa/endpoints.yml: tracker store on PostgreSQL, lock
  store on Redis) and the app on PostgreSQL, Redis shared state and Redis rate limits.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.launcher import LocalSystem

DEPLOY_ENDPOINTS = "deploy/rasa/endpoints.yml"
SECRET_KEY = "fault-tests-only-fault-tests-only-0123456789"
RASA_TOKEN = "fault-tests-rasa-token-0123"
ACTION_SECRET = "fault-tests-action-secret-0123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise FileNotFoundError(f"{name} not found under /usr/lib/postgresql/*/bin")
    return found[-1]


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and the server refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class PrivatePostgres:
    """A throw-away cluster: trust auth for ``postgres`` on 127.0.0.1:``port``."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="halo-faults-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E",
                 "UTF8", "--no-sync"]
            ),
            check=True, capture_output=True,
        )  # fmt: skip

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def url(self, db: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def _ctl(self, *args: str) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres(
                [pg_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                 str(self.dir / "server.log"), "-w", "-t", "60", *args]
            ),
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_db(self, name: str) -> None:
        subprocess.run(
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            check=True, capture_output=True,
        )  # fmt: skip

    def close(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="halo-faults-redis-"))
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class ProductionSystem(LocalSystem):
    """Rasa on deploy/rasa/endpoints.yml (PostgreSQL tracker store, Redis lock store)."""

    def commands(self) -> dict[str, list[str]]:
        cmds = super().commands()
        rasa = cmds["rasa"]
        rasa[rasa.index("--endpoints") + 1] = DEPLOY_ENDPOINTS
        return cmds

    def rasa_up(self) -> bool:
        try:
            resp = httpx.get(f"{self.rasa_url}/status", params={"token": RASA_TOKEN}, timeout=3)
            return resp.status_code == 200 and bool(resp.json().get("model_file"))
        except httpx.HTTPError:
            return False


def production_env(
    *,
    pg_host: str,
    pg_port: int,
    app_db: str,
    rasa_db: str,
    redis_host: str,
    redis_port: int,
    redis_db: int = 0,
    rasa_lock_db: int = 1,
    rasa_redis_port: int | None = None,
    **extra: str,
) -> dict[str, str]:
    """The environment of one Rasa + app pair on the production profile (Rasa's lock store
    on the app's Redis unless ``rasa_redis_port`` names another)."""
    base = f"postgresql+psycopg://postgres@{pg_host}:{pg_port}"
    redis = f"redis://{redis_host}:{redis_port}/{redis_db}"
    env = {
        "HALO_ENVIRONMENT": "production",
        "HALO_SECRET_KEY": SECRET_KEY,
        "HALO_RASA_TOKEN": RASA_TOKEN,
        "HALO_ACTION_SECRET": ACTION_SECRET,
        "HALO_DATABASE_URL": f"{base}/{app_db}",
        "HALO_RASA_TRACKER_URL": f"{base}/{rasa_db}",
        "HALO_REDIS_URL": redis,
        "HALO_RATE_LIMIT_STORAGE": redis,
        "HALO_HANDOFF_ALWAYS_OPEN": "true",
        "HALO_STT_PRELOAD": "false",
        "HALO_BOOKING_REMINDER_INTERVAL_S": "0",
        "HALO_PRIVACY_PURGE_INTERVAL_S": "0",
        # Rasa (deploy/rasa/endpoints.yml)
        "HALO_POSTGRES_HOST": pg_host,
        "HALO_POSTGRES_PORT": str(pg_port),
        "HALO_POSTGRES_USER": "postgres",
        "HALO_POSTGRES_PASSWORD": "",
        "HALO_POSTGRES_DB": "postgres",
        "HALO_RASA_TRACKER_DB": rasa_db,
        "HALO_REDIS_HOST": redis_host,
        "HALO_REDIS_PORT": str(rasa_redis_port or redis_port),
        "HALO_REDIS_PASSWORD": "",
        "HALO_RASA_LOCK_REDIS_DB": str(rasa_lock_db),
    }
    env.update(extra)
    return env
