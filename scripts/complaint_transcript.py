"""Run one complaint conversation against the real system and print the transcript with
the time each turn took (web channel; Rasa + app started on free ports, temp runtime).

Usage: .venv/bin/python scripts/complaint_transcript.py
"""

from __future__ import annotations

import re
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import Settings
from app.db import make_engine
from app.launcher import LocalSystem
from app.models import StaffRole
from app.services.staff import create_staff


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def show(who: str, text: str, buttons: list[dict] | None = None) -> None:
    print(f"{who}: {text}")
    if buttons:
        print("      [" + "] [".join(b["title"] for b in buttons) + "]")


def main() -> None:
    runtime = Path(tempfile.mkdtemp(prefix="halo-complaint-"))
    system = LocalSystem(app_port=free_port(), rasa_port=free_port(), runtime_dir=runtime,
                         log_dir=runtime / "logs")  # fmt: skip
    system.start()
    try:
        system.wait_ready()
        http = httpx.Client(base_url=system.app_url, timeout=60)
        session_id: str | None = None
        times: list[float] = []

        def say(text: str) -> list[dict]:
            nonlocal session_id
            show("Warga", text)
            start = time.perf_counter()
            r = http.post("/api/chat", json={"session_id": session_id, "text": text})
            times.append(time.perf_counter() - start)
            data = r.json()
            session_id = data["session_id"]
            for m in data["messages"]:
                show("Bot  ", m["text"], m["buttons"])
            print(f"      ({times[-1] * 1000:.0f} ms)")
            return data["messages"]

        print("== complaint filed in chat ==")
        for text in [
            "halo",
            "lampu jalan mati di jl melati rt 03 kelurahan sukamaju",
            "lewati",
            "biasa",
            "ya",
            "0812 3456 7890",
            "lewati",
            "kirim",
        ]:
            out = say(text)
        found = re.search(r"LPR-\d{4}-\d{6}", out[0]["text"])
        assert found, out
        code = found.group(0)
        filing_turns = len(times) - 1  # without the greeting
        say(f"cek {code}")

        print("\n== staff change the status; the reporter's chat polls for updates ==")
        engine = make_engine(Settings(runtime_dir=runtime))
        with Session(engine) as s:
            create_staff(s, username="petugas", password="rahasia-123",
                         role=StaffRole.SUPERVISOR)  # fmt: skip
        engine.dispose()
        login = {"username": "petugas", "password": "rahasia-123"}
        token = http.post("/api/staff/login", json=login).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        r = http.post(f"/api/staff/complaints/{code}/status", headers=headers,
                      json={"status": "diverifikasi", "note": "Lokasi sudah dicek"})  # fmt: skip
        print(f"POST /api/staff/complaints/{code}/status diverifikasi -> {r.status_code}")
        upd = http.get(f"/api/chat/{session_id}/updates").json()
        for m in upd["messages"]:
            show("Push ", m["text"], m["buttons"])

        print(f"\nturns to file (after greeting): {filing_turns}")
        print(
            "time per turn: median {:.0f} ms, max {:.0f} ms, all: {}".format(
                statistics.median(times) * 1000,
                max(times) * 1000,
                ", ".join(f"{t * 1000:.0f}" for t in times),
            )
        )
    finally:
        system.stop()


if __name__ == "__main__":
    main()
