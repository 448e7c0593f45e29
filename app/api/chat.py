"""Web chat (the kiosk and any browser): JSON over HTTP, the API side of the web channel.

The browser never talks to Rasa; it posts here and gets the replies back. The server
issues the session id (signed, expiring: app/services/web_sessions.py) on the first
message; a made-up or expired id is refused with 401 ``session_invalid``.
"""

from __future__ import annotations

import json

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.deps import ConversationsDep, SessionDep, SettingsDep
from app.config import Settings
from app.services import web_sessions
from app.services.conversations import transcript
from core.errors import Unauthorized
from core.message import Button, IncomingMessage, OutgoingMessage

CHANNEL = "web"

router = APIRouter(prefix="/api/chat", tags=["chat"])


class ChatRequest(BaseModel):
    session_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Issued by the server with the first reply; send it back to continue.",
    )
    text: str = Field(default="", max_length=10_000)
    message_id: str | None = Field(default=None, max_length=100)


class ChatResponse(BaseModel):
    session_id: str
    messages: list[OutgoingMessage]


def _require_session(settings: Settings, session_id: str) -> None:
    if not web_sessions.is_valid(settings.secret_key, session_id, settings.web_session_ttl_s):
        raise Unauthorized("session_invalid")


@router.post("", response_model=ChatResponse)
async def post_message(
    body: ChatRequest, conversations: ConversationsDep, settings: SettingsDep
) -> ChatResponse:
    if body.session_id is None:
        session_id = web_sessions.issue(settings.secret_key)
    else:
        session_id = body.session_id
        _require_session(settings, session_id)
    msg = IncomingMessage(
        channel=CHANNEL, user_id=session_id, message_id=body.message_id, text=body.text
    )
    replies = await conversations.handle(msg)
    return ChatResponse(session_id=session_id, messages=replies)


class UpdatesResponse(BaseModel):
    messages: list[OutgoingMessage]
    last_id: int


@router.get("/{session_id}/updates", response_model=UpdatesResponse)
def get_updates(
    session_id: str, db: SessionDep, settings: SettingsDep, after: int = 0
) -> UpdatesResponse:
    """Messages pushed to this web conversation (status updates, officers' replies) after
    transcript line ``after``. The page polls this; replies to its own posts come inline."""
    _require_session(settings, session_id)
    lines = transcript(db, f"{CHANNEL}:{session_id}", after_id=after, pushed_only=True)
    messages = [
        OutgoingMessage(
            text=m.text,
            sender=m.sender if m.sender in ("bot", "agent", "system") else "system",
            buttons=[Button(**b) for b in json.loads(m.payload)] if m.payload else [],
        )
        for m in lines
    ]
    last_id = max([after, *[m.id or 0 for m in lines]])
    return UpdatesResponse(messages=messages, last_id=last_id)
