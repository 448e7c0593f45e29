"""Web chat channel (the kiosk and any browser): JSON over HTTP.

The browser never talks to Rasa; it posts here and gets the replies back.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.deps import ConversationsDep
from channels.message import IncomingMessage, OutgoingMessage

CHANNEL = "web"

router = APIRouter(prefix="/api/chat", tags=["chat"])


class ChatRequest(BaseModel):
    session_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Returned by the first call; send it back to continue the conversation.",
    )
    text: str = Field(default="", max_length=10_000)
    message_id: str | None = Field(default=None, max_length=100)


class ChatResponse(BaseModel):
    session_id: str
    messages: list[OutgoingMessage]


@router.post("", response_model=ChatResponse)
async def post_message(body: ChatRequest, conversations: ConversationsDep) -> ChatResponse:
    session_id = body.session_id or uuid.uuid4().hex
    msg = IncomingMessage(
        channel=CHANNEL, user_id=session_id, message_id=body.message_id, text=body.text
    )
    replies = await conversations.handle(msg)
    return ChatResponse(session_id=session_id, messages=replies)
