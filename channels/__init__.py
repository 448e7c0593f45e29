"""Channel adapters. Each module turns one vendor's payloads into the project's one
message model (:mod:`core.message`) and back; nothing channel-specific leaks past it."""

from core.message import Attachment, Button, IncomingMessage, Location, OutgoingMessage

__all__ = ["Attachment", "Button", "IncomingMessage", "Location", "OutgoingMessage"]
