"""The complaint errors (the tree is drawn in :mod:`app.services.complaints`)."""

from __future__ import annotations

from core.errors import Conflict, HaloWargaError, InvalidInput, NotFound


class ComplaintError(HaloWargaError):
    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key

    def public_detail(self) -> object | None:
        return self.key  # what an API answers (app/api/errors.py); the detail is for logs


class InvalidComplaintInput(InvalidInput, ComplaintError):
    def __init__(self, field_name: str, key: str, detail: str = "") -> None:
        super().__init__(key, detail)
        self.field = field_name


class ComplaintNotFound(NotFound, ComplaintError):
    def __init__(self, detail: str = "") -> None:
        super().__init__("ticket_not_found", detail)


class InvalidTransition(Conflict, ComplaintError):
    pass
