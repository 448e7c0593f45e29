"""The one error tree of Halo Warga. Every error the project raises on purpose derives from
:class:`HaloWargaError`; each class carries ``status``, the HTTP status an API answers with.

    HaloWargaError            500  base; something we raise on purpose
    ├── InvalidInput          422  what was given cannot be used as given
    ├── Unauthorized          401  no, a wrong, an expired or a revoked credential
    ├── Forbidden             403  the caller's role or assignment does not allow this
    ├── NotFound              404  no such ticket, booking, request or conversation
    ├── Conflict              409  the thing is not in a state that allows this (taken, closed)
    ├── PayloadTooLarge       413  a body, file or recording over its limit
    ├── TooManyRequests       429  over a rate limit
    ├── Unavailable           503  a component we depend on (Rasa, speech, a vendor) failed
    └── SpeechError           500  speech to text or text to speech failed (``code``, ``message``)
        └── SpeechRejected    422  the citizen's audio cannot be used (its ``status`` by ``code``)

Domain errors subclass one of these and keep their own names, e.g.

- ``app.errors``: ``AssistantUnavailable`` (Unavailable), ``InvalidMessage`` (InvalidInput);
- ``app.services.complaints``: ``ComplaintError`` and its ``InvalidComplaintInput``,
  ``ComplaintNotFound``, ``InvalidTransition``;
- ``app.services.bookings``: ``BookingError``, ``SlotTaken`` (Conflict);
- ``app.services.handoff``: ``HandoffError``, ``NotFound``, ``Forbidden``, ``Conflict``;
- ``app.services.staff``: ``StaffAuthError`` (Unauthorized);
- ``app.services.media``: ``MediaRejected`` (InvalidInput);
- ``voice.errors``: ``VoiceError`` (this module's ``SpeechError``), ``AudioRejected`` (this
  module's ``SpeechRejected``: 422, 413 or 503 by ``code``), ``SpeechUnavailable`` (503).

``SpeechError`` and ``SpeechRejected`` live here so that a channel can tell a refused voice note
from a failed engine without importing the voice package (channels and voice are siblings).

A domain class that has two parents names the core class first, so that its ``status`` wins.
An API answers an error a route lets through with its ``status`` and ``{"detail":
error.public_detail()}`` (``app/api/errors.py``): the message below 500, a fixed phrase from
500 up, unless the class gives callers more (speech errors: their code and message); an
error's ``headers`` go with the answer.
The text a citizen or an officer reads never comes from ``str(error)`` (that is for logs);
it comes from the error's text key in a catalogue.

This module imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Mapping


class HaloWargaError(Exception):
    """Base of every error Halo Warga raises on purpose."""

    status: int = 500
    headers: Mapping[str, str] | None = None  # sent with the answer (WWW-Authenticate ...)

    def public_detail(self) -> object | None:
        """What an API answers as ``{"detail": ...}``: below 500 the message (written for
        the caller); from 500 up None (a fixed phrase is answered, the error is logged). A
        class whose callers read more (a code and a citizen-facing message) says so here."""
        return str(self) if self.status < 500 else None


class InvalidInput(HaloWargaError):
    status: int = 422


class Unauthorized(HaloWargaError):
    status: int = 401


class Forbidden(HaloWargaError):
    status: int = 403


class NotFound(HaloWargaError):
    status: int = 404


class Conflict(HaloWargaError):
    status: int = 409


class TooManyRequests(HaloWargaError):
    status: int = 429


class PayloadTooLarge(HaloWargaError):
    status: int = 413


class Unavailable(HaloWargaError):
    status: int = 503


class SpeechError(HaloWargaError):
    """Speech to text or text to speech failed: ``code`` for programs, ``message`` the
    citizen-facing text a channel can show or speak as is, ``detail`` for logs."""

    status: int = 500

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or message}")
        self.code = code
        self.message = message
        self.detail = detail

    def public_detail(self) -> object | None:
        return {"code": self.code, "message": self.message}  # the message is the citizen's


class SpeechRejected(SpeechError):
    """The citizen's audio cannot be used (too large, too long, unreadable, silent, busy)."""

    status: int = 422


__all__ = [
    "Conflict",
    "Forbidden",
    "HaloWargaError",
    "InvalidInput",
    "NotFound",
    "PayloadTooLarge",
    "SpeechError",
    "SpeechRejected",
    "TooManyRequests",
    "Unauthorized",
    "Unavailable",
]
