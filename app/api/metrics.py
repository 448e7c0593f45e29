"""``GET /metrics``: the app's Prometheus metrics (app/observability/metrics.py), and
:func:`install`, which gives an app its metrics, request ids and log format.

``/metrics`` is an internal door, like Rasa's HTTP API and the action endpoint: with
``HALO_METRICS_TOKEN`` set the scraper sends ``Authorization: Bearer <token>``; without one,
only callers on this machine (loopback) are served, and in production nobody is (a reverse
proxy on the same machine would make every caller look local).
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.config import Settings
from app.logging_setup import configure_logging
from app.models import HandoffRequest, HandoffStatus
from app.observability.metrics import Metrics
from app.observability.middleware import ObservabilityMiddleware
from core.errors import Forbidden


def _loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed(settings: Settings, request: Request) -> bool:
    token = settings.metrics_token
    if token:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        )
    if settings.environment == "production":
        return False
    return _loopback(request.client.host if request.client else None)


def make_router(settings: Settings, metrics: Metrics) -> APIRouter:
    router = APIRouter(tags=["operations"], include_in_schema=False)

    @router.get("/metrics")
    async def read_metrics(request: Request) -> Response:
        if not allowed(settings, request):
            raise Forbidden("forbidden")
        return Response(metrics.render(), media_type=metrics.content_type)

    return router


def install(app: FastAPI, settings: Settings) -> Metrics:
    """The app's own metrics registry, the request-id/timing middleware (outermost: add it
    after every other middleware), ``/metrics``, and the log format of the settings."""
    configure_logging(settings.log_format, settings.log_level, settings.environment == "production")
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(
        ObservabilityMiddleware, metrics=metrics, server_timing=settings.server_timing
    )
    app.include_router(make_router(settings, metrics))
    return metrics


def waiting_handoffs(engine: Engine) -> float:
    """``halo_handoff_queue_length``: handoff requests waiting for an officer."""
    with Session(engine) as session:
        stmt = select(func.count()).select_from(HandoffRequest)
        stmt = stmt.where(HandoffRequest.status == HandoffStatus.WAITING)
        return float(session.exec(stmt).one())
