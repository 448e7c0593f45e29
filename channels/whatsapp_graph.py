"""The few WhatsApp Cloud API (Meta Graph API) calls the channel needs, on httpx, with retry
on 429 and 5xx (the channel toolkit's :class:`~channels.toolkit.Backoff`).

pywa 4.5 was evaluated and not used: its Graph host is fixed in code (no base URL option, so it
cannot talk to a local test server without patching a private attribute).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from channels.toolkit import Backoff
from core.errors import Unavailable

log = logging.getLogger(__name__)


class GraphError(Unavailable):
    """The Graph API refused or failed; ``vendor_status`` is its HTTP status."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"Graph API {status}: {body[:500]}")
        self.vendor_status = status


class GraphClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        phone_number_id: str,
        *,
        attempts: int = 5,
        base_delay_s: float = 0.5,
        max_delay_s: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self.backoff = Backoff(attempts, base_delay_s, max_delay_s)
        self.http = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}"}, timeout=httpx.Timeout(30.0)
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            try:
                resp = await self.http.request(method, url, **kwargs)
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
                if self.backoff.gives_up(attempt):
                    raise
                delay = self.backoff.delay(attempt)
                log.warning("graph %s %s: %r, retry %d in %.1f s", method, url, exc, attempt, delay)
                await asyncio.sleep(delay)
                continue
            if resp.status_code < 400:
                return resp
            retryable = resp.status_code == 429 or resp.status_code >= 500
            if not retryable or self.backoff.gives_up(attempt):
                raise GraphError(resp.status_code, resp.text)
            delay = self.backoff.delay(attempt, resp.headers.get("Retry-After"))
            log.warning(
                "graph %s %s: HTTP %d, retry %d in %.1f s",
                method,
                url,
                resp.status_code,
                attempt,
                delay,
            )
            await asyncio.sleep(delay)

    async def send(self, to: str, message: dict[str, Any]) -> str:
        """POST /{phone-number-id}/messages; returns the new message id (wamid)."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        body.update(message)
        resp = await self._request(
            "POST", f"{self.base_url}/{self.phone_number_id}/messages", json=body
        )
        data = resp.json()
        return str(data["messages"][0]["id"])

    async def mark_read(self, wamid: str) -> None:
        """Blue ticks and the typing indicator while the assistant works."""
        await self._request(
            "POST",
            f"{self.base_url}/{self.phone_number_id}/messages",
            json={
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": wamid,
                "typing_indicator": {"type": "text"},
            },
        )

    async def download_media(self, media_id: str) -> bytes:
        """GET /{media-id} -> a short-lived URL; GET that URL with the same bearer token."""
        meta = await self._request(
            "GET",
            f"{self.base_url}/{media_id}",
            params={"phone_number_id": self.phone_number_id},
        )
        url = meta.json()["url"]
        resp = await self._request("GET", url)
        return resp.content
