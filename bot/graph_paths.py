"""Work Rasa 3.6 repeats around every graph run and prediction, done without the repeat
(installed by bot/hot_paths.py, so wherever the halo channel loads). Rasa runs its model
graph three times in a text turn (the NLU parse, then one prediction before and one after
the action) and once in a bare ``/model/parse``.

- **The graph run without dask's scheduler**: ``DaskGraphRunner.run`` hands the graph to
  ``dask.get``, which for these small graphs (a chain of NLU components; the policies
  beside each other, then the ensemble) spends more on ordering and bookkeeping than on
  calling the nodes: about 1 ms of CPU per prediction here. ``sequential_get`` is the same
  contract as ``dask.get`` for these graphs: every task ``(callable, *keys)`` runs once,
  after the tasks it needs, in the calling thread; an argument that names no task is
  passed as itself (dask's rule; ``GraphNode`` then warns); an input (a literal) is its own
  value; an exception from a node propagates unchanged. Rasa's own ``run`` stays around it
  (minimal graph, inputs, the name clash check, ``GraphRunError``).
- **RulePolicy's states, built once per prediction**: ``RulePolicy._predict`` asks the
  featurizer for the conversation's states twice right after a user message (once with
  the text as the last input, once with the intent), replaying the whole session each
  time. Here the replayed states of one ``_predict`` call are kept for its second ask and
  each ask gets its own copy (the featurizer deletes the intent or the text from the last
  state in place). Nothing is kept after the call.
- **The states copied for debug lines that are not written**: the memoization and rule
  policies pass ``copy.deepcopy(states)`` to ``structlogger.debug`` on every prediction;
  Rasa's logging drops the line unless its level is DEBUG, after the copy is made. Here
  the copy is made only when the policy's logger would write the line.
"""

from __future__ import annotations

import copy
import logging
import threading
from typing import Any

_replayed = threading.local()  # .states: {key: states} during one RulePolicy._predict
_installed = False


def sequential_get(dsk: dict[str, Any], keys: list[str]) -> list[Any]:
    """``dask.get(dsk, keys)`` for Rasa's graphs, run in order in this thread."""
    done: dict[str, Any] = {}

    def value(key: str) -> Any:
        if key in done:
            return done[key]
        task = dsk[key]
        if isinstance(task, tuple) and task and callable(task[0]):
            args = [value(a) if isinstance(a, str) and a in dsk else a for a in task[1:]]
            result = task[0](*args)
        else:  # a literal: an input placeholder's (name, value)
            result = task
        done[key] = result
        return result

    return [value(key) for key in keys]


class _SequentialDask:
    """What ``rasa.engine.runner.dask`` uses of the ``dask`` module: ``get``."""

    get = staticmethod(sequential_get)


def _copy_states(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each state and its sub-states copied (their values are tuples and strings)."""
    return [{k: dict(v) if isinstance(v, dict) else v for k, v in s.items()} for s in states]


def _rule_states_once(rule_policy_class: Any, featurizer_class: Any) -> None:
    rasa_predict = rule_policy_class._predict
    rasa_create_states = featurizer_class._create_states

    def _predict(self: Any, tracker: Any, domain: Any) -> Any:
        outer = getattr(_replayed, "states", None)
        _replayed.states = {}
        try:
            return rasa_predict(self, tracker, domain)
        finally:
            _replayed.states = outer

    def _create_states(
        tracker: Any,
        domain: Any,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> Any:
        kept = getattr(_replayed, "states", None)
        if kept is None:
            return rasa_create_states(
                tracker, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data
            )
        key = (id(tracker), len(tracker.events), id(domain), omit_unset_slots)
        key += (ignore_rule_only_turns, repr(rule_only_data))
        found = kept.get(key)
        if found is None or found[0] is not tracker or found[1] is not domain:
            states = rasa_create_states(
                tracker, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data
            )
            found = kept[key] = (tracker, domain, states)
        return _copy_states(found[2])

    rule_policy_class._predict = _predict
    featurizer_class._create_states = staticmethod(_create_states)


class _DebugOnlyCopy:
    """The ``copy`` module as a policy module sees it: ``deepcopy`` copies only when the
    module's logger writes DEBUG lines (its only use there is for those lines)."""

    def __init__(self, logger_name: str) -> None:
        self._logger = logging.getLogger(logger_name)

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        if self._logger.isEnabledFor(logging.DEBUG):
            return copy.deepcopy(value, memo)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def install() -> None:
    """Patch Rasa once (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    import rasa.core.policies.memoization as memoization
    import rasa.core.policies.rule_policy as rule_policy
    import rasa.engine.runner.dask as dask_runner
    from rasa.core.featurizers.tracker_featurizers import TrackerFeaturizer

    dask_runner.dask = _SequentialDask  # type: ignore[assignment]
    _rule_states_once(rule_policy.RulePolicy, TrackerFeaturizer)
    for module in (memoization, rule_policy):
        module.copy = _DebugOnlyCopy(module.__name__)  # type: ignore[assignment]
