"""Measure the handoff path on the real system (Rasa server + app, SQLite, temp runtime).

For N citizens on the web channel: citizen asks for a person -> queue notice (one chat
turn through Rasa and the action); the queue entry visible to the console; citizen message ->
console WebSocket event; agent message over the WebSocket -> the citizen's poll; hand back.
Prints median / p95 / max per step in milliseconds.

Usage: .venv/bin/python scripts/bench_handoff.py [N]   (default 10)
"""

from __future__ import annotations

import json
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from sqlmodel import Session
from websockets.sync.client import connect

from app.config import Settings
from app.db import make_engine
from app.launcher import LocalSystem
from app.models import StaffRole
from app.services.staff import create_staff


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def next_event(ws: object, kind: str, sender: str | None = None) -> dict[str, object]:
    while True:
        event = json.loads(ws.recv(timeout=30))  # type: ignore[attr-defined]
        if event["type"] == kind and (sender is None or event["message"]["sender"] == sender):
            return dict(event)


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):7.1f}  p95 {p95:7.1f}  max {ordered[-1]:7.1f}"
        f"  (n={len(ordered)})"
    )


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    runtime = Path(tempfile.mkdtemp(prefix="halo_bench_"))
    system = LocalSystem(app_port=free_port(), rasa_port=free_port(), runtime_dir=runtime)
    system.log_dir = runtime / "logs"
    system.start()
    try:
        system.wait_ready()
        engine = make_engine(Settings(runtime_dir=runtime))
        with Session(engine) as s:
            create_staff(s, username="bench", password="bench-password", role=StaffRole.AGENT)
        engine.dispose()
        agent = httpx.Client(base_url=system.app_url, headers={"origin": system.app_url})
        login = agent.post(
            "/api/console/login", json={"username": "bench", "password": "bench-password"}
        ).json()
        csrf = login["csrf_token"]
        agent.headers["x-csrf-token"] = csrf
        ws_url = system.app_url.replace("http://", "ws://") + "/api/console/ws"
        headers = {
            "Cookie": f"halo_console={agent.cookies.get('halo_console')}",
            "Origin": system.app_url,
        }
        steps: dict[str, list[float]] = {}

        def record(name: str, t0: float) -> None:
            steps.setdefault(name, []).append((time.perf_counter() - t0) * 1000)

        with connect(ws_url, additional_headers=headers) as ws:
            next_event(ws, "hello")
            for i in range(n):
                citizen = httpx.Client(base_url=system.app_url, timeout=60)
                sid = f"bench{i}"
                citizen.post("/api/chat", json={"session_id": sid, "text": "halo"})
                t0 = time.perf_counter()
                citizen.post(
                    "/api/chat", json={"session_id": sid, "text": "saya mau bicara dengan petugas"}
                )
                record("request -> queue notice (chat turn)", t0)
                queue = agent.get("/api/console/queue").json()["requests"]
                record("request -> visible in console queue", t0)
                rid = next(r["id"] for r in queue if r["conversation_id"] == f"web:{sid}")
                t0 = time.perf_counter()
                agent.post(f"/api/console/requests/{rid}/claim").raise_for_status()
                record("claim", t0)

                t0 = time.perf_counter()
                citizen.post("/api/chat", json={"session_id": sid, "text": f"pesan warga {i}"})
                next_event(ws, "message", "citizen")
                record("citizen message -> console WebSocket", t0)

                text = f"balasan petugas {i}"
                after = citizen.get(f"/api/chat/{sid}/updates").json()["last_id"]
                t0 = time.perf_counter()
                ws.send(json.dumps({"type": "send", "request_id": rid, "text": text, "csrf": csrf}))
                next_event(ws, "sent")
                record("agent message -> sent ack", t0)
                while True:
                    body = citizen.get(f"/api/chat/{sid}/updates?after={after}").json()
                    if any(m["text"] == text for m in body["messages"]):
                        break
                record("agent message -> citizen's channel (poll)", t0)

                t0 = time.perf_counter()
                agent.post(f"/api/console/requests/{rid}/handback").raise_for_status()
                record("hand back (Rasa resumed)", t0)
                t0 = time.perf_counter()
                citizen.post("/api/chat", json={"session_id": sid, "text": "halo"})
                record("first assistant turn after hand back", t0)
                citizen.close()
        print(f"handoff path, {n} citizens, milliseconds:")
        for name, values in steps.items():
            print(f"  {name:44s} {summary(values)}")
    finally:
        system.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
