"""bot/resilience.py in the real Rasa environment, on a private PostgreSQL cluster
(tests/faults/cluster.py): Rasa's SQL tracker store (with ``login_db``, as
deploy/rasa/endpoints.yml) survives a PostgreSQL restart (its pooled connections pinged
before use), and a tracker store that cannot be read fails the turn instead of answering
with an empty conversation."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from app.config import ROOT_DIR
from tests.faults.cluster import PrivatePostgres, pg_bin

RASA_PY = ROOT_DIR / ".venv-rasa" / "bin" / "python"

CODE = r"""
import asyncio, subprocess, sys
sys.path.insert(0, sys.argv[1])
from bot.channels import halo_rest  # installs bot/resilience.py as Rasa does
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

port, ctl = int(sys.argv[2]), sys.argv[3:]
store = FailSafeTrackerStore(SQLTrackerStore(
    Domain.empty(), dialect="postgresql", host="127.0.0.1", port=port, username="postgres",
    db="rasa", login_db="postgres"))

async def main():
    tracker = DialogueStateTracker("warga", [])
    tracker.update(UserUttered("halo"))
    await store.save(tracker)
    subprocess.run(ctl + ["restart"], check=True, capture_output=True)
    again = await store.retrieve("warga")
    print("after restart", [e.text for e in again.events if isinstance(e, UserUttered)])
    subprocess.run(ctl + ["stop"], check=True, capture_output=True)
    try:
        await store.retrieve("warga")
        print("down: answered")
    except Exception as error:
        print("down: raised", type(error).__name__)

asyncio.run(main())
"""


@pytest.fixture
def pg() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    cluster.start()
    yield cluster
    cluster.close()


@pytest.mark.skipif(not RASA_PY.exists(), reason="no Rasa environment (.venv-rasa)")
def test_tracker_store_survives_a_restart_and_fails_loudly_when_down(pg) -> None:
    opts = f"-p {pg.port} -k {pg.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [pg_bin("pg_ctl"), "-D", str(pg.data), "-o", opts, "-w", "-m", "fast"]
    ctl += ["-l", str(pg.dir / "server.log")]
    ctl = (["runuser", "-u", "postgres", "--"] if pg.as_root else []) + ctl
    run = subprocess.run(
        [str(RASA_PY), "-c", CODE, str(ROOT_DIR), str(pg.port), *ctl],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "after restart ['halo']" in run.stdout, run.stdout + run.stderr[-3000:]
    assert "down: raised OperationalError" in run.stdout, run.stdout + run.stderr[-3000:]
