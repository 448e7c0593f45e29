"""bot/speedups.py's tracker store writes the same rows as Rasa's own: one scenario (a new
conversation, turns that load and save, a tracker saved twice after one load, a new session
inside a conversation, a load with nothing new) runs once on Rasa's ``SQLTrackerStore`` as
shipped and once with the speedups installed, each on its own SQLite file; the events
tables and the trackers loaded at the end must be equal row for row, and only the saves
not right after a load may count the stored rows again."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.config import ROOT_DIR

RASA_PY = ROOT_DIR / ".venv-rasa" / "bin" / "python"

CODE = r"""
import asyncio, json, sqlite3, sys
if sys.argv[2] == "patched":
    import bot.channels.halo_rest  # installs bot/speedups.py, as when Rasa starts
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

path = sys.argv[1]
domain = Domain.from_yaml("slots:\n  a:\n    type: any\n    mappings: []\n")
store = SQLTrackerStore(domain, dialect="sqlite", db=path)
queries = []
rasa_query = store._event_query
def counted_query(*args, **kwargs):
    queries.append(1)
    return rasa_query(*args, **kwargs)
store._event_query = counted_query
clock = iter(range(1, 1000))

def turn(tracker, n):
    tracker.update(UserUttered(f"pesan {n}", {"name": "greet", "confidence": 1.0},
                               timestamp=next(clock)))
    tracker.update(SlotSet("a", n, timestamp=next(clock)))
    tracker.update(ActionExecuted("action_listen", timestamp=next(clock)))

def session_start(tracker):
    for event in (ActionExecuted("action_session_start", timestamp=next(clock)),
                  SessionStarted(timestamp=next(clock)),
                  ActionExecuted("action_listen", timestamp=next(clock))):
        tracker.update(event)

async def main():
    tracker = DialogueStateTracker("web:x", domain.slots)
    session_start(tracker)
    await store.save(tracker)  # a new conversation: nothing loaded before
    for n in range(3):  # a load, then its save
        tracker = await store.retrieve("web:x")
        turn(tracker, n)
        await store.save(tracker)
    tracker = await store.retrieve("web:x")  # one load, two saves
    turn(tracker, 10)
    await store.save(tracker)
    turn(tracker, 11)
    await store.save(tracker)
    tracker = await store.retrieve("web:x")  # a new session inside the conversation
    session_start(tracker)
    turn(tracker, 20)
    await store.save(tracker)
    tracker = await store.retrieve("web:x")
    turn(tracker, 21)
    await store.save(tracker)
    tracker = await store.retrieve("web:x")  # nothing new
    await store.save(tracker)
    last = await store.retrieve("web:x")
    full = await store.retrieve_full_tracker("web:x")
    rows = sqlite3.connect(path).execute(
        "select id, sender_id, type_name, timestamp, intent_name, action_name, data "
        "from events order by id").fetchall()
    print(json.dumps({
        "rows": rows,
        "last": [e.as_dict() for e in last.events], "slot": last.get_slot("a"),
        "full": len(full.events), "queries": len(queries),
    }))

asyncio.run(main())
"""


def run(tmp_path, how: str) -> dict:
    proc = subprocess.run(
        [str(RASA_PY), "-c", CODE, str(tmp_path / f"{how}.db"), how],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT_DIR),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PATH": "/usr/bin:/bin",
        },
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_speedups_store_writes_the_rows_rasa_writes(tmp_path) -> None:
    if not RASA_PY.exists():
        pytest.skip("no Rasa environment (.venv-rasa)")
    rasa, patched = run(tmp_path, "rasa"), run(tmp_path, "patched")
    # 3 + 3 x 3 + 2 x 3 + (3 + 3) + 3 events, each stored once
    assert len(rasa["rows"]) == 27
    assert patched["rows"] == rasa["rows"]
    assert patched["last"] == rasa["last"] and patched["slot"] == rasa["slot"] == 21
    assert len(rasa["last"]) == 8  # the latest session only: from its SessionStarted on
    assert patched["full"] == rasa["full"] == 27
    # Rasa queries the events for each of the 9 loads and counts them again for each of the
    # 9 saves; a save right after a load starts from the load's count (7 of them here)
    assert rasa["queries"] == 18 and patched["queries"] == 11
