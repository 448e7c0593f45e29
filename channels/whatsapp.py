"""WhatsApp channel, on the WhatsApp Cloud API (Meta Graph API).

- ``GET /channels/whatsapp/webhook``: Meta's subscription check (``hub.mode``,
  ``hub.verify_token``, ``hub.challenge``).
- ``POST /channels/whatsapp/webhook``: deliveries, signed by Meta with
  ``X-Hub-Signature-256`` = HMAC-SHA256 of the raw body with the app secret. Unsigned
  (401) and forged (403) requests are refused and logged. A signed delivery is answered
  200 at once; the messages are handled in a background task (Meta retries slow or failed
  deliveries, so a message id already seen is skipped). Status callbacks are ignored.

Citizens' text, reply-button and list taps, locations, images and voice notes become the
one :class:`~core.message.IncomingMessage`; the assistant's buttons become reply
buttons (up to 3) or a list (up to 10 rows per list message). Proactive messages (status
updates, reminders, officers' replies) respect the 24-hour customer-service window: after
24 hours without a message from the citizen, only an approved template may be sent.

The Graph API client is a small httpx client (channels/whatsapp_graph.py): pywa 4.5 was
evaluated and not used, because its Graph host is fixed in code, it runs handlers inside the
webhook request (no fast 200), and it de-duplicates by hashing whole bodies in memory, whereas
Meta's retries are de-duplicated here by message id (and by the transcript). Locks, the
de-duplication and long button payloads come from the channel toolkit (channels/toolkit.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import PlainTextResponse
from sqlalchemy.engine import Engine

from app.config import Settings
from app.db import in_session
from app.services.conversations import last_seen
from channels.intake import Intake, MediaOutcome
from channels.toolkit import reply_turn, stores_for, system_message
from channels.whatsapp_graph import GraphClient
from core.message import Button, IncomingMessage, Location, OutgoingMessage, split_text
from core.texts import t

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
SIGNATURE_HEADER = "X-Hub-Signature-256"
SERVICE_WINDOW = timedelta(hours=24)
MAX_TEXT = 4096
MAX_BODY = 1024  # interactive message body
MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10
BUTTON_TITLE_CHARS = 20
ROW_TITLE_CHARS = 24
ROW_ID_CHARS = 200


class Conversations(Protocol):
    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]: ...


class WhatsAppChannel:
    def __init__(
        self,
        settings: Settings,
        conversations: Conversations,
        intake: Intake,
        engine: Engine,
        *,
        graph: GraphClient | None = None,
    ) -> None:
        self.app_secret = settings.whatsapp_app_secret.encode()
        self.verify_token = settings.whatsapp_verify_token
        self.template_name = settings.whatsapp_template_name
        self.template_language = settings.whatsapp_template_language
        self.conversations = conversations
        self.intake = intake
        self.engine = engine
        self.graph = graph or GraphClient(
            settings.whatsapp_graph_url,
            settings.whatsapp_token,
            settings.whatsapp_phone_number_id,
        )
        self._tasks: set[asyncio.Task[None]] = set()
        # delivery ids, long payloads, per-user locks: on the app's shared state, if any
        self._seen, self._long_payloads, self._user_locks = stores_for(conversations, "whatsapp")

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=10)
        await self.graph.aclose()

    # -- webhook -------------------------------------------------------------------------

    def signature_ok(self, body: bytes, header: str) -> bool:
        expected = "sha256=" + hmac.new(self.app_secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(header.encode(), expected.encode())

    def accept(self, payload: dict[str, Any]) -> int:
        """Take a verified delivery: new messages are handled in the background.
        Returns how many messages were new."""
        fresh: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                if change.get("field") != "messages":
                    continue
                value = change.get("value") or {}
                # value["statuses"] (sent / delivered / read / failed) are ignored
                for status in value.get("statuses") or []:
                    if status.get("status") == "failed":
                        log.warning("whatsapp: delivery failed: %s", status.get("errors"))
                contacts = value.get("contacts") or []
                for message in value.get("messages") or []:
                    wamid = str(message.get("id", ""))
                    if not wamid or not self._seen.first_time(wamid):
                        log.info("whatsapp: duplicate delivery %s ignored", wamid)
                        continue
                    contact: dict[str, Any] = next(
                        (c for c in contacts if c.get("wa_id") == message.get("from")), {}
                    )
                    fresh.append((message, contact))
        for message, contact in fresh:
            task = asyncio.create_task(self._handle(message, contact))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(fresh)

    async def _handle(self, message: dict[str, Any], contact: dict[str, Any]) -> None:
        user = str(message.get("from", ""))
        if self._seen.state is not None and not await self._seen.first_time_shared(message["id"]):
            return  # another instance took this delivery
        try:
            async with self._user_locks.hold(user):
                await self._handle_locked(user, message)
        except Exception:
            log.exception("whatsapp: handling message %s failed", message.get("id"))

    async def _handle_locked(self, user: str, message: dict[str, Any]) -> None:
        wamid = str(message["id"])
        kind = message.get("type")
        try:
            await self.graph.mark_read(wamid)
        except Exception as exc:
            log.info("whatsapp: mark as read failed: %s", exc)
        text = ""
        location: Location | None = None
        outcome: MediaOutcome | None = None
        if kind == "text":
            text = str((message.get("text") or {}).get("body", ""))
        elif kind == "interactive":
            inter = message.get("interactive") or {}
            reply = inter.get("button_reply") or inter.get("list_reply") or {}
            text = await self._long_payloads.resolve_shared(str(reply.get("id", "")))
        elif kind == "button":  # quick-reply button of a template message
            button = message.get("button") or {}
            text = str(button.get("payload") or button.get("text") or "")
        elif kind == "location":
            loc = message.get("location") or {}
            location = Location(
                latitude=float(loc["latitude"]),
                longitude=float(loc["longitude"]),
                address=loc.get("address") or loc.get("name"),
            )
        elif kind == "image" or (
            kind == "document"
            and str((message.get("document") or {}).get("mime_type", "")).startswith("image/")
        ):
            media = message.get(kind) or {}
            outcome = await self._media(user, media, voice=False)
        elif kind == "audio":
            outcome = await self._media(user, message.get("audio") or {}, voice=True)
        elif kind in ("reaction", "system"):
            return
        else:
            await self._deliver(user, [system_message(t("channels.unsupported_message"))])
            return

        attachments = []
        metadata: dict[str, Any] = {}
        if outcome is not None:
            if outcome.refusal is not None or outcome.attachment is None:
                await self._deliver(
                    user, [system_message(outcome.refusal or t("channels.media_failed"))]
                )
                return
            attachments = [outcome.attachment]
            text = outcome.text
            if outcome.text:
                metadata["voice"] = True
                await self._deliver(
                    user, [system_message(t("channels.voice_heard", text=outcome.text))]
                )
            caption = (message.get(kind) or {}).get("caption")
            if caption:
                metadata["caption"] = caption
        incoming = IncomingMessage(
            channel=CHANNEL,
            user_id=user,
            message_id=wamid,
            text=text,
            location=location,
            attachments=attachments,
            metadata=metadata,
        )
        replies = await self.conversations.handle(incoming)
        await reply_turn(self.conversations, CHANNEL, user, replies, self._deliver)

    async def _media(self, user: str, media: dict[str, Any], *, voice: bool) -> MediaOutcome:
        source = f"whatsapp:{user}"
        try:
            data = await self.graph.download_media(str(media["id"]))
        except Exception:
            log.exception("whatsapp: media download failed for %s", source)
            return MediaOutcome(refusal=t("channels.media_failed"))
        if voice:
            ext = "ogg" if "ogg" in str(media.get("mime_type", "")) else "audio"
            return await self.intake.voice(data, source=source, filename=f"voice.{ext}")
        return self.intake.image(data, source=source)

    # -- outgoing ------------------------------------------------------------------------

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        """ChannelSender for app.state.outbound. Inside the 24-hour window: normal
        messages; outside it: the approved template, carrying the text."""
        if await self._in_service_window(user_id):
            await self._deliver(user_id, messages)
            return
        text = " / ".join(m.text for m in messages if m.text)
        log.info("whatsapp: %s outside the 24-hour window, sending template", user_id)
        await self.graph.send(user_id, self._template(text))

    async def _in_service_window(self, user_id: str) -> bool:
        conversation_id = f"{CHANNEL}:{user_id}"
        last = await in_session(self.engine, lambda s: last_seen(s, conversation_id))
        return last is not None and datetime.now(UTC) - last < SERVICE_WINDOW

    def _template(self, text: str) -> dict[str, Any]:
        # Template parameters may not contain new lines, tabs or 4+ consecutive spaces.
        param = " ".join(text.split())[:1000]
        return {
            "type": "template",
            "template": {
                "name": self.template_name,
                "language": {"code": self.template_language},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": param}]}],
            },
        }

    async def _deliver(self, to: str, messages: list[OutgoingMessage]) -> None:
        for msg in messages:
            for body in self.render(msg):
                await self.graph.send(to, body)

    def render(self, msg: OutgoingMessage) -> list[dict[str, Any]]:
        """One outgoing message as Cloud API message bodies (without ``to``)."""
        out: list[dict[str, Any]] = []
        if msg.image_url and msg.image_url.startswith(("https://", "http://")):
            out.append({"type": "image", "image": {"link": msg.image_url}})
        text = msg.text.strip()
        if not msg.buttons:
            out.extend(_text(chunk) for chunk in split_text(text, MAX_TEXT))
            return out
        body = text
        if not body or len(body) > MAX_BODY:
            out.extend(_text(chunk) for chunk in split_text(text, MAX_TEXT))
            body = t("channels.choose_option")
        buttons = msg.buttons
        if len(buttons) <= MAX_REPLY_BUTTONS:
            out.append(self._reply_buttons(body, buttons))
            return out
        for start in range(0, len(buttons), MAX_LIST_ROWS):
            part = buttons[start : start + MAX_LIST_ROWS]
            out.append(self._list(body if start == 0 else t("channels.choose_option"), part))
        return out

    def _reply_buttons(self, body: str, buttons: list[Button]) -> dict[str, Any]:
        return {
            "type": "interactive",
            "interactive": {
                "type": "button",
                "body": {"text": body},
                "action": {
                    "buttons": [
                        {
                            "type": "reply",
                            "reply": {
                                "id": self._payload_id(b.payload),
                                "title": _clip(b.title, BUTTON_TITLE_CHARS),
                            },
                        }
                        for b in buttons
                    ]
                },
            },
        }

    def _list(self, body: str, buttons: list[Button]) -> dict[str, Any]:
        rows = []
        for b in buttons:
            row: dict[str, Any] = {
                "id": self._payload_id(b.payload),
                "title": _clip(b.title, ROW_TITLE_CHARS),
            }
            if len(b.title) > ROW_TITLE_CHARS:
                row["description"] = _clip(b.title, 72)
            rows.append(row)
        return {
            "type": "interactive",
            "interactive": {
                "type": "list",
                "body": {"text": body},
                "action": {
                    "button": _clip(t("channels.list_button"), BUTTON_TITLE_CHARS),
                    "sections": [{"rows": rows}],
                },
            },
        }

    def _payload_id(self, payload: str) -> str:
        """Row ids carry at most 200 characters; longer payloads travel as a short key."""
        return self._long_payloads.key_for(payload, len(payload) <= ROW_ID_CHARS)


def _text(body: str) -> dict[str, Any]:
    return {"type": "text", "text": {"preview_url": False, "body": body}}


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


# -- wiring ---------------------------------------------------------------------------------


def configured(settings: Settings) -> bool:
    return bool(settings.whatsapp_token and settings.whatsapp_phone_number_id)


def start(
    settings: Settings, conversations: Conversations, intake: Intake, engine: Engine
) -> WhatsAppChannel | None:
    if not configured(settings):
        return None
    log.info(
        "whatsapp: webhook at /channels/whatsapp/webhook, graph %s", settings.whatsapp_graph_url
    )
    return WhatsAppChannel(settings, conversations, intake, engine)


router = APIRouter(prefix="/channels/whatsapp", tags=["channels"])


def _channel(request: Request) -> WhatsAppChannel:
    channel: WhatsAppChannel | None = getattr(
        getattr(request.app.state, "ctx", None), "whatsapp", None
    )
    if channel is None:
        raise HTTPException(status_code=404)
    return channel


@router.get("/webhook", include_in_schema=False)
async def verify_subscription(
    request: Request,
    mode: str = Query("", alias="hub.mode"),
    token: str = Query("", alias="hub.verify_token"),
    challenge: str = Query("", alias="hub.challenge"),
) -> PlainTextResponse:
    channel = _channel(request)
    if mode == "subscribe" and hmac.compare_digest(token.encode(), channel.verify_token.encode()):
        log.info("whatsapp: webhook subscription verified")
        return PlainTextResponse(challenge)
    log.warning("whatsapp: webhook verification refused (mode=%r)", mode)
    raise HTTPException(status_code=403)


@router.post("/webhook", include_in_schema=False)
async def receive(request: Request) -> Response:
    channel = _channel(request)
    body = await request.body()  # the raw bytes Meta signed
    client = request.client.host if request.client else "?"
    header = request.headers.get(SIGNATURE_HEADER)
    if not header:
        log.warning("whatsapp webhook: unsigned request refused (from %s)", client)
        raise HTTPException(status_code=401)
    if not channel.signature_ok(body, header):
        log.warning("whatsapp webhook: bad signature refused (from %s)", client)
        raise HTTPException(status_code=403)
    try:
        payload = json.loads(body)
    except ValueError:
        log.warning("whatsapp webhook: signed body is not JSON")
        raise HTTPException(status_code=400) from None
    if isinstance(payload, dict) and payload.get("object") == "whatsapp_business_account":
        channel.accept(payload)
    return PlainTextResponse("ok")
