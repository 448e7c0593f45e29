"""Rasa's REST channel behind a token: only the app may post citizens' messages.

Rasa's ``--auth-token`` protects its HTTP API but not channel webhooks, so the plain
``rest`` channel would let anything that reaches Rasa's port speak as any conversation.
This channel is ``rest`` with one check: the ``X-Halo-Token`` header must equal
``HALO_RASA_TOKEN`` (the token the launcher gives both Rasa and the app).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

TOKEN_HEADER = "X-Halo-Token"


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
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def require_token(request: Request) -> HTTPResponse | None:
            given = request.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(given.encode(), self._token.encode()):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        return bp
