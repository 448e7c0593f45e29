"""The booking errors (the tree is drawn in :mod:`app.services.bookings`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.errors import Conflict, HaloWargaError


class BookingError(HaloWargaError):
    """A booking request we refuse. ``code`` is the Indonesian explanation's key."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


class SlotTaken(Conflict, BookingError):
    def __init__(self, alternatives: list[datetime], **params: Any) -> None:
        super().__init__("slot_taken", **params)
        self.alternatives = alternatives
