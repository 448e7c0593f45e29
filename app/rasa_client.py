"""HTTP client for the Rasa server (REST channel and HTTP API)."""

from __future__ import annotations

from typing import Any

import httpx

from app.errors import AssistantUnavailable
from app.observability.context import (
    REQUEST_ID_HEADER,
    count_error,
    current_request_id,
    stage,
)

# Rasa serves citizens' messages only on the token-guarded channel (bot/channels/halo_rest.py).
WEBHOOK_PATH = "/webhooks/halo/webhook"
TOKEN_HEADER = "X-Halo-Token"


class RasaClient:
    """Every call carries the token: ``?token=`` for Rasa's HTTP API (``--auth-token``),
    ``X-Halo-Token`` for the halo channel; and the current request id (``X-Request-ID``;
    for a turn also ``metadata.request_id``, which Rasa keeps in the tracker's
    ``latest_message`` and so hands to the action endpoint). Turns are timed as the stage
    ``rasa``, tracker reads and events as ``rasa_api`` (app/observability)."""

    def __init__(self, base_url: str, timeout_s: float = 30.0, token: str = "") -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout_s)
        self._token = token

    @property
    def _auth(self) -> dict[str, str]:
        return {"token": self._token} if self._token else {}

    @staticmethod
    def _traced(headers: dict[str, str] | None = None) -> dict[str, str]:
        request_id = current_request_id()
        out = dict(headers or {})
        if request_id:
            out[REQUEST_ID_HEADER] = request_id
        return out

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """One citizen turn through the REST channel; returns Rasa's bot messages."""
        metadata = dict(metadata or {})
        request_id = current_request_id()
        if request_id:
            metadata.setdefault("request_id", request_id)
        body = {"sender": sender_id, "message": text, "metadata": metadata}
        try:
            with stage("rasa"):
                resp = await self._http.post(
                    WEBHOOK_PATH, json=body, headers=self._traced({TOKEN_HEADER: self._token})
                )
                resp.raise_for_status()
        except httpx.HTTPError as error:
            count_error(AssistantUnavailable.__name__)
            raise AssistantUnavailable(f"Rasa webhook failed: {error!r}") from error
        data: list[dict[str, Any]] = resp.json()
        return data

    async def add_event(self, sender_id: str, event: dict[str, Any] | list[dict[str, Any]]) -> None:
        """Append an event (e.g. ``{"event": "pause"}``), or a list of events in one
        request, to a conversation's tracker."""
        try:
            with stage("rasa_api"):
                resp = await self._http.post(
                    f"/conversations/{sender_id}/tracker/events",
                    json=event,
                    params=self._auth,
                    headers=self._traced(),
                )
                resp.raise_for_status()
        except httpx.HTTPError as error:
            count_error(AssistantUnavailable.__name__)
            raise AssistantUnavailable(f"Rasa tracker event failed: {error!r}") from error

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        """The conversation's tracker (slots, events) as Rasa holds it."""
        try:
            with stage("rasa_api"):
                resp = await self._http.get(
                    f"/conversations/{sender_id}/tracker",
                    params={"include_events": "NONE", **self._auth},
                    headers=self._traced(),
                )
                resp.raise_for_status()
        except httpx.HTTPError as error:
            count_error(AssistantUnavailable.__name__)
            raise AssistantUnavailable(f"Rasa tracker read failed: {error!r}") from error
        data: dict[str, Any] = resp.json()
        return data

    async def status(self) -> dict[str, Any]:
        resp = await self._http.get("/status", timeout=5.0, params=self._auth)
        resp.raise_for_status()
        data: dict[str, Any] = resp.json()
        return data

    async def version(self) -> dict[str, Any]:
        resp = await self._http.get("/version", timeout=5.0)
        resp.raise_for_status()
        data: dict[str, Any] = resp.json()
        return data
