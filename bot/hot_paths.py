"""Work Rasa 3.6 repeats on every turn with the same result, done once (installed by
bot/speedups.py, so wherever the halo channel loads). Measured with py-spy on a run of
sequential turns (2 vCPU, load 3): together about 5 ms of Rasa's CPU per turn.

- **Copying a slot**: every tracker Rasa builds (the load, and one per prediction to
  replay the history) copies each domain slot with ``copy.copy``, which goes through
  ``__reduce_ex__``. ``Slot.__copy__`` does what that path does for these plain objects:
  a new instance of the same class with the same attribute dict (a shallow copy).
- **Event classes by name**: ``Event.resolve_by_type`` walks the whole tree of ``Event``
  subclasses for every event it deserialises (the tracker's load, the action answers).
  Here the class found for a name is remembered; a name not found is left to Rasa (its
  ``None``, default or error, every time).
- **The part of the model's graph a run needs**: ``GraphSchema.minimal_graph_schema``
  walks the graph's dependencies again (without memo) for every run: every NLU parse and
  every prediction. Here the answer is kept per schema and targets (the schema of a loaded
  model never changes; a schema whose nodes change gets a new answer).
- **Around each graph run and prediction**: bot/graph_paths.py (the graph run without
  dask's scheduler, RulePolicy's states built once per prediction, no state copies for
  debug lines that are not written).
"""

from __future__ import annotations

from typing import Any

_event_types: dict[str, type] = {}


def copy_slot(self: Any) -> Any:
    """``copy.copy(slot)``: what ``copy``'s ``__reduce_ex__`` path builds, without it."""
    cls = type(self)
    clone = cls.__new__(cls)
    clone.__dict__.update(self.__dict__)
    return clone


def install() -> None:
    from rasa.engine.graph import GraphSchema
    from rasa.shared.core.events import Event
    from rasa.shared.core.slots import Slot
    from rasa.shared.utils.common import all_subclasses

    Slot.__copy__ = copy_slot  # type: ignore[attr-defined]

    rasa_resolve = Event.resolve_by_type

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        found = _event_types.get(type_name)
        if found is not None:
            return found
        for cls in all_subclasses(Event):  # Rasa's search, in Rasa's order
            if cls.type_name == type_name:
                _event_types[type_name] = cls
                return cls
        return rasa_resolve(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]

    rasa_minimal = GraphSchema.minimal_graph_schema

    def minimal_graph_schema(self: Any, targets: list[str] | None = None) -> Any:
        key = (tuple(targets) if targets else None, len(self.nodes))
        kept: dict[Any, Any] = self.__dict__.setdefault("_halo_minimal", {})
        found = kept.get(key)
        if found is None or found[0] is not self.nodes:
            found = kept[key] = (self.nodes, rasa_minimal(self, targets))
        return found[1]

    GraphSchema.minimal_graph_schema = minimal_graph_schema  # type: ignore[method-assign]

    from bot import graph_paths

    graph_paths.install()
