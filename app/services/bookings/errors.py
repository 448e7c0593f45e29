"""The booking errors (the tree is drawn in :mod:`app.services.bookings`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.errors import Conflict, HaloWargaError, NotFound


class BookingError(HaloWargaError):
    """A booking request we refuse (409: the facility's rules or state do not allow it).
    ``code`` is the Indonesian explanation's key, and what an API answers as the detail."""

    status: int = 409

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params

    def public_detail(self) -> object | None:
        return self.code


class BookingNotFound(NotFound, BookingError):
    """No booking with that code (``code`` "not_found", as before)."""

    def __init__(self, **params: Any) -> None:
        super().__init__("not_found", **params)


class SlotTaken(Conflict, BookingError):
    def __init__(self, alternatives: list[datetime], **params: Any) -> None:
        super().__init__("slot_taken", **params)
        self.alternatives = alternatives
