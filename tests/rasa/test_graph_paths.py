"""bot/graph_paths.py gives Rasa's answers: the graph run without dask's scheduler returns
what ``dask.get`` returns (each node once, unknown names passed through, errors raised as
they are); RulePolicy and MemoizationPolicy, trained on the bot's own domain, rules and
stories, predict the same for every step of every story and rule, with and without the
change; the debug lines' state copies are still made when DEBUG is on."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.config import ROOT_DIR

RASA_PY = ROOT_DIR / ".venv-rasa" / "bin" / "python"

CODE = r"""
import glob, json, logging, tempfile
from pathlib import Path
import dask
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph

calls = []

def node(name, fail=False):
    def run(*inputs):
        calls.append(name)
        if fail:
            raise ValueError(f"{name} failed")
        return name, [i if isinstance(i, str) else i[0] for i in inputs]
    return run

GRAPHS = {
    "chain": ({"a": (node("a"), "__in__"), "b": (node("b"), "a"), "c": (node("c"), "b"),
               "__in__": ("__in__", 7)}, ["c"]),
    "diamond": ({"a": (node("a"),), "b": (node("b"), "a"), "c": (node("c"), "a"),
                 "d": (node("d"), "b", "c", "a")}, ["d", "b"]),
    "unknown name": ({"a": (node("a"), "nowhere"), "b": (node("b"), "a")}, ["b"]),
    "input target": ({"__t__": ("__t__", {"x": 1}), "a": (node("a"), "__t__")},
                     ["a", "__t__"]),
    "error": ({"a": (node("a"),), "b": (node("b", fail=True), "a"), "c": (node("c"), "b")},
              ["c"]),
}

def graphs(get):
    out = {}
    for name, (dsk, keys) in GRAPHS.items():
        calls.clear()
        try:
            result = [list(r) if isinstance(r, tuple) else r for r in get(dsk, keys)]
        except Exception as error:
            result = [type(error).__name__, str(error)]
        out[name] = {"result": json.loads(json.dumps(result)), "calls": sorted(calls)}
    return out

domain = Domain.load("bot/domain")
steps = []
for path in sorted(glob.glob("bot/data/**/*.yml", recursive=True)):
    steps += YAMLStoryReader(domain, source_name=path).read_from_file(path)
trackers = TrainingDataGenerator(StoryGraph(steps), domain, augmentation_factor=0).generate()
storage = LocalModelStorage(Path(tempfile.mkdtemp()))
ctx = ExecutionContext(GraphSchema({}), "test")
rule = RulePolicy.create({**RulePolicy.get_default_config(), "core_fallback_threshold": 0.3,
                          "core_fallback_action_name": "action_clarify",
                          "enable_fallback_prediction": True},
                         storage, Resource("rule"), ctx)
rule.train(trackers, domain)
memo = MemoizationPolicy.create(MemoizationPolicy.get_default_config(), storage,
                                Resource("memo"), ctx)
memo.train(trackers, domain)
rule_only = rule._get_rule_only_data()
points = []  # every step of every story and rule: the tracker before each action
for tracker in trackers:
    events = list(tracker.events)
    for i, event in enumerate(events):
        if isinstance(event, ActionExecuted) and i > 0:
            points.append(DialogueStateTracker.from_events(tracker.sender_id, events[:i],
                                                           domain.slots))

def predictions():
    out = []
    for tracker in points:
        for policy in (rule, memo):
            p = policy.predict_action_probabilities(tracker, domain, rule_only_data=rule_only)
            out.append([p.policy_name, [round(x, 6) for x in p.probabilities],
                        [{k: v for k, v in e.as_dict().items() if k != "timestamp"}
                         for e in p.events],
                        p.is_end_to_end_prediction, p.is_no_user_prediction,
                        p.hide_rule_turn])
    return out

before = {"graphs": graphs(dask.get), "predictions": predictions()}
import bot.channels.halo_rest  # installs bot/speedups.py, bot/hot_paths.py, bot/graph_paths.py
import rasa.core.policies.memoization as memoization
import rasa.engine.runner.dask as dask_runner
from bot import graph_paths
after = {"graphs": graphs(graph_paths.sequential_get), "predictions": predictions()}
states = [{"user": {"intent": "greet"}}]
debug_copy = {}
for level in ("INFO", "DEBUG"):
    logging.getLogger(memoization.__name__).setLevel(level)
    copied = memoization.copy.deepcopy(states)
    debug_copy[level] = [copied is states, copied == states]
logging.getLogger(memoization.__name__).setLevel("DEBUG")
with_debug = predictions()
print(json.dumps({"before": before, "after": after, "debug_copy": debug_copy,
                  "with_debug": with_debug == before["predictions"], "points": len(points),
                  "installed": dask_runner.dask.get is graph_paths.sequential_get}))
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
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_installed_with_the_channel(result: dict) -> None:
    assert result["installed"] is True


def test_graph_runs_as_dask(result: dict) -> None:
    assert result["after"]["graphs"] == result["before"]["graphs"]
    graphs = result["after"]["graphs"]
    assert graphs["diamond"]["calls"] == ["a", "b", "c", "d"]  # each node once
    assert graphs["unknown name"]["result"] == [["b", ["a"]]]  # "nowhere" passed as itself
    assert graphs["error"]["result"] == ["ValueError", "b failed"]
    assert "c" not in graphs["error"]["calls"]


def test_policies_predict_as_rasa_at_every_step(result: dict) -> None:
    assert result["points"] > 50
    assert result["after"]["predictions"] == result["before"]["predictions"]


def test_debug_lines_still_get_their_copy(result: dict) -> None:
    assert result["debug_copy"] == {"INFO": [True, True], "DEBUG": [False, True]}
    assert result["with_debug"] is True
