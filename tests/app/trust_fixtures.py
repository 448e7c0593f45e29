"""The real app (TestClient) with Rasa replaced by a recording HTTP mock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


@dataclass
class RecordingRasa:
    """Answers the halo channel with one button; records what reached it and how."""

    requests: list[httpx.Request] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/webhooks/halo/webhook":
            body = json.loads(request.content)
            self.messages.append(body["message"])
            return httpx.Response(200, json=[{"text": "baik", "buttons": self.buttons}])
        if request.url.path.endswith("/tracker"):
            return httpx.Response(200, json={"slots": {}})
        return httpx.Response(200, json={})


def start_app(runtime: Path, **overrides: Any) -> tuple[TestClient, RecordingRasa]:
    settings = Settings(
        environment="test",
        runtime_dir=runtime,
        rasa_url="http://rasa.test",
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
        **overrides,
    )
    client = TestClient(create_app(settings))
    client.__enter__()
    rasa = RecordingRasa()
    client.app.state.ctx.rasa._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(rasa)
    )
    return client, rasa


def running(runtime: Path, **overrides: Any) -> Iterator[tuple[TestClient, RecordingRasa]]:
    """For a fixture: the started app, closed afterwards."""
    client, rasa = start_app(runtime, **overrides)
    yield client, rasa
    client.__exit__(None, None, None)


def chat(client: TestClient, text: str, session_id: str | None = None) -> httpx.Response:
    return client.post("/api/chat", json={"session_id": session_id, "text": text})
