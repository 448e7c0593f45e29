"""The agent console's API (``/api/console``), its WebSocket and its static pages
(``/console/``).

Sign-in: ``POST /api/console/login`` checks the staff account (Argon2) and opens a
server-side session; the browser gets its id signed (itsdangerous) in an HttpOnly,
SameSite=Strict cookie (Secure in production and over HTTPS). Every state-changing request
must carry the session's CSRF token in ``X-CSRF-Token`` and, when the browser sends one, an
``Origin`` of this host; the WebSocket checks the Origin too (no cross-site WebSocket
hijacking). Agents see the waiting queue and their own conversations; supervisors and
admins see everything, the agents' overview and the audit log.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
from collections.abc import Awaitable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    HTTPException,
    Request,
    Response,
    WebSocket,
    WebSocketDisconnect,
    status,
)
from fastapi.staticfiles import StaticFiles
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel, Field
from sqlmodel import Session, col, func, select
from starlette.types import Scope

from app.api.deps import SessionDep, SettingsDep
from app.api.staff_auth import slowed_sign_in
from app.config import ROOT_DIR, Settings
from app.errors import AssistantUnavailable
from app.models import (
    AuditEntry,
    Booking,
    BookingStatus,
    CannedReply,
    Complaint,
    ConsoleSession,
    Conversation,
    ConversationMode,
    HandoffNote,
    HandoffRequest,
    HandoffStatus,
    MessageLog,
    Privacy,
    StaffRole,
    StaffUser,
)
from app.models.base import utcnow
from app.ratelimit import limits_of
from app.services import handoff as hs
from app.services import staff as staff_service
from app.services.complaints import NEEDS_REASON, TRANSITIONS
from app.services.dates_id import TZ as LOCAL_TZ
from app.services.privacy import mask_nik_tokens

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/console", tags=["console"])

CONSOLE_DIR = ROOT_DIR / "console_ui"
COOKIE = "halo_console"
COOKIE_SALT = "halo-console-session"
SESSION_HOURS = 12
CONSOLE_ROLES = (StaffRole.AGENT, StaffRole.SUPERVISOR, StaffRole.ADMIN)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
TRANSCRIPT_LINES = 200
RECORDS_LIMIT = 20  # complaints and bookings shown per citizen
LIVE_MINUTES = 30
SESSION_RECHECK_S = 30.0


# -- sign-in throttling -------------------------------------------------------------------


# -- sessions and CSRF ------------------------------------------------------------------


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=COOKIE_SALT)


def _secure_cookie(request: Request, settings: Settings) -> bool:
    return settings.environment == "production" or request.url.scheme == "https"


def _origin_ok(origin: str | None, host: str | None) -> bool:
    if not origin:
        return True  # same-origin GETs and non-browser clients send none
    if not host:
        return False
    return origin in (f"http://{host}", f"https://{host}")


def _load_session(
    db: Session, settings: Settings, cookie: str | None
) -> tuple[StaffUser, ConsoleSession]:
    if not cookie:
        raise PermissionError("no console session")
    try:
        sid = _serializer(settings).loads(cookie, max_age=SESSION_HOURS * 3600)
    except BadSignature as error:
        raise PermissionError("bad session cookie") from error
    sess = db.get(ConsoleSession, sid)
    if sess is None or sess.revoked or hs.aware(sess.expires_at) < utcnow():
        raise PermissionError("session ended")
    staff = db.get(StaffUser, sess.staff_id)
    if staff is None or not staff.active or staff.role not in CONSOLE_ROLES:
        raise PermissionError("account not allowed on the console")
    return staff, sess


def console_session(
    request: Request, db: SessionDep, settings: SettingsDep
) -> tuple[StaffUser, ConsoleSession]:
    try:
        staff, sess = _load_session(db, settings, request.cookies.get(COOKIE))
    except PermissionError as error:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in to the console") from error
    if request.method in UNSAFE_METHODS:
        token = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(token, sess.csrf_token) or not _origin_ok(
            request.headers.get("origin"), request.headers.get("host")
        ):
            log.warning("console CSRF check failed for %s %s", staff.username, request.url.path)
            raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF check failed")
    return staff, sess


def console_staff(
    pair: Annotated[tuple[StaffUser, ConsoleSession], Depends(console_session)],
) -> StaffUser:
    return pair[0]


Staff = Annotated[StaffUser, Depends(console_staff)]


def supervisor(staff: Staff) -> StaffUser:
    if staff.role.rank < StaffRole.SUPERVISOR.rank:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "supervisor role required")
    return staff


Supervisor = Annotated[StaffUser, Depends(supervisor)]


def _service(request: Request) -> hs.HandoffService:
    service: hs.HandoffService = request.app.state.handoff
    return service


HandoffDep = Annotated[hs.HandoffService, Depends(_service)]


def _http_error(error: hs.HandoffError) -> HTTPException:
    """404, 403, 409 or 422 (a plain HandoffError): the status the error tree gives it."""
    return HTTPException(error.status, str(error))


# -- schemas ------------------------------------------------------------------------------


class LoginRequest(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class TextBody(BaseModel):
    text: str = Field(min_length=1, max_length=hs.MAX_AGENT_TEXT)


class CannedBody(BaseModel):
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=hs.MAX_AGENT_TEXT)


def _staff_json(staff: StaffUser) -> dict[str, Any]:
    return {
        "id": staff.id,
        "username": staff.username,
        "name": staff.full_name or staff.username,
        "role": staff.role.value,
    }


def _request_json(db: Session, req: HandoffRequest) -> dict[str, Any]:
    now = utcnow()
    agent = db.get(StaffUser, req.assigned_agent_id) if req.assigned_agent_id else None
    end = req.claimed_at or req.closed_at
    waited = (hs.aware(end) if end else now) - hs.aware(req.requested_at)
    return {
        "id": req.id,
        "conversation_id": req.conversation_id,
        "channel": req.conversation_id.partition(":")[0],
        "reason": req.reason,
        "status": req.status.value,
        "position": hs.queue_position(db, req),
        "waiting_s": round(waited.total_seconds()),
        "after_hours": req.after_hours,
        "callback_phone": req.callback_phone,
        "agent": _staff_json(agent) if agent else None,
        "requested_at": hs.aware(req.requested_at).isoformat(),
        "claimed_at": hs.aware(req.claimed_at).isoformat() if req.claimed_at else None,
        "outcome": req.outcome,
    }


def _line_json(line: MessageLog) -> dict[str, Any]:
    return {
        "id": line.id,
        "sender": line.sender,
        "direction": line.direction,
        "text": mask_nik_tokens(line.text),  # officers see the last 4 digits of a NIK
        "at": hs.aware(line.created_at).isoformat(),
    }


# -- sign-in ------------------------------------------------------------------------------


@router.post("/login")
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    db: SessionDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    if not _origin_ok(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site sign-in refused")
    with slowed_sign_in(limits_of(request.app.state), body.username):
        staff = staff_service.authenticate(db, username=body.username, password=body.password)
    if staff.role not in CONSOLE_ROLES:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this account cannot use the console")
    assert staff.id is not None
    sess = ConsoleSession(
        id=secrets.token_urlsafe(32),
        staff_id=staff.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=SESSION_HOURS),
    )
    db.add(sess)
    hs.audit(db, "login", staff=staff)
    db.commit()
    response.set_cookie(
        COOKIE,
        _serializer(settings).dumps(sess.id),
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=_secure_cookie(request, settings),
        path="/",
    )
    return _signed_in(staff, sess, settings)


def _signed_in(staff: StaffUser, sess: ConsoleSession, settings: Settings) -> dict[str, Any]:
    """What the page keeps in memory: the CSRF token, and a bearer token for the other
    staff APIs (complaints, bookings), which the browser never attaches by itself."""
    return {
        "staff": _staff_json(staff),
        "csrf_token": sess.csrf_token,
        "api_token": staff_service.issue_token(settings.secret_key, staff),
    }


@router.post("/logout")
def logout(
    pair: Annotated[tuple[StaffUser, ConsoleSession], Depends(console_session)],
    response: Response,
    db: SessionDep,
) -> dict[str, str]:
    staff, sess = pair
    sess = db.get(ConsoleSession, sess.id) or sess
    sess.revoked = True
    db.add(sess)
    hs.audit(db, "logout", staff=staff)
    db.commit()
    response.delete_cookie(COOKIE, path="/")
    return {"status": "signed out"}


@router.get("/me")
def me(
    pair: Annotated[tuple[StaffUser, ConsoleSession], Depends(console_session)],
    settings: SettingsDep,
) -> dict[str, Any]:
    staff, sess = pair
    return _signed_in(staff, sess, settings)


# -- queue and conversations --------------------------------------------------------------


@router.get("/queue")
def queue(staff: Staff, db: SessionDep) -> dict[str, Any]:
    return {
        "requests": [_request_json(db, r) for r in hs.list_queue(db, staff)],
        "open_now": hs.is_open(),
        "hours": hs.hours_description(),
    }


@router.get("/requests/{request_id}")
def request_detail(request_id: int, staff: Staff, db: SessionDep) -> dict[str, Any]:
    try:
        req = hs.get_request(db, request_id, staff)
    except hs.HandoffError as error:
        raise _http_error(error) from error
    lines = db.exec(
        select(MessageLog)
        .where(MessageLog.conversation_id == req.conversation_id)
        .order_by(col(MessageLog.id).desc())
        .limit(TRANSCRIPT_LINES)
    ).all()
    notes = db.exec(
        select(HandoffNote)
        .where(HandoffNote.request_id == request_id)
        .order_by(col(HandoffNote.id))
    ).all()
    authors = {s.id: s for s in db.exec(select(StaffUser)).all()}
    data = _request_json(db, req)
    data["summary"] = json.loads(req.summary) if req.summary else {}
    data["transcript"] = [_line_json(line) for line in reversed(lines)]
    data["notes"] = [
        {
            "id": n.id,
            "author": (authors[n.author_id].username if n.author_id in authors else "?"),
            "text": n.text,
            "at": hs.aware(n.created_at).isoformat(),
        }
        for n in notes
    ]
    data["citizen_records"] = citizen_records(db, req.conversation_id, staff)
    return data


def citizen_records(db: Session, conversation_id: str, staff: StaffUser) -> dict[str, Any]:
    """The citizen's complaints and bookings, with the actions this officer may take.

    Actions are calls to the complaint and booking staff APIs (bearer token), which check
    roles again: complaint status changes, booking cancellation (supervisors).
    """
    complaints = db.exec(
        select(Complaint)
        .where(
            Complaint.reporter_conversation_id == conversation_id,
            # an anonymous report is never tied to its reporter, not even for officers
            Complaint.privacy != Privacy.ANONIM,
        )
        .order_by(col(Complaint.id).desc())
        .limit(RECORDS_LIMIT)
    ).all()
    bookings = db.exec(
        select(Booking)
        .where(Booking.owner_id == conversation_id)
        .order_by(col(Booking.id).desc())
        .limit(RECORDS_LIMIT)
    ).all()
    supervisor = staff.role.rank >= StaffRole.SUPERVISOR.rank
    return {
        "complaints": {
            "available": True,
            "items": [
                {
                    "id": c.id,
                    "label": f"{c.ticket_code} · {c.category} · {c.status}",
                    "actions": _complaint_actions(c),
                }
                for c in complaints
            ],
        },
        "bookings": {
            "available": True,
            "items": [
                {
                    "id": b.id,
                    "label": (
                        f"{b.code} · {b.facility_id} · "
                        f"{hs.aware(b.start_at).astimezone(LOCAL_TZ):%d-%m-%Y %H.%M} WIB"
                        f" · {b.status}"
                    ),
                    "actions": _booking_actions(b) if supervisor else [],
                }
                for b in bookings
            ],
        },
    }


def _complaint_actions(complaint: Complaint) -> list[dict[str, Any]]:
    """Status changes allowed from here, as calls to the complaint staff API."""
    return [
        {
            "label": f"→ {to}",
            "method": "POST",
            "path": f"/api/staff/complaints/{complaint.ticket_code}/status",
            "body": {"status": str(to)},
            "needs_reason": to in NEEDS_REASON,
        }
        for to in TRANSITIONS.get(complaint.status, ())
    ]


def _booking_actions(booking: Booking) -> list[dict[str, Any]]:
    """Cancelling a booking (the booking staff API; supervisors only there too)."""
    if booking.status != BookingStatus.CONFIRMED:
        return []
    return [
        {
            "label": "Batalkan pemesanan",
            "method": "POST",
            "path": f"/api/staff/bookings/{booking.code}/cancel",
            "body": {},
            "needs_reason": True,
        }
    ]


@router.post("/requests/{request_id}/claim")
async def claim(request_id: int, staff: Staff, service: HandoffDep) -> dict[str, Any]:
    try:
        await service.claim(request_id, staff)
    except hs.HandoffError as error:
        raise _http_error(error) from error
    with Session(service.engine) as db:
        req = db.get(HandoffRequest, request_id)
        assert req is not None
        return _request_json(db, req)


@router.post("/requests/{request_id}/messages")
async def send_message(
    request_id: int, body: TextBody, staff: Staff, service: HandoffDep
) -> dict[str, Any]:
    try:
        line_id = await service.send(request_id, staff, body.text)
    except hs.HandoffError as error:
        raise _http_error(error) from error
    return {"id": line_id}


@router.post("/requests/{request_id}/notes")
def add_note(request_id: int, body: TextBody, staff: Staff, db: SessionDep) -> dict[str, Any]:
    try:
        note = hs.add_note(db, request_id, staff, body.text)
    except hs.HandoffError as error:
        raise _http_error(error) from error
    return {"id": note.id, "author": staff.username, "text": note.text}


async def _release(step: Awaitable[None]) -> None:
    """Run a step that gives the conversation back (hand back, close); Rasa being
    unreachable leaves it with the officer (503)."""
    try:
        await step
    except hs.HandoffError as error:
        raise _http_error(error) from error
    except AssistantUnavailable as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "assistant unreachable; still yours"
        ) from error


@router.post("/requests/{request_id}/handback")
async def hand_back(request_id: int, staff: Staff, service: HandoffDep) -> dict[str, str]:
    await _release(service.hand_back(request_id, staff))
    return {"status": "handed_back"}


@router.post("/requests/{request_id}/close")
async def close(request_id: int, staff: Staff, service: HandoffDep) -> dict[str, str]:
    await _release(service.close(request_id, staff))
    return {"status": "closed"}


@router.get("/live")
def live_conversations(staff: Staff, db: SessionDep) -> dict[str, Any]:
    """Conversations the assistant is handling now, which an officer may take."""
    since = utcnow() - timedelta(minutes=LIVE_MINUTES)
    convs = db.exec(
        select(Conversation)
        .where(Conversation.mode == ConversationMode.BOT, col(Conversation.last_seen_at) >= since)
        .order_by(col(Conversation.last_seen_at).desc())
        .limit(100)
    ).all()
    return {
        "conversations": [
            {
                "id": c.id,
                "channel": c.channel,
                "last_seen_at": hs.aware(c.last_seen_at).isoformat(),
            }
            for c in convs
        ]
    }


@router.post("/conversations/{conversation_id}/take")
async def take(conversation_id: str, staff: Staff, service: HandoffDep) -> dict[str, Any]:
    try:
        request_id = await service.take(conversation_id, staff)
    except hs.HandoffError as error:
        raise _http_error(error) from error
    return {"request_id": request_id}


# -- canned replies -----------------------------------------------------------------------


@router.get("/canned")
def canned(staff: Staff, db: SessionDep) -> dict[str, Any]:
    items = db.exec(
        select(CannedReply).where(col(CannedReply.active).is_(True)).order_by(col(CannedReply.id))
    ).all()
    return {"replies": [{"id": c.id, "title": c.title, "text": c.text} for c in items]}


@router.post("/canned")
def add_canned(body: CannedBody, staff: Supervisor, db: SessionDep) -> dict[str, Any]:
    item = CannedReply(title=body.title.strip(), text=body.text.strip(), created_by=staff.id)
    db.add(item)
    db.flush()
    hs.audit(db, "canned_add", staff=staff, detail={"canned_id": item.id, "title": item.title})
    db.commit()
    return {"id": item.id, "title": item.title, "text": item.text}


@router.delete("/canned/{canned_id}")
def remove_canned(canned_id: int, staff: Supervisor, db: SessionDep) -> dict[str, str]:
    item = db.get(CannedReply, canned_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such canned reply")
    item.active = False
    db.add(item)
    hs.audit(db, "canned_remove", staff=staff, detail={"canned_id": canned_id})
    db.commit()
    return {"status": "removed"}


# -- supervisor ---------------------------------------------------------------------------


@router.get("/overview")
def overview(staff: Supervisor, db: SessionDep) -> dict[str, Any]:
    now = utcnow()
    online = hs.hub.online()
    open_reqs = db.exec(
        select(HandoffRequest).where(col(HandoffRequest.status) != HandoffStatus.CLOSED)
    ).all()
    agents = db.exec(
        select(StaffUser).where(
            col(StaffUser.active).is_(True), col(StaffUser.role).in_(list(CONSOLE_ROLES))
        )
    ).all()
    waiting = [r for r in open_reqs if r.status == HandoffStatus.WAITING]
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    claimed_today = db.exec(
        select(HandoffRequest).where(col(HandoffRequest.claimed_at) >= day_start)
    ).all()
    waits = [
        (hs.aware(r.claimed_at) - hs.aware(r.requested_at)).total_seconds()
        for r in claimed_today
        if r.claimed_at
    ]
    return {
        "agents": [
            {
                **_staff_json(a),
                "online": a.id in online,
                "open_conversations": sum(
                    1
                    for r in open_reqs
                    if r.assigned_agent_id == a.id and r.status == HandoffStatus.CLAIMED
                ),
            }
            for a in agents
        ],
        "queue": {
            "waiting": len(waiting),
            "claimed": len(open_reqs) - len(waiting),
            "longest_wait_s": round(
                max(((now - hs.aware(r.requested_at)).total_seconds() for r in waiting), default=0)
            ),
            "claimed_today": len(waits),
            "average_wait_today_s": round(sum(waits) / len(waits)) if waits else None,
        },
        "requests": [_request_json(db, r) for r in open_reqs],
    }


@router.get("/audit")
def audit_log(
    staff: Supervisor,
    db: SessionDep,
    limit: int = 200,
    conversation_id: str | None = None,
) -> dict[str, Any]:
    stmt = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(min(max(limit, 1), 1000))
    if conversation_id:
        stmt = stmt.where(AuditEntry.conversation_id == conversation_id)
    total = db.exec(select(func.count()).select_from(AuditEntry)).one()
    return {
        "total": total,
        "entries": [
            {
                "id": e.id,
                "at": hs.aware(e.at).isoformat(),
                "actor": e.actor,
                "action": e.action,
                "conversation_id": e.conversation_id,
                "request_id": e.request_id,
                "detail": json.loads(e.detail) if e.detail else None,
            }
            for e in db.exec(stmt).all()
        ],
    }


# -- live events ----------------------------------------------------------------------------


def _visible(staff: StaffUser, event: dict[str, Any]) -> bool:
    if staff.role.rank >= StaffRole.SUPERVISOR.rank or event.get("type") == "queue":
        return True
    return event.get("agent_id") in (None, staff.id)


@router.websocket("/ws")
async def events(websocket: WebSocket) -> None:
    """Live console: server -> ``queue`` / ``request`` / ``message`` events;
    client -> ``{"type": "send", "request_id", "text", "csrf"}`` (answered with
    ``sent`` or ``error``) and ``{"type": "ping"}``."""
    app = websocket.app
    settings: Settings = app.state.settings
    if not _origin_ok(websocket.headers.get("origin"), websocket.headers.get("host")):
        log.warning("console websocket refused: origin %s", websocket.headers.get("origin"))
        await websocket.close(code=4403)
        return
    try:
        with Session(app.state.engine) as db:
            staff, sess = _load_session(db, settings, websocket.cookies.get(COOKIE))
    except PermissionError:
        await websocket.close(code=4401)
        return
    await websocket.accept()
    staff_id = staff.id
    assert staff_id is not None
    queue = hs.hub.subscribe(staff_id)
    service: hs.HandoffService = app.state.handoff

    async def forward() -> None:
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), timeout=SESSION_RECHECK_S)
            except TimeoutError:
                # A signed-out, expired or deactivated session stops receiving events.
                try:
                    with Session(app.state.engine) as db:
                        _load_session(db, settings, websocket.cookies.get(COOKIE))
                except PermissionError:
                    await websocket.close(code=4401)
                    return
                continue
            if _visible(staff, event):
                await websocket.send_json(event)

    sender = asyncio.create_task(forward())
    try:
        await websocket.send_json({"type": "hello", "staff": _staff_json(staff)})
        while True:
            data = await websocket.receive_json()
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "ping":
                await websocket.send_json({"type": "pong"})
                continue
            if kind != "send":
                await websocket.send_json({"type": "error", "message": "unknown message type"})
                continue
            if not hmac.compare_digest(str(data.get("csrf", "")), sess.csrf_token):
                await websocket.send_json({"type": "error", "message": "CSRF check failed"})
                continue
            try:
                with Session(app.state.engine) as db:
                    staff, sess = _load_session(db, settings, websocket.cookies.get(COOKIE))
                line_id = await service.send(
                    int(data.get("request_id", 0)), staff, str(data.get("text", ""))
                )
            except PermissionError:
                await websocket.close(code=4401)
                return
            except (hs.HandoffError, ValueError) as error:
                await websocket.send_json({"type": "error", "message": str(error)})
                continue
            await websocket.send_json(
                {"type": "sent", "request_id": data.get("request_id"), "id": line_id}
            )
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        hs.hub.unsubscribe(staff_id, queue)


# -- static console -----------------------------------------------------------------------


class ConsoleFiles(StaticFiles):
    """The console's pages with a strict Content-Security-Policy: scripts and styles
    from this origin only, so nothing a citizen writes can run in an officer's browser."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        sockets = f" ws://{host} wss://{host}" if host else ""
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'{sockets}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/console", ConsoleFiles(directory=CONSOLE_DIR, html=True), name="console")
