"""The real system: Rasa server (trained model) + app server, started once per session."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.launcher import LocalSystem


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    runtime = tmp_path_factory.mktemp("runtime")
    sys_ = LocalSystem(
        app_port=free_port(),
        rasa_port=free_port(),
        runtime_dir=runtime,
        log_dir=runtime / "logs",
        # officers on duty whatever the wall clock says (after-hours: tests/app/test_handoff.py)
        env={"HALO_HANDOFF_ALWAYS_OPEN": "true"},
    )
    sys_.start()
    try:
        sys_.wait_ready()
    except Exception:
        sys_.stop()
        for log in sorted((runtime / "logs").glob("*.log")):
            print(f"==== {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    yield sys_
    sys_.stop()


class ChatClient:
    """A citizen on the web channel, talking through the app's chat API."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60.0)
        self.session_id: str | None = None

    def say(self, text: str, message_id: str | None = None) -> list[dict]:
        resp = self.http.post(
            "/api/chat",
            json={"session_id": self.session_id, "text": text, "message_id": message_id},
        )
        resp.raise_for_status()
        data = resp.json()
        self.session_id = data["session_id"]
        return data["messages"]


@pytest.fixture
def citizen(system: LocalSystem) -> Iterator[ChatClient]:
    client = ChatClient(system.app_url)
    yield client
    client.http.close()


def texts(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


__all__ = ["ChatClient", "Path", "payloads", "texts"]
