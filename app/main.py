"""The app server: FastAPI application factory and start-up."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session
from starlette.types import Scope

from actions.server import build_executor, create_router
from app.api import (
    analytics,
    bookings,
    bookings_staff,
    chat,
    complaints_staff,
    console,
    facility_desk,
    health,
    office,
    open311,
    privacy,
    staff_auth,
    texts,
)
from app.api.errors import install as install_error_handler
from app.api.metrics import install as install_observability
from app.api.metrics import waiting_handoffs
from app.config import ROOT_DIR, Settings, get_settings
from app.context import AppContext, app_clock
from app.db import make_engine, migrate
from app.logging_setup import install_redaction
from app.observability.actions import instrument_actions
from app.observability.instrument import instrument_app
from app.rasa_client import RasaClient
from app.ratelimit import GuardMiddleware, PathRule, RateLimits
from app.services import complaints as complaint_service
from app.services import outbox_worker, personal_data
from app.services.bookings.reminders import reminder_loop
from app.services.conversations import ConversationService
from app.services.data_rights import DataRights
from app.services.handoff import HandoffService, ensure_canned_replies
from app.services.outbound import Outbound
from app.services.shared_state import build_state
from channels import telegram, whatsapp
from channels.intake import Intake
from voice import api as voice_api
from voice.wiring import build_stt, build_tts

log = logging.getLogger(__name__)

KIOSK_DIR: Path = ROOT_DIR / "kiosk_ui"
KIOSK_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class KioskFiles(StaticFiles):
    """The kiosk page with a strict Content-Security-Policy (scripts and styles from this
    origin only; spoken audio as blob: URLs) and no caching of what it shows."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Content-Security-Policy"] = KIOSK_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(self)"
        return response


def guard_rules(settings: Settings) -> list[PathRule]:
    post = frozenset({"POST"})
    return [
        PathRule("/api/chat", post, settings.rate_chat_per_ip, "chat"),
        PathRule(
            "/api/voice/transcribe",
            post,
            settings.rate_voice_per_ip,
            "stt",
            max_in_flight=settings.rate_voice_in_flight_per_ip,
        ),
        PathRule("/api/voice/speak", post, settings.rate_tts_per_ip, "tts"),
        PathRule("/api/staff/login", post, settings.rate_login_per_ip, "login"),
        PathRule("/api/console/login", post, settings.rate_login_per_ip, "login"),
    ]


