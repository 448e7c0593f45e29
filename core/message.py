"""The one message model every channel speaks (core: imports nothing of ours)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Button(BaseModel):
    title: str
    payload: str


class Location(BaseModel):
    latitude: float
    longitude: float
    address: str | None = None


class Attachment(BaseModel):
    kind: Literal["image", "audio", "document", "file"]
    mime_type: str | None = None
    url: str | None = None  # where the app stored it, or the vendor's media URL
    filename: str | None = None
    size_bytes: int | None = None


class IncomingMessage(BaseModel):
    """What a citizen sent, whatever the channel."""

    channel: str
    user_id: str  # the channel's own id for the citizen (chat id, phone number, kiosk session)
    message_id: str | None = None  # the channel's message id, for de-duplication
    text: str = ""
    location: Location | None = None
    attachments: list[Attachment] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def conversation_id(self) -> str:
        return f"{self.channel}:{self.user_id}"


class OutgoingMessage(BaseModel):
    """What the assistant (or an officer) says back."""

    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
    image_url: str | None = None
    attachment: Attachment | None = None
    custom: dict[str, Any] | None = None
    sender: Literal["bot", "agent", "system"] = "bot"

    @classmethod
    def from_rasa(cls, item: dict[str, Any]) -> OutgoingMessage:
        buttons = [
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in item.get("buttons") or []
        ]
        return cls(
            text=item.get("text") or "",
            buttons=buttons,
            image_url=item.get("image"),
            custom=item.get("custom"),
        )


def split_text(text: str, size: int) -> list[str]:
    """Split long text at line breaks or spaces so that no piece exceeds ``size``
    (channels cap message length: Telegram 4,096 characters, WhatsApp 4,096/1,024)."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > size:
        cut = rest.rfind("\n", 0, size)
        if cut <= 0:
            cut = rest.rfind(" ", 0, size)
        if cut <= 0:
            cut = size
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks
