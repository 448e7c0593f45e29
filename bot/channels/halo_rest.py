"""Rasa's REST channel behind a token: only the app may post citizens' messages.

Rasa's ``--auth-token`` protects its HTTP API but not channel webhooks, so the plain
``rest`` channel would let anything that reaches Rasa's port speak as any conversation.
This channel is ``rest`` with one check: the ``X-Halo-Token`` header must equal
``HALO_RASA_TOKEN`` (the token the launcher gives both Rasa and the app).

A second change: Rasa's collector sends a response's ``custom`` payload (the structured
prompt of a form question, a receipt) as a message of its own after the text; here it rides
on that text's message, so every channel gets one message with its text, buttons and
``custom`` (Telegram and WhatsApp ignore ``custom``; the kiosk reads it).

A third: a turn that fails inside Rasa (its tracker store or lock store unreachable) is
answered 503, not Rasa's REST answer of 200 with no messages, so the app keeps the message
and replays it when Rasa can take it (app/services/replay.py) instead of losing it silently.

Loading this channel also installs bot/speedups.py (Rasa's action-answer check with a
validator built once) and bot/resilience.py (a tracker store failure fails the turn instead
of forgetting the conversation): every way Rasa is started here names this channel.
"""

from __future__ import annotations

import contextvars
import hmac
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import resilience, speedups

speedups.install()
resilience.install()

TOKEN_HEADER = "X-Halo-Token"
_turn_failed: contextvars.ContextVar[bool] = contextvars.ContextVar("turn_failed", default=False)


class HaloRestInput(RestInput):
    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("HALO_RASA_TOKEN must be set for the halo channel")
        self._token = token

    @classmethod
    def name(cls) -> str:
        return "halo"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(os.environ.get("HALO_RASA_TOKEN", ""))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def handled(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except BaseException:  # RestInput logs it and answers 200 with no messages
                _turn_failed.set(True)
                raise

        bp = super().blueprint(handled)

        @bp.middleware("request")
        async def require_token(request: Request) -> HTTPResponse | None:
            _turn_failed.set(False)
            given = request.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(given.encode(), self._token.encode()):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        @bp.middleware("response")
        async def custom_with_its_text(request: Request, resp: HTTPResponse) -> HTTPResponse | None:
            if not request.path.endswith("/webhook") or resp.status != 200:
                return None
            if _turn_failed.get():
                return response.json({"error": "turn failed"}, status=503)
            if not resp.body:
                return None
            try:
                items = json.loads(resp.body)
            except ValueError:
                return None
            if not isinstance(items, list):
                return None
            return response.json(merge_custom(items))

        return bp


def merge_custom(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A message carrying only ``custom`` joins the message before it (its text, sent by the
    same response) unless that one already has a ``custom`` of its own."""
    out: list[dict[str, Any]] = []
    for item in items:
        only_custom = isinstance(item, dict) and set(item) <= {"recipient_id", "custom"}
        if only_custom and "custom" in item and out and "custom" not in out[-1]:
            out[-1] = {**out[-1], "custom": item["custom"]}
        else:
            out.append(item)
    return out
