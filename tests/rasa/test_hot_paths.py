"""bot/hot_paths.py gives Rasa's answers: the same event class (or error) for every name,
slot copies like ``copy.copy``'s (same class and attributes, shallow, independent), the
same part of a graph for every target, recomputed when the graph's nodes change."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.config import ROOT_DIR

RASA_PY = ROOT_DIR / ".venv-rasa" / "bin" / "python"

CODE = r"""
import copy, json
from rasa.engine.graph import GraphSchema, SchemaNode
from rasa.graph_components.providers.domain_provider import DomainProvider
from rasa.shared.core.events import Event
from rasa.shared.core.slots import (AnySlot, BooleanSlot, CategoricalSlot, FloatSlot,
                                    ListSlot, TextSlot)
from rasa.shared.utils.common import all_subclasses

NAMES = sorted({c.type_name for c in all_subclasses(Event)}) + ["no_such_event", "topic"]

def events():
    out = []
    for name in NAMES:
        for default in (None, Event):
            try:
                found = Event.resolve_by_type(name, default)
                out.append([name, found.__name__ if found else None])
            except ValueError as error:
                out.append([name, "error", str(error)])
    return out

def node(**needs):
    return SchemaNode(needs=needs, uses=DomainProvider, constructor_name="create",
                      fn="provide_inference", config={})

schema = GraphSchema({"a": node(), "b": node(x="a"), "c": node(x="b", y="a"),
                      "d": node(x="c", y="b"), "e": node(x="__tracker__")})
TARGETS = [["a"], ["d"], ["c", "e"], ["e"], None]

def parts():
    return [sorted(schema.minimal_graph_schema(t).nodes) for t in TARGETS]

slots = [TextSlot("t", [], initial_value="x"), ListSlot("l", [], initial_value=[1, 2]),
         CategoricalSlot("c", [], values=["p", "q"]), FloatSlot("f", [], max_value=5.0),
         BooleanSlot("b", [], initial_value=True), AnySlot("a", [], initial_value={"k": 1})]

def copies():
    out = []
    for slot in slots:
        clone = copy.copy(slot)
        same_values = {k: v is vars(slot)[k] for k, v in vars(clone).items()}  # shallow
        equal = vars(clone) == vars(slot) and clone is not slot
        clone.value = "lain"
        out.append([type(clone).__name__, equal, same_values, slot.value != "lain"])
    return out

before = {"events": events(), "parts": parts(), "copies": copies()}
import bot.channels.halo_rest  # installs bot/speedups.py and bot/hot_paths.py
from bot import hot_paths
after = {"events": events(), "parts": parts(), "copies": copies()}
again = parts()
schema.nodes = {"a": node(), "d": node(x="a")}  # a schema whose nodes change
changed = sorted(schema.minimal_graph_schema(["d"]).nodes)
print(json.dumps({"before": before, "after": after, "again": again, "changed": changed,
                  "installed": Event.resolve_by_type("slot").__name__ == "SlotSet"
                  and "slot" in hot_paths._event_types}))
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


def test_installed_with_the_channel(result: dict) -> None:
    assert result["installed"] is True


def test_event_classes_by_name_as_rasa(result: dict) -> None:
    assert result["after"]["events"] == result["before"]["events"]
    assert ["no_such_event", "error", "Unknown event name 'no_such_event'."] in (
        result["after"]["events"]
    )


def test_slot_copies_as_copy_copy(result: dict) -> None:
    assert result["after"]["copies"] == result["before"]["copies"]
    assert all(row[1] and row[3] for row in result["after"]["copies"])  # equal, independent


def test_graph_parts_as_rasa_and_recomputed_when_nodes_change(result: dict) -> None:
    assert result["after"]["parts"] == result["before"]["parts"] == result["again"]
    assert result["before"]["parts"][1] == ["a", "b", "c", "d"]
    assert result["changed"] == ["a", "d"]
