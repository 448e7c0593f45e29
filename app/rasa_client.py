"""HTTP client for the Rasa server (REST channel and HTTP API)."""

from __future__ import annotations

from typing import Any

import httpx

from app.errors import AssistantUnavailable

# Rasa serves citizens' messages only on the token-guarded channel (bot/channels/halo_rest.py).
WEBHOOK_PATH = "/webhooks/halo/webhook"
TOKEN_HEADER = "X-Halo-Token"


class RasaClient:
    """Every call carries the token: ``?token=`` for Rasa's HTTP API (``--auth-token``),
    ``X-Halo-Token`` for the halo channel."""

    def __init__(self, base_url: str, timeout_s: float = 30.0, token: str = "") -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout_s)
        self._token = token

    @property
    def _auth(self) -> dict[str, str]:
        return {"token": self._token} if self._token else {}

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """One citizen turn through the REST channel; returns Rasa's bot messages."""
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            resp = await self._http.post(
                WEBHOOK_PATH, json=body, headers={TOKEN_HEADER: self._token}
            )
            resp.raise_for_status()
        except httpx.HTTPError as error:
            raise AssistantUnavailable(f"Rasa webhook failed: {error!r}") from error
        data: list[dict[str, Any]] = resp.json()
        return data

    async def add_event(self, sender_id: str, event: dict[str, Any] | list[dict[str, Any]]) -> None:
        """Append an event (e.g. ``{"event": "pause"}``), or a list of events in one
        request, to a conversation's tracker."""
        try:
            resp = await self._http.post(
                f"/conversations/{sender_id}/tracker/events", json=event, params=self._auth
            )
            resp.raise_for_status()
        except httpx.HTTPError as error:
            raise AssistantUnavailable(f"Rasa tracker event failed: {error!r}") from error

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        """The conversation's tracker (slots, events) as Rasa holds it."""
        try:
            resp = await self._http.get(
                f"/conversations/{sender_id}/tracker",
                params={"include_events": "NONE", **self._auth},
            )
            resp.raise_for_status()
        except httpx.HTTPError as error:
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
