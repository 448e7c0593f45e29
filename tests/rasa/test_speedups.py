"""bot/speedups.py in the real Rasa environment, installed by loading the halo channel: the
action answer's check keeps Rasa's schema and errors (a malformed answer is still rejected,
with the same message) while its validator is built once; the SQLite tracker store pools
its connections in WAL mode and still saves every event once; action calls share one kept
HTTP session (one connection) with the endpoint's headers."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.config import ROOT_DIR

RASA_PY = ROOT_DIR / ".venv-rasa" / "bin" / "python"

CODE = r"""
import json, time
import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

action = RemoteAction("action_x", EndpointConfig("http://127.0.0.1:9"))
GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "a", "value": "b"}], "responses": [{"text": "hai"}]},
    {"events": [{"event": "followup", "name": "action_y"}, {"event": "reset_slots"}]},
    {"events": [{"event": "user", "text": "halo", "parse_data": {"intent": {"name": "greet"},
                 "entities": []}, "timestamp": 1.5, "metadata": None},
                {"event": "action", "name": "utter_greet", "policy": None},
                {"event": "bot", "text": "Halo", "data": {}}], "responses": [], "x": 1},
    {},
    {"events": [{"event": "action"}]},  # Rasa's schema asks no name
]
BAD = [
    {"events": "x"},
    {"events": [{"event": "slot"}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [1]},
    {"responses": "teks"},
    [],
    {"events": [{"name": "a", "value": "b"}]},
    {"events": [{"event": 3}]},
    {"events": [{"event": "slot", "name": "a", "value": 1, "timestamp": "kemarin"}]},
    {"events": [{"event": "user", "parse_data": {"intent": "greet"}}]},
    {"events": [{"event": "bot", "text": "ok"}, "bot"]},
    {"events": [{"event": "slot", "name": "a", "value": "b"}], "responses": [[]]},
]

def outcomes():
    out = []
    for answer in GOOD + BAD:
        try:
            out.append(["ok", action._validate_action_result(answer)])
        except jsonschema.ValidationError as error:
            out.append(["error", error.message, list(error.path)])
    return out

before = outcomes()
import bot.channels.halo_rest  # the way Rasa loads it (bot/credentials.yml)
from bot import speedups
patched = RemoteAction._validate_action_result is speedups.validate_action_result
after = outcomes()
import jsonschema.exceptions
def whole_schema(errors):  # the whole schema's check, which a good answer no longer needs
    raise AssertionError("the whole schema was checked")
rasa_best_match, jsonschema.exceptions.best_match = jsonschema.exceptions.best_match, whole_schema
good_by_event = []
for answer in GOOD:
    try:
        good_by_event.append(action._validate_action_result(answer))
    except AssertionError as error:
        good_by_event.append(str(error))
jsonschema.exceptions.best_match = rasa_best_match
start = time.perf_counter()
for _ in range(20):
    action._validate_action_result(GOOD[1])
per_call_ms = (time.perf_counter() - start) / 20 * 1000
print(json.dumps({"before": before, "after": after, "patched": patched, "ms": per_call_ms,
                  "good_by_event": good_by_event}))
"""


@pytest.fixture(scope="module")
def result() -> dict:
    if not RASA_PY.exists():
        pytest.skip("no Rasa environment (.venv-rasa)")
    proc = subprocess.run(
        [str(RASA_PY), "-c", CODE],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT_DIR),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "PATH": "/usr/bin:/bin",
        },
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_loading_the_halo_channel_installs_the_cached_check(result: dict) -> None:
    assert result["patched"] is True


def test_same_outcome_as_rasa_for_good_and_malformed_answers(result: dict) -> None:
    assert result["after"] == result["before"]
    good, bad = result["after"][:6], result["after"][6:]
    assert all(o == ["ok", True] for o in good)
    assert all(o[0] == "error" for o in bad)  # malformed answers are still rejected
    assert all("Failed to validate Action server response" in o[1] for o in bad)


def test_good_answers_checked_event_by_event(result: dict) -> None:
    # each event against its own type's alternative, not the schema's 23 (oneOf)
    assert result["good_by_event"] == [True] * 6


def test_check_is_cheap_once_built(result: dict) -> None:
    # Rasa's own check costs ~20-35 ms a call here (schema checked, validator rebuilt)
    assert result["ms"] < 10


STORE_CODE = r"""
import asyncio, json, sqlite3, sys
import bot.channels.halo_rest  # installs bot/speedups.py, as when Rasa starts
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

path = sys.argv[1]
domain = Domain.from_yaml("slots:\n  a:\n    type: any\n    mappings: []\n")
store = SQLTrackerStore(domain, dialect="sqlite", db=path)
import threading
threads = set()
scope = store.session_scope
def recorded_scope():
    threads.add(threading.get_ident())
    return scope()
store.session_scope = recorded_scope

async def main():
    tracker = DialogueStateTracker("web:x", domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    await store.save(tracker)
    for n in range(3):
        tracker = await store.retrieve("web:x")
        tracker.update(UserUttered(f"pesan {n}", {"name": "greet", "confidence": 1.0}))
        tracker.update(SlotSet("a", n))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
    again = await store.retrieve("web:x")
    on_loop = threading.get_ident() in threads
    with scope() as session:
        mode = session.execute("PRAGMA journal_mode").scalar()
        sync = session.execute("PRAGMA synchronous").scalar()
    print(json.dumps({
        "pool": type(store.engine.pool).__name__,
        "journal": mode, "synchronous": sync,
        "events": len(again.events), "slot": again.get_slot("a"), "on_loop": on_loop,
        "rows": sqlite3.connect(path).execute("select count(*) from events").fetchone()[0],
    }))

asyncio.run(main())
"""


def test_sqlite_tracker_store_pooled_wal_and_still_complete(tmp_path) -> None:
    if not RASA_PY.exists():
        pytest.skip("no Rasa environment (.venv-rasa)")
    proc = subprocess.run(
        [str(RASA_PY), "-c", STORE_CODE, str(tmp_path / "tracker.db")],
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
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["pool"] == "QueuePool"
    assert got["on_loop"] is False  # loads and saves ran in worker threads
    assert got["journal"] == "wal" and got["synchronous"] == 1  # NORMAL
    # every event saved exactly once (3 + 3 turns x 3 events); a load still reads only the
    # latest session, from its SessionStarted on (Rasa's own query: 11 of them)
    assert got["rows"] == 12 and got["events"] == 11 and got["slot"] == 2


SESSION_CODE = r"""
import asyncio, json
from aiohttp import web
import bot.channels.halo_rest  # installs bot/speedups.py, as when Rasa starts
from rasa.utils.endpoints import EndpointConfig

peers, secrets = set(), []

async def webhook(request):
    peers.add(request.transport.get_extra_info("peername")[1])
    secrets.append(request.headers.get("X-Halo-Action-Secret"))
    body = await request.json()
    return web.json_response({"events": [], "responses": [{"text": body["n"]}]})

async def main():
    app = web.Application()
    app.router.add_post("/actions/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(
        f"http://127.0.0.1:{port}/actions/webhook", headers={"X-Halo-Action-Secret": "s3"}
    )
    answers = [await endpoint.request(json={"n": str(n)}, method="post") for n in range(5)]
    await runner.cleanup()
    print(json.dumps({"answers": [a["responses"][0]["text"] for a in answers],
                      "connections": len(peers), "secrets": secrets}))

asyncio.run(main())
"""


def test_action_calls_share_one_kept_session() -> None:
    if not RASA_PY.exists():
        pytest.skip("no Rasa environment (.venv-rasa)")
    proc = subprocess.run(
        [str(RASA_PY), "-c", SESSION_CODE],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT_DIR),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "PATH": "/usr/bin:/bin",
        },
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["answers"] == ["0", "1", "2", "3", "4"]
    assert got["secrets"] == ["s3"] * 5  # the endpoint's headers on every call
    assert got["connections"] == 1  # Rasa alone would open 5


OVERLAP_CODE = r"""
import asyncio, json, sys, threading, time
from types import SimpleNamespace as NS
import bot.channels.halo_rest  # installs bot/speedups.py, as when Rasa starts
from bot import speedups
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

marks = {}

class Fake(MessageProcessor):
    def __init__(self, parse_fails=False, load_fails=False):
        self.http_interpreter = None
        self.domain = Domain.empty()
        self._halo_parse_beside_load = True
        self.parse_fails, self.load_fails, self.saved = parse_fails, load_fails, []

    async def fetch_tracker_and_update_session(self, sender_id, output_channel, metadata):
        def read():  # the tracker store's database read, in a worker thread
            marks["load_started"] = time.perf_counter()
            time.sleep(0.2)
        await asyncio.to_thread(read)
        if self.load_fails:
            raise ConnectionError("tracker store down")
        marks["load_done"] = True
        return DialogueStateTracker.from_events(
            sender_id, [ActionExecuted("action_session_start"), SessionStarted(),
                        ActionExecuted("action_listen")])

    async def parse_message(self, message, tracker=None, only_output_properties=True):
        time.sleep(0.2)  # the NLU pipeline holds the loop
        marks["parse_ended"] = time.perf_counter()
        if self.parse_fails:
            raise ValueError("parse failed")
        return {"text": message.text, "intent": {"name": "greet", "confidence": 0.9},
                "entities": []}

    async def save_tracker(self, tracker):
        self.saved.append(tracker.sender_id)

async def main():
    out = {}
    proc = Fake()
    tracker = await proc.log_message(UserMessage("halo", sender_id="web:x"))
    out["overlap"] = marks["load_started"] < marks["parse_ended"]
    out["events"] = [e.type_name for e in tracker.events]
    out["intent"] = tracker.latest_message.intent["name"]
    out["saved"] = proc.saved
    for kind in ("parse_fails", "load_fails"):
        marks.clear()
        try:
            await Fake(**{kind: True}).log_message(UserMessage("halo", sender_id="web:y"))
            out[kind] = "no error"
        except Exception as error:
            out[kind] = type(error).__name__
        out[kind + "_load_done"] = "load_done" in marks
    graph = lambda nlu_needs: NS(nlu_target="nlu", predict_schema=NS(nodes={
        "nlu": NS(needs={"messages": "conv"}), "conv": NS(needs=nlu_needs)}))
    out["reads"] = [speedups.nlu_reads_tracker(graph({"m": "__message__"})),
                    speedups.nlu_reads_tracker(graph({"t": "__tracker__"}))]
    if len(sys.argv) > 1:  # the trained model's own graph
        from rasa.engine.storage.local_model_storage import LocalModelStorage
        meta = LocalModelStorage.metadata_from_archive(sys.argv[1])
        out["model_reads"] = speedups.nlu_reads_tracker(meta)
    print(json.dumps(out))

asyncio.run(main())
"""


def test_tracker_load_runs_beside_the_parse_and_logs_the_same_events() -> None:
    if not RASA_PY.exists():
        pytest.skip("no Rasa environment (.venv-rasa)")
    model = ROOT_DIR / "models" / "CURRENT"
    # models/CURRENT names the archive relative to the repository
    archive = [str(ROOT_DIR / model.read_text().strip())] if model.exists() else []
    proc = subprocess.run(
        [str(RASA_PY), "-c", OVERLAP_CODE, *archive],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT_DIR),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "PATH": "/usr/bin:/bin",
        },
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["overlap"] is True  # the load's read began before the parse ended
    # the session start first, then the parsed message, on the loaded tracker; saved once
    assert got["events"] == ["action", "session_started", "action", "user"]
    assert got["intent"] == "greet" and got["saved"] == ["web:x"]
    assert got["parse_fails"] == "ValueError" and got["parse_fails_load_done"] is False
    assert got["load_fails"] == "ConnectionError"  # the turn fails, as before
    assert got["reads"] == [False, True]  # a model whose NLU reads the tracker: Rasa's order
    if archive:
        assert got["model_reads"] is False
