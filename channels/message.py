"""Moved to :mod:`core.message`; this alias keeps work started before the move importing.

Remove it once nothing imports ``channels.message`` (the import contract forbids it below the
channel layer already)."""

from core.message import (
    Attachment,
    Button,
    IncomingMessage,
    Location,
    OutgoingMessage,
    split_text,
)

__all__ = ["Attachment", "Button", "IncomingMessage", "Location", "OutgoingMessage", "split_text"]
