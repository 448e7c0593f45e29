"""Rasa 3.6 that fails a turn instead of forgetting the conversation when its tracker store
(PostgreSQL) fails, installed with bot/speedups.py when Rasa loads the halo channel
(bot/channels/halo_rest.py), so every way Rasa is started here gets it.

Measured in tests/faults (a private PostgreSQL restarted under a conversation):

- **Stale connections after a database restart**: Rasa's SQL tracker store creates its
  engine without ``pool_pre_ping`` (and, with ``login_db``, a second engine without any of
  its pool settings), so the first turn after PostgreSQL restarts uses a dead pooled
  connection and fails. Here PostgreSQL engines ping a connection before using it.
- **A failed read is an empty conversation**: Rasa's ``FailSafeTrackerStore`` answers a
  failed ``retrieve`` with None (a new, empty tracker: the citizen half-way through a
  complaint got "Maaf, saya belum mengerti") and saves a failed ``save`` to an in-memory
  store (the events never reach PostgreSQL). Here both errors propagate: Rasa answers the
  turn with an error, and the app keeps the message and replays it when the store is back
  (app/services/replay.py), so no turn runs on a forgotten conversation.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)
_installed = False


def engine_kwargs(original: Any) -> Any:
    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = dict(original(url))
        from rasa.core.tracker_store import is_postgresql_url

        if is_postgresql_url(url):
            kwargs["pool_pre_ping"] = True
        return kwargs

    return create_engine_kwargs


def login_engine(original: Any) -> Any:
    def _create_database_and_update_engine(self: Any, db: str, engine_url: Any) -> None:
        original(self, db, engine_url)
        if self.engine.dialect.name == "postgresql":
            import sqlalchemy as sa
            from rasa.core import tracker_store

            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, **tracker_store.create_engine_kwargs(url))

    return _create_database_and_update_engine


async def retrieve(self: Any, sender_id: str) -> Any:
    try:
        return await self._tracker_store.retrieve(sender_id)
    except Exception:
        logger.error("tracker store read failed for a conversation; turn refused")
        raise


async def retrieve_full_tracker(self: Any, sender_id: str) -> Any:
    try:
        return await self._tracker_store.retrieve_full_tracker(sender_id)
    except Exception:
        logger.error("tracker store read failed for a conversation; turn refused")
        raise


async def save(self: Any, tracker: Any) -> None:
    try:
        await self._tracker_store.save(tracker)
    except Exception:
        logger.error("tracker store save failed; turn refused (no in-memory fallback)")
        raise


def install() -> None:
    """Patch Rasa once (idempotent)."""
    global _installed
    if _installed:
        return
    from rasa.core import tracker_store

    tracker_store.create_engine_kwargs = engine_kwargs(tracker_store.create_engine_kwargs)
    sql = tracker_store.SQLTrackerStore
    sql._create_database_and_update_engine = login_engine(  # type: ignore[method-assign]
        sql._create_database_and_update_engine
    )
    store = tracker_store.FailSafeTrackerStore
    store.retrieve = retrieve  # type: ignore[method-assign]
    store.retrieve_full_tracker = retrieve_full_tracker  # type: ignore[method-assign]
    store.save = save  # type: ignore[method-assign]
    _installed = True
