"""Rasa 3.6 without its per-call waste, installed when Rasa loads the halo channel
(bot/channels/halo_rest.py, named in bot/credentials.yml), so every way Rasa is started
here (app/launcher.py for ``make run`` and the e2e tests, deploy/rasa/entrypoint.sh,
scripts/rasa_timed.py) gets it.

- **The action answer's check**: ``RemoteAction._validate_action_result`` calls
  ``jsonschema.validate``, which checks Rasa's large response schema against its
  meta-schema and builds a new validator on every custom-action call (about 35 ms a call on
  this machine, 19% of a turn). Here the schema is checked and its validator built once per
  schema; each answer is still validated against the same schema, and an invalid one raises
  the same ``jsonschema.ValidationError`` (the best match, with Rasa's hint appended).
  An answer passes first through a check of each event against only the alternative of its
  type: the schema's ``oneOf`` tries all 23 event types on every event, and for an event
  whose ``event`` names a type it holds exactly when that type's alternative does (every
  other alternative requires another ``event`` value). An answer that check does not pass
  goes through the whole schema, for the same verdict and error as before.
- **The SQLite tracker store** (the local profile; production uses PostgreSQL): Rasa opens
  a new SQLite connection for every load and save (``NullPool``) and commits in rollback-
  journal mode with a full sync. Here a SQLite file store keeps its connections in a pool
  and uses WAL with ``synchronous=NORMAL`` (a commit survives a crash of Rasa; a power cut
  may lose the last turns but never corrupts the file), like the app's own database.
  Rasa still loads only the latest session's events (``retrieve``) and saves only the new
  ones. The loads and saves of every SQL tracker store run in a worker thread instead of on
  Rasa's event loop (the same queries and commits), so one conversation's database work no
  longer holds up the others' turns. A load reads only the events' ``data`` column (Rasa
  built an ORM object per row) and keeps on the tracker how many rows it read; the save
  after it (in the same turn, under the conversation's lock) starts from that number instead
  of counting the session's rows again, and inserts the new rows in one statement instead of
  an ORM object each. Any other save counts as Rasa does.
- **Per-turn recomputations** (bot/hot_paths.py): slot copies, event classes by name, the
  part of the model's graph a run needs.
- **The action endpoint's HTTP session**: ``EndpointConfig.request`` opens a new aiohttp
  session (and a new TCP connection) for every custom-action call and closes it after.
  Here each endpoint keeps one session per event loop, with the same headers, auth and
  timeout; idle connections are dropped after ``KEEPALIVE_S`` seconds, before the app's
  server closes them itself (uvicorn: 5 s), so a call never lands on a closing connection.
  The call's JSON (the session's tracker, about 15-35 KB) is written by ``ujson`` (Rasa and
  sanic depend on it; sanic already writes Rasa's HTTP answers with it) instead of
  ``json.dumps``: 0.55 -> 0.20 ms of CPU for 33 KB; the same JSON values; what ujson
  refuses goes through ``json.dumps`` as before.
- **The tracker load beside the NLU parse**: Rasa loads the conversation's tracker and only
  then parses the message, though the model's NLU part never reads the tracker (checked in
  its graph: the NLU target needs no ``__tracker__``; a model whose NLU does is left as
  Rasa runs it). Here the load starts first, its database read in a worker thread, and the
  parse runs meanwhile on the loop; the message is then logged on the loaded tracker as
  before (same events, same order, the session start first). A failed parse cancels the
  load; a failed load fails the turn as before (bot/resilience.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

KEEPALIVE_S = 2.0  # under uvicorn's keep-alive (5 s): the client always closes first
_installed = False
_validators: dict[type, Any] = {}  # per action class (its static response schema)


def _validator(action: Any) -> Any:
    """The validator of the action's response schema, built (and the schema checked) the
    first time an action of that class answers."""
    found = _validators.get(type(action))
    if found is None:
        from jsonschema.validators import validator_for

        schema = action.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        found = _validators[type(action)] = cls(schema)
    return found


_by_event: dict[type, dict[str, Any] | None] = {}  # per action class: event type -> validator


def _event_validators(action: Any) -> dict[str, Any] | None:
    """A validator per event type (the event schema with its ``oneOf`` cut to that type's
    alternative), or None when the response schema is not the shape this relies on: an
    object whose ``events`` is an array of one ``oneOf`` schema whose every alternative
    requires its own ``event`` constant, and whose ``responses`` is an array of objects."""
    if type(action) in _by_event:
        return _by_event[type(action)]
    schema = action.action_response_format_spec()
    props = schema.get("properties", {})
    events = props.get("events", {})
    item = events.get("items", {})
    alternatives = item.get("oneOf", [])
    consts = [a.get("properties", {}).get("event", {}).get("const") for a in alternatives]
    found = None
    if (
        set(schema) == {"type", "properties"}
        and schema["type"] == "object"
        and set(props) == {"events", "responses"}
        and props["responses"] == {"type": "array", "items": {"type": "object"}}
        and set(events) == {"type", "items"}
        and events["type"] == "array"
        and alternatives
        and all(isinstance(c, str) for c in consts)
        and len(set(consts)) == len(consts)
    ):
        cls = _validator(action).__class__
        rest = {k: v for k, v in item.items() if k != "oneOf"}
        found = {c: cls({**rest, "allOf": [a]}) for c, a in zip(consts, alternatives, strict=True)}
    _by_event[type(action)] = found
    return found


def _passes_by_event(action: Any, result: Any) -> bool:
    """True only when the whole schema would accept ``result`` (False: ask the schema)."""
    checkers = _event_validators(action)
    if checkers is None or type(result) is not dict:
        return False
    events, responses = result.get("events", []), result.get("responses", [])
    if type(events) is not list or type(responses) is not list:
        return False
    if any(type(r) is not dict for r in responses):
        return False
    for event in events:
        name = event.get("event") if type(event) is dict else None
        checker = checkers.get(name) if type(name) is str else None
        if checker is None or not checker.is_valid(event):
            return False
    return True


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a validator built once (same schema,
    same error, same message), each event checked against its own type first."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    if _passes_by_event(self, result):
        return True
    error = best_match(_validator(self).iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def pooled_sqlite(store: Any) -> None:
    """A SQL tracker store on a SQLite file: pooled connections, WAL, normal sync."""
    import sqlalchemy as sa
    from sqlalchemy.pool import QueuePool

    url = store.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    store.engine.dispose()
    engine = sa.create_engine(url, poolclass=QueuePool, connect_args={"check_same_thread": False})
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    store.engine = engine
    store.sessionmaker = sa.orm.session.sessionmaker(bind=engine)


def dumps_json(data: Any) -> str:
    """An action call's body: ``json.dumps``'s JSON, made by ujson."""
    import json

    import ujson

    try:
        return str(ujson.dumps(data, escape_forward_slashes=False))
    except (TypeError, OverflowError, ValueError):  # json.dumps decides, as before
        return json.dumps(data)


class _KeptSession:
    """What ``async with endpoint.session()`` gets: the endpoint's open session, left open."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *exc: object) -> None:
        return None


def kept_session(self: Any) -> Any:
    """``EndpointConfig.session`` with one session per endpoint and event loop."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not in a loop: what Rasa would do
        return _original_session(self)
    kept = getattr(self, "_halo_session", None)
    if kept is None or kept[0] is not loop or kept[1].closed:
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S),
            json_serialize=dumps_json,
        )
        kept = self._halo_session = (loop, session)
    return _KeptSession(kept[1])


_original_session: Any = None


STORED = "_halo_stored"  # on a loaded tracker: (rows of its session in the table, its events)


def _load(store: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
    """Rasa 3.6's ``SQLTrackerStore._retrieve`` (same query, same tracker) reading only the
    ``data`` column instead of an ORM object per row. A tracker of the latest session keeps
    the number of rows it was built from, which its save would otherwise count again."""
    import json

    from rasa.shared.core.trackers import DialogueStateTracker

    with store.session_scope() as session:
        query = store._event_query(session, sender_id, fetch_events_from_all_sessions)
        rows = query.with_entities(store.SQLEvent.data).all()
        events = [json.loads(data) for (data,) in rows]
        if not (store.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, store.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED, (len(rows), tracker.events))
        return tracker


def _stored_count(store: Any, session: Any, tracker: Any) -> int:
    """How many of the tracker's events the table holds (Rasa counts the latest session's
    rows). Read from its load when this is the first save since (the conversation's lock
    keeps other writers out meanwhile); counted as Rasa does otherwise."""
    kept = tracker.__dict__.pop(STORED, None)
    if kept is not None and kept[1] is tracker.events and kept[0] <= len(tracker.events):
        return int(kept[0])
    query = store._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False)
    return int(query.count())


def _save_new_events(store: Any, tracker: Any) -> None:
    """The database part of Rasa 3.6's ``SQLTrackerStore.save``: the same rows, inserted in
    one statement (no ORM object per event), in one commit."""
    import itertools
    import json

    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    with store.session_scope() as session:
        start = _stored_count(store, session, tracker)
        rows = []
        for event in itertools.islice(tracker.events, start, len(tracker.events)):
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {})
                    .get("intent", {})
                    .get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        if rows:
            session.execute(store.SQLEvent.__table__.insert(), rows)
        session.commit()


def _tracker_store_off_the_loop(store_class: Any) -> None:
    async def _retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        return await asyncio.to_thread(_load, self, sender_id, fetch_events_from_all_sessions)

    async def save(self: Any, tracker: Any) -> None:
        await self.stream_events(tracker)  # the event broker, if any: on the loop, as before
        await asyncio.to_thread(_save_new_events, self, tracker)

    store_class._retrieve = _retrieve
    store_class.save = save


def nlu_reads_tracker(metadata: Any) -> bool:
    """Whether the model's NLU target depends on the tracker in its predict graph."""
    nodes = metadata.predict_schema.nodes
    todo, seen = [metadata.nlu_target], set()
    while todo:
        node = nodes.get(todo.pop())
        for need in node.needs.values() if node is not None else ():
            if need == "__tracker__":
                return True
            if need not in seen:
                seen.add(need)
                todo.append(need)
    return False


