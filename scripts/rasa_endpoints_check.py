"""Rasa 3.6 reads deploy/rasa/endpoints.yml (the deployment's endpoints, ${VAR}s from the
environment); with --live it also opens the tracker store on PostgreSQL and the lock store
on Redis, saves and reads back a tracker and takes a lock.

Run in the Rasa environment by scripts/validate_deploy.sh:
    PYTHONPATH=. .venv-rasa/bin/python scripts/rasa_endpoints_check.py [--live]
"""

from __future__ import annotations

import asyncio
import sys
import warnings

warnings.filterwarnings("ignore")

from rasa.core.lock_store import LockStore, RedisLockStore  # noqa: E402
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore  # noqa: E402
from rasa.core.utils import read_endpoints_from_path  # noqa: E402
from rasa.shared.core.events import UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

PATH = "deploy/rasa/endpoints.yml"
SENDER = "deploy-check"


def main(live: bool) -> int:
    ep = read_endpoints_from_path(PATH)
    assert ep.action is not None and ep.action.url, "no action endpoint"
    assert "X-Halo-Action-Secret" in (ep.action.headers or {}), "action secret header missing"
    assert ep.tracker_store is not None and ep.tracker_store.type == "SQL"
    assert ep.tracker_store.kwargs["dialect"] == "postgresql"
    assert ep.lock_store is not None and ep.lock_store.type == "redis"
    print(f"  read {PATH}: action endpoint, SQL tracker store (postgresql), redis lock store")
    if not live:
        return 0
    store = TrackerStore.create(ep.tracker_store)
    locks = LockStore.create(ep.lock_store)
    assert isinstance(store, SQLTrackerStore) and isinstance(locks, RedisLockStore)

    async def round_trip() -> int:
        tracker = DialogueStateTracker(SENDER, slots=[])
        tracker.update(UserUttered("halo"))
        await store.save(tracker)
        back = await store.retrieve(SENDER)
        assert back is not None
        async with locks.lock(SENDER):
            pass
        return len(back.events)

    events = asyncio.run(round_trip())
    print(f"  live: tracker saved and read back on PostgreSQL ({events} events), Redis lock taken")
    return 0


if __name__ == "__main__":
    sys.exit(main("--live" in sys.argv[1:]))
