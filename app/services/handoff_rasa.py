"""Keeping Rasa in line with the handoff queue: the assistant is paused while a request is
open (its tracker's slots go into the request's summary for the officer) and resumed once the
request is closed. What a crash or an unreachable Rasa left undone is finished at start-up
(:meth:`RasaSync.reconcile`)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import in_session
from app.errors import AssistantUnavailable
from app.models import HandoffRequest, HandoffStatus
from app.rasa_client import RasaClient
from app.services.handoff_queue import _summary

log = logging.getLogger(__name__)


class RasaSync:
    """Part of :class:`~app.services.handoff.HandoffService` (needs its engine and client)."""

    engine: Engine
    rasa: RasaClient

    async def sync_rasa(self, conversation_id: str) -> bool:
        """Bring Rasa in line with the latest request: paused while open (collecting the
        tracker's slots into the summary), resumed once closed. Returns True when in sync."""

        def latest(session: Session) -> tuple[int, bool] | None:
            req = session.exec(
                select(HandoffRequest)
                .where(HandoffRequest.conversation_id == conversation_id)
                .order_by(col(HandoffRequest.id).desc())
            ).first()
            if req is None or req.rasa_synced or req.id is None:
                return None
            return req.id, req.status == HandoffStatus.CLOSED

        found = await in_session(self.engine, latest)
        if found is None:
            return True
        request_id, closed = found
        try:
            if closed:
                await self._resume_rasa(conversation_id)
                slots: dict[str, Any] = {}
            else:
                slots = await self._collected_slots(conversation_id)
                await self.rasa.add_event(conversation_id, {"event": "pause"})
        except AssistantUnavailable:
            log.exception("Rasa %s of %s failed", "resume" if closed else "pause", conversation_id)
            return False

        def synced(session: Session) -> None:
            req = session.get(HandoffRequest, request_id)
            assert req is not None
            req.rasa_synced = True
            if slots:
                req.summary = json.dumps(
                    {**slots, **_summary(req)}, ensure_ascii=False, default=str
                )
            session.add(req)
            session.commit()

        await in_session(self.engine, synced)
        return True

    async def _resume_rasa(self, conversation_id: str) -> None:
        # The paused turn ended without action_listen; without one the next message would
        # not match any rule (Rasa expects "listen, then the user speaks").
        await self.rasa.add_event(
            conversation_id, [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
        )

    async def _collected_slots(self, conversation_id: str) -> dict[str, Any]:
        try:
            tracker = await self.rasa.tracker(conversation_id)
        except AssistantUnavailable:
            log.warning("could not read Rasa tracker of %s", conversation_id)
            return {}
        slots = tracker.get("slots") or {}
        return {
            k: v
            for k, v in slots.items()
            if v not in (None, [], "") and k != "session_started_metadata"
        }

    async def reconcile(self) -> int:
        """At start-up: finish pauses/resumes that a crash or an unreachable Rasa left
        undone. Returns how many conversations are still out of sync."""

        def unsynced(session: Session) -> set[str]:
            return set(
                session.exec(
                    select(HandoffRequest.conversation_id).where(
                        col(HandoffRequest.rasa_synced).is_(False)
                    )
                ).all()
            )

        ids = await in_session(self.engine, unsynced)
        left = 0
        for conversation_id in sorted(ids):
            if not await self.sync_rasa(conversation_id):
                left += 1
        if ids:
            log.info("handoff reconcile: %d conversations, %d still out of sync", len(ids), left)
        return left

    async def reconcile_until_done(self, interval_s: float = 5.0, tries: int = 60) -> None:
        for _ in range(tries):
            if await self.reconcile() == 0:
                return
            await asyncio.sleep(interval_s)
        log.error("handoff reconcile gave up; some conversations are out of sync with Rasa")
