"""The application context: everything one running app holds (the engine, the settings, the
clock, the services, the speech engines, the channel adapters), built once by
``app.main.create_app(settings)`` and kept as ``app.state.ctx``. Routes get it through the
dependencies of :mod:`app.api.deps`; the action endpoint hands the same object to the actions
(``actions.context.ActionContext`` is this class); ``python -m actions.server`` builds one from
its settings (engine and settings only: the console and the channels live in the app).

Nothing here is module state: two apps in one process, each with its own context, share
nothing but what Python shares anyway (imported code, read-only catalogues loaded from files;
each app reads the facilities file its own settings name).

This module sits with the services (``pyproject.toml``'s layers) so that every entry layer
(api, actions, channels, voice) can import it; what comes from an entry layer (speech engines,
channel adapters) is typed loosely here for that reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.rasa_client import RasaClient
from app.ratelimit import RateLimits
from app.services import bookings
from app.services.conversations import ConversationService
from app.services.facilities import Catalogue
from app.services.handoff import HandoffService
from app.services.handoff_hub import Hub
from app.services.outbound import Outbound
from core.clock import Clock, running_from, utcnow


class MissingPart(RuntimeError):
    """A route asked the context for a part this app was not built with (a programming or
    wiring error, not a citizen's)."""


@dataclass
class AppContext:
    engine: Engine
    settings: Settings
    hub: Hub | None = None  # the console's live events (the handoff service's)
    clock: Clock = utcnow  # "now" (the booking forms' today, free times)
    rasa: RasaClient | None = None
    conversations: ConversationService | None = None
    outbound: Outbound | None = None
    handoff: HandoffService | None = None
    limits: RateLimits | None = None
    stt: Any = None  # voice.stt.SpeechToText (built by app.main)
    tts: Any = None  # voice.tts.TextToSpeech
    telegram: Any = None  # channels.telegram.TelegramChannel, when its credentials are set
    whatsapp: Any = None  # channels.whatsapp.WhatsAppChannel

    @property
    def facilities(self) -> Catalogue:
        """The bookable facilities of this app (``settings.booking_facilities_file``)."""
        return bookings.catalogue(self.settings.booking_facilities_file)

    def session(self) -> Session:
        """A database session for an entry point (a route, an action): the caller owns its
        transaction and passes it to the services."""
        return Session(self.engine)

    def need_conversations(self) -> ConversationService:
        if self.conversations is None:
            raise MissingPart("this app has no conversation service")
        return self.conversations

    def need_outbound(self) -> Outbound:
        if self.outbound is None:
            raise MissingPart("this app has no outbound service")
        return self.outbound

    def need_handoff(self) -> HandoffService:
        if self.handoff is None:
            raise MissingPart("this app has no handoff service")
        return self.handoff

    def need_rasa(self) -> RasaClient:
        if self.rasa is None:
            raise MissingPart("this app has no Rasa client")
        return self.rasa


def context_of(state: Any) -> AppContext:
    """``app.state.ctx`` of a running app (set by ``create_app``, or by a test that builds an
    app from routers alone)."""
    ctx = getattr(state, "ctx", None)
    if not isinstance(ctx, AppContext):
        raise MissingPart("no application context (app.state.ctx): create_app builds it")
    return ctx


def app_clock(settings: Settings) -> Clock:
    """The real time, or a clock started at ``HALO_CLOCK_START`` (the bench's pinned day)."""
    if not settings.clock_start:
        return utcnow
    return running_from(datetime.fromisoformat(settings.clock_start))