def body_limit(settings: Settings, path: str) -> int:
    if path.startswith("/api/voice/transcribe"):
        return settings.voice_max_bytes + 64 * 1024  # the audio plus the form around it
    if path.startswith("/channels/"):
        return settings.webhook_body_max_bytes
    return settings.body_max_bytes


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    install_redaction()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings)
        migrate(engine)
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s, settings.rasa_token)
        conversations = ConversationService(engine, rasa, secret_key=settings.secret_key)
        conversations.rights = DataRights(engine, settings)
        conversations.limits = limits
        conversations.conversation_rate = settings.rate_conversation
        outbound = Outbound(engine, outbox_worker.policy(settings))
        conversations.outbound = outbound  # turns kept while Rasa is down are replayed
        conversations.state = shared = build_state(settings)  # HALO_REDIS_URL: on Redis
        handoff = HandoffService(
            engine, rasa, outbound, conversations, always_open=settings.handoff_always_open
        )
        # The app's one context (app/context.py): routes, channels and actions all read it.
        ctx = app.state.ctx = AppContext(
            engine=engine,
            settings=settings,
            clock=app_clock(settings),
            hub=handoff.hub,
            rasa=rasa,
            conversations=conversations,
            outbound=outbound,
            handoff=handoff,
            limits=limits,
            stt=build_stt(settings),
            tts=build_tts(settings),
        )
        # metrics of this app (app/observability): turns, stages, database, speech, queue
        instrument_app(
            metrics,
            engine=engine,
            conversations=conversations,
            stt=ctx.stt,
            tts=ctx.tts,
            handoff_queue=lambda: waiting_handoffs(engine),
        )
        with Session(engine) as session:
            ensure_canned_replies(session)
        # Finish Rasa pauses/resumes a crash left undone (Rasa may still be starting).
        reconciler = asyncio.create_task(handoff.reconcile_until_done())
        preload = None
        if settings.stt_preload:
            preload = asyncio.create_task(ctx.stt.preload())
        threading.Thread(target=complaint_service.warm_up, daemon=True).start()
        # Messaging channels start only when their credentials are set (app/config.py).
        intake = Intake(settings.runtime_dir, stt=lambda: ctx.stt, state=lambda: shared)
        ctx.telegram = await telegram.start(settings, conversations, intake)
        if ctx.telegram is not None:
            outbound.register(telegram.CHANNEL, ctx.telegram)
        ctx.whatsapp = whatsapp.start(settings, conversations, intake, engine)
        if ctx.whatsapp is not None:
            outbound.register(whatsapp.CHANNEL, ctx.whatsapp)
        sender = outbox_worker.start(engine, outbound, settings, rasa=rasa, locks=conversations)
        # console events reach officers on every instance (HALO_REDIS_URL)
        relay = handoff.hub.share(shared) if settings.redis_url else None
        reminders: asyncio.Task[None] | None = None
        if settings.booking_reminder_interval_s > 0:
            reminders = asyncio.create_task(
                reminder_loop(
                    engine, outbound, ctx.facilities, settings.booking_reminder_interval_s
                )
            )
        purger: asyncio.Task[None] | None = None
        if settings.privacy_purge_interval_s > 0:
            purger = asyncio.create_task(personal_data.purge_loop(engine, settings))
        log.info("app ready: database %s, rasa %s", engine.dialect.name, settings.rasa_url)
        try:
            yield
        finally:
            reconciler.cancel()
            if purger is not None:
                purger.cancel()
            if sender is not None:
                sender.cancel()
            if relay is not None:
                relay.cancel()
            if reminders is not None:
                reminders.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reminders
            if ctx.telegram is not None:
                await ctx.telegram.stop()
            if ctx.whatsapp is not None:
                await ctx.whatsapp.stop()
            if preload is not None and not preload.done():
                preload.cancel()
            await rasa.aclose()
            await shared.aclose()
            engine.dispose()

    app = FastAPI(
        title="Halo Warga",
        description="Layanan warga: informasi, pengaduan, pemesanan fasilitas, petugas.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handler(app)  # core.errors -> HTTP status and {"detail"}
    limits = RateLimits(settings.rate_limit_storage)
    app.add_middleware(
        GuardMiddleware,
        limits=limits,
        rules=guard_rules(settings),
        body_limit=lambda path: body_limit(settings, path),
    )
    # request ids, timing and /metrics (outermost middleware: added last)
    metrics = install_observability(app, settings)
    # A request's route is found by trying the routes in the order they were added: the
    # two of every text turn (the citizen's message, Rasa's action call) go first. Their
    # paths (/api/chat..., /actions/...) are no other router's.
    app.include_router(chat.router)
    app.include_router(
        create_router(
            instrument_actions(build_executor(), metrics),
            settings.action_secret,
            lambda: app.state.ctx,
        )
    )
    app.include_router(health.router)
    app.include_router(staff_auth.router)
    app.include_router(bookings.router)
    app.include_router(bookings_staff.router)
    app.include_router(complaints_staff.router)
    app.include_router(analytics.router)
    app.include_router(facility_desk.router)
    app.include_router(open311.router)
    app.include_router(privacy.router)
    app.include_router(texts.router)
    app.include_router(telegram.router)
    app.include_router(whatsapp.router)
    app.include_router(voice_api.router)
    console.mount(app)
    office.mount(app, settings)
    app.mount("/kiosk", KioskFiles(directory=KIOSK_DIR, html=True), name="kiosk")

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/kiosk/")

    return app