def _parse_beside_load(processor_class: Any) -> None:
    original = processor_class.log_message

    async def log_message(self: Any, message: Any, should_save_tracker: bool = True) -> Any:
        beside = getattr(self, "_halo_parse_beside_load", None)
        if beside is None:
            beside = self._halo_parse_beside_load = not nlu_reads_tracker(self.model_metadata)
        if not beside or message.parse_data or self.http_interpreter:
            return await original(self, message, should_save_tracker)
        load = asyncio.ensure_future(
            self.fetch_tracker_and_update_session(
                message.sender_id, message.output_channel, message.metadata
            )
        )
        await asyncio.sleep(0)  # the load starts: its database read goes to a worker thread
        try:
            message.parse_data = await self.parse_message(message)
        except BaseException:
            load.cancel()
            await asyncio.gather(load, return_exceptions=True)
            raise
        tracker = await load
        await self._handle_message_with_tracker(message, tracker)  # logs the parsed message
        if should_save_tracker:
            await self.save_tracker(tracker)
        return tracker

    processor_class.log_message = log_message


def install() -> None:
    """Patch Rasa once (idempotent: a later call keeps what wraps the patched method)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.core.tracker_store import SQLTrackerStore

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    original_init = SQLTrackerStore.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        pooled_sqlite(self)

    SQLTrackerStore.__init__ = init  # type: ignore[method-assign]
    _tracker_store_off_the_loop(SQLTrackerStore)

    from rasa.utils.endpoints import EndpointConfig

    global _original_session
    _original_session = EndpointConfig.session
    EndpointConfig.session = kept_session  # type: ignore[method-assign]

    from rasa.core.processor import MessageProcessor

    _parse_beside_load(MessageProcessor)
    from bot import hot_paths

    hot_paths.install()
    _installed = True
