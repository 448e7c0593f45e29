"""A fake Meta Graph API (WhatsApp Cloud API) server (real HTTP, on a free port), and
helpers that play Meta delivering signed webhooks to the app.

Shapes follow Meta's WhatsApp Cloud API reference: the webhook envelope
(``object: whatsapp_business_account``, ``entry[].changes[].value`` with ``metadata``,
``contacts``, ``messages`` or ``statuses``), message types text / interactive
(button_reply, list_reply) / location / image / audio, ``POST /{phone-number-id}/messages``
answers ``{"messaging_product", "contacts": [{"input", "wa_id"}], "messages": [{"id"}]}``,
``GET /{media-id}`` answers ``{"messaging_product", "url", "mime_type", "sha256",
"file_size", "id"}``, and errors are ``{"error": {"message", "type", "code", "fbtrace_id"}}``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import time
from typing import Any

import httpx

from tests.fakes.http import FakeServer, Reply, Req

TOKEN = "EAAG-fake-graph-token"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "15550783881"
WABA_ID = "102290129340398"
APP_SECRET = "fake-app-secret-0123456789abcdef"
VERIFY_TOKEN = "halo-verify-token"
VERSION = "v23.0"


class FakeGraph(FakeServer):
    def __init__(self, token: str = TOKEN, phone_number_id: str = PHONE_NUMBER_ID) -> None:
        super().__init__()
        self.token = token
        self.phone_number_id = phone_number_id
        self.sent: list[dict[str, Any]] = []  # message bodies POSTed to /messages
        self.read_receipts: list[dict[str, Any]] = []
        self.media: dict[str, tuple[str, bytes]] = {}  # media id -> (mime, bytes)
        self.failures: list[int] = []  # statuses for the next POST /messages
        self.down_until = (0.0, 0)  # (monotonic end, status): every message refused until then
        self._ids = itertools.count(1)

    @property
    def base_url(self) -> str:
        return f"{self.url}/{VERSION}"

    # -- media the citizen sent ----------------------------------------------------------

    def add_media(self, data: bytes, mime: str) -> str:
        media_id = str(1_000_000_000_000_000 + next(self._ids))
        self.media[media_id] = (mime, data)
        return media_id

    # -- what the app did ----------------------------------------------------------------

    def sent_to(self, wa_id: str) -> list[dict[str, Any]]:
        with self.cond:
            return [m for m in self.sent if m.get("to") == wa_id]

    def wait_sent(self, wa_id: str, count: int, timeout: float = 60.0) -> list[dict[str, Any]]:
        return self.wait_until(
            lambda: len(self.sent_to(wa_id)) >= count and self.sent_to(wa_id), timeout
        )

    def wait_quiet(self, wa_id: str, seconds: float = 1.5) -> list[dict[str, Any]]:
        last = -1
        while True:
            now = len(self.sent_to(wa_id))
            if now == last:
                return self.sent_to(wa_id)
            last = now
            time.sleep(seconds)

    def fail(self, status: int, times: int = 1) -> None:
        with self.cond:
            self.failures.extend([status] * times)

    def fail_for(self, seconds: float, status: int = 503) -> None:
        """An outage: every message POST (not read receipts) answers ``status`` meanwhile."""
        with self.cond:
            self.down_until = (time.monotonic() + seconds, status)

    # -- the Graph API -------------------------------------------------------------------

    def route(self, req: Req) -> Reply:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        parts = req.path.strip("/").split("/")
        if req.method == "GET" and parts[:2] == ["whatsapp_business", "attachments"]:
            found = self.media.get(req.query.get("mid", ""))
            if found is None:
                return _error(404, 100, "Media not found")
            return Reply(200, found[1], {"Content-Type": found[0]})
        if not parts or parts[0] != VERSION:
            return _error(400, 2500, "Unknown path components")
        if req.method == "POST" and parts[1:] == [self.phone_number_id, "messages"]:
            return self._messages(req.json())
        if req.method == "GET" and len(parts) == 2 and parts[1] in self.media:
            mime, data = self.media[parts[1]]
            return Reply.json(
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.url}/whatsapp_business/attachments/?mid={parts[1]}&ext=1",
                    "mime_type": mime,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "file_size": len(data),
                    "id": parts[1],
                }
            )
        return _error(400, 100, "Unsupported get request.")

    def _messages(self, body: dict[str, Any]) -> Reply:
        if body.get("messaging_product") != "whatsapp":
            return _error(400, 100, "(#100) The parameter messaging_product is required.")
        if body.get("status") == "read":
            with self.cond:
                self.read_receipts.append(body)
            return Reply.json({"success": True})
        with self.cond:
            if time.monotonic() < self.down_until[0]:
                self.failures.insert(0, self.down_until[1])
            if self.failures:
                status = self.failures.pop(0)
                if status == 429:
                    return _error(429, 130429, "(#130429) Rate limit hit")
                return _error(status, 131000, "Something went wrong")
        error = _validate(body)
        if error:
            return _error(400, 100, f"(#100) Invalid parameter: {error}")
        wamid = "wamid." + base64.b64encode(f"out-{next(self._ids)}".encode()).decode()
        with self.cond:
            self.sent.append(body)
        result: dict[str, Any] = {"id": wamid}
        if body.get("type") == "template":
            result["message_status"] = "accepted"
        return Reply.json(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [result],
            }
        )


def _validate(body: dict[str, Any]) -> str | None:
    """The Cloud API's own limits on what the app sends."""
    kind = body.get("type")
    if kind == "text" and not 0 < len(body["text"]["body"]) <= 4096:
        return "text.body"
    if kind == "interactive":
        inter = body["interactive"]
        if len(inter["body"]["text"]) > 1024:
            return "interactive.body.text"
        if inter["type"] == "button":
            buttons = inter["action"]["buttons"]
            if not 1 <= len(buttons) <= 3:
                return "interactive.action.buttons"
            if any(len(b["reply"]["title"]) > 20 or len(b["reply"]["id"]) > 256 for b in buttons):
                return "button title/id"
        elif inter["type"] == "list":
            rows = [r for s in inter["action"]["sections"] for r in s["rows"]]
            if not 1 <= len(rows) <= 10 or len(inter["action"]["button"]) > 20:
                return "interactive.action.sections"
            if any(len(r["title"]) > 24 or len(r["id"]) > 200 for r in rows):
                return "row title/id"
    return None


