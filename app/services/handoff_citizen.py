"""The citizen's side of a handoff, called by :class:`ConversationService` while the
conversation is not in bot mode: the queue notice after the turn that asked for an officer,
and each message that arrives while the citizen waits or talks to an officer. Part of
:class:`~app.services.handoff.HandoffService` (needs its engine, clock, hub and Rasa sync).

Database work runs in a worker thread (:func:`app.db.in_session`), never on the event loop."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import in_session
from app.models import Conversation, ConversationMode, HandoffRequest, HandoffStatus
from app.services.handoff_hub import Hub
from app.services.handoff_messages import CANCEL_PAYLOAD, answer_while_waiting, queue_notice
from app.services.handoff_queue import open_request
from core.clock import Clock
from core.lang.answers import is_cancel
from core.lang.text import INTERJECTIONS, POLITE_FILLERS, words
from core.message import IncomingMessage, OutgoingMessage
from core.texts import t

log = logging.getLogger(__name__)


class CitizenSide:
    engine: Engine
    clock: Clock
    hub: Hub

    if TYPE_CHECKING:  # provided by HandoffService and its RasaSync part

        async def sync_rasa(self, conversation_id: str) -> bool: ...

        async def _finish(
            self, request_id: int, staff: Any, *, outcome: str, lock: bool = True
        ) -> None: ...

    # ---- called by ConversationService -------------------------------------------

    async def after_turn(self, conversation_id: str) -> list[OutgoingMessage]:
        """A Rasa turn ended with the conversation no longer in bot mode: pause Rasa,
        and return the queue notice for the citizen if not yet given."""
        await self.sync_rasa(conversation_id)

        def notice_once(session: Session) -> OutgoingMessage | None:
            req = open_request(session, conversation_id)
            if req is None or req.last_notice_at is not None:
                return None
            req.last_notice_at = self.clock()
            session.add(req)
            session.commit()
            return queue_notice(session, req)

        notice = await in_session(self.engine, notice_once)
        if notice is None:
            return []
        self.hub.publish({"type": "queue"})
        return [notice]

    async def route(self, msg: IncomingMessage, log_id: int | None) -> list[OutgoingMessage]:
        """A citizen message for a conversation in queued/agent mode (caller holds the
        conversation lock). It is already in the transcript; show it to the console and
        answer only what the officers cannot (queue position, callback number)."""
        conversation_id = msg.conversation_id

        def open_one(session: Session) -> tuple[int, int | None, HandoffStatus] | None:
            req = open_request(session, conversation_id)
            if req is None:
                # Mode says officer, but no open request: heal and let the assistant answer.
                log.error("conversation %s in officer mode without request", conversation_id)
                conv = session.get(Conversation, conversation_id)
                if conv is not None:
                    conv.mode = ConversationMode.BOT
                    session.add(conv)
                    session.commit()
                return None
            assert req.id is not None
            return req.id, req.assigned_agent_id, req.status

        found = await in_session(self.engine, open_one)
        if found is None:
            return []
        request_id, agent_id, status = found
        self.hub.publish_line(
            request_id,
            agent_id,
            conversation_id,
            id=log_id,
            sender="citizen",
            text=msg.text,
            at=self.clock().isoformat(),
        )
        if status != HandoffStatus.WAITING:
            return []  # the officer answers
        if msg.text.strip() == CANCEL_PAYLOAD or typed_cancel(msg.text):
            await self._finish(request_id, None, outcome="cancelled", lock=False)
            return [OutgoingMessage(text=t("handoff.cancelled"), sender="system")]
        return await asyncio.to_thread(self._waiting_answer, request_id, msg.text)

    def _waiting_answer(self, request_id: int, message: str) -> list[OutgoingMessage]:
        now = self.clock()
        with Session(self.engine) as session:
            req = session.get(HandoffRequest, request_id)
            assert req is not None
            answer, noted = answer_while_waiting(session, req, message, now)
            if answer is None:
                return []
            session.commit()
        if noted:
            self.hub.publish({"type": "queue"})
        return [answer]


def typed_cancel(text: str) -> bool:
    """The cancel button's meaning typed while waiting: a short "batal", "ga jadi deh",
    "kembali ke asisten" (not "batalkan pesanan saya", which is for the officer)."""
    said = words(text)
    if said[:1] == ["batal"]:  # the button's title typed: "Batal, kembali ke asisten"
        said = said[1:] if said[1:] else said
    if " ".join(said[:3]) in ("kembali ke asisten", "balik ke asisten", "kembali ke bot"):
        return True
    # "eh ga jadi deh min": the interjection and the polite words around it count for nothing
    content = [w for w in said if w not in INTERJECTIONS and w not in POLITE_FILLERS]
    return len(content) <= 3 and is_cancel(text)