def _error(status: int, code: int, message: str) -> Reply:
    return Reply.json(
        {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "fbtrace_id": "AbCdEfGhIjK",
            }
        },
        status=status,
    )


# -- Meta delivering webhooks -------------------------------------------------------------

_wamids = itertools.count(1)


def new_wamid() -> str:
    raw = f"in-{next(_wamids)}-{time.time_ns()}".encode()
    return "wamid." + base64.b64encode(raw).decode()


def envelope(value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": WABA_ID,
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": DISPLAY_NUMBER,
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            **value,
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def message(wa_id: str, kind: str, content: dict[str, Any], name: str = "Budi") -> dict[str, Any]:
    """A citizen's message webhook; ``content`` is the type-specific object."""
    msg = {
        "from": wa_id,
        "id": new_wamid(),
        "timestamp": str(int(time.time())),
        "type": kind,
        kind: content,
    }
    return envelope({"contacts": [{"profile": {"name": name}, "wa_id": wa_id}], "messages": [msg]})


def text(wa_id: str, body: str) -> dict[str, Any]:
    return message(wa_id, "text", {"body": body})


def button_reply(wa_id: str, payload: str, title: str) -> dict[str, Any]:
    content = {"type": "button_reply", "button_reply": {"id": payload, "title": title}}
    return message(wa_id, "interactive", content)


def list_reply(wa_id: str, payload: str, title: str) -> dict[str, Any]:
    content = {"type": "list_reply", "list_reply": {"id": payload, "title": title}}
    return message(wa_id, "interactive", content)


def location(wa_id: str, latitude: float, longitude: float, **extra: str) -> dict[str, Any]:
    return message(wa_id, "location", {"latitude": latitude, "longitude": longitude, **extra})


def image(wa_id: str, media_id: str, data: bytes, caption: str | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {
        "mime_type": "image/jpeg",
        "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode(),
        "id": media_id,
    }
    if caption:
        content["caption"] = caption
    return message(wa_id, "image", content)


def audio(wa_id: str, media_id: str, data: bytes) -> dict[str, Any]:
    content = {
        "mime_type": "audio/ogg; codecs=opus",
        "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode(),
        "id": media_id,
        "voice": True,
    }
    return message(wa_id, "audio", content)


def status(wa_id: str, wamid: str, state: str = "delivered") -> dict[str, Any]:
    return envelope(
        {
            "statuses": [
                {
                    "id": wamid,
                    "status": state,
                    "timestamp": str(int(time.time())),
                    "recipient_id": wa_id,
                    "conversation": {
                        "id": "b1d8c7a6e5f4",
                        "origin": {"type": "service"},
                    },
                    "pricing": {"billable": True, "pricing_model": "PMP", "category": "service"},
                }
            ]
        }
    )


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed(
    payload: dict[str, Any], *, secret: str | None = APP_SECRET, signature: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a webhook as Meta sends it: compact JSON, signed."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    elif secret is not None:
        headers["X-Hub-Signature-256"] = sign(body, secret)
    return body, headers


def deliver(
    client: httpx.Client,
    webhook_url: str,
    payload: dict[str, Any],
    *,
    secret: str | None = APP_SECRET,
    signature: str | None = None,
) -> httpx.Response:
    """POST a webhook to the app like Meta does."""
    body, headers = signed(payload, secret=secret, signature=signature)
    return client.post(webhook_url, content=body, headers=headers)


def wamid_of(payload: dict[str, Any]) -> str:
    return str(payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"])
