"""Send hard messages through the real running system and record what the assistant answered.

Starts Rasa (models/CURRENT) and the app on free ports (app.launcher.LocalSystem, as the e2e
tests do), sends each message in a fresh web-chat session (a follow-up message, when given,
in the same session), and writes docs/hard_messages.md.

Usage:
    python scripts/hard_messages.py
"""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.launcher import LocalSystem

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "hard_messages.md"

# (why it is hard, messages sent one after another in one session)
CASES: list[tuple[str, list[str]]] = [
    ("chat abbreviations (from the issue)", ["gmn cr urus akta lhr anak sy"]),
    ("complaint in slang, no verb (from the issue)", ["lampu jln mati udh seminggu"]),
    ("booking in slang with a time (from the issue)", ["mo pesen lapangan tenis bsk jm 8"]),
    (
        "long polite elderly sentence",
        [
            "selamat pagi nak, maaf mengganggu, bapak ini sudah tua dan tidak paham, kemarin "
            "istri saya meninggal dunia, bagaimana caranya mengurus surat kematiannya"
        ],
    ),
    ("speech-recognition error ('ka te pe')", ["ka te pe saya hilang di pasar"]),
    (
        "emergency hidden in a question about floods",
        ["banjir besar air sudah sampai atap, gimana ini"],
    ),
    ("emergency, misspelled", ["tlg kbakaran rmh sebelah"]),
    ("vague one-word question -> clarification", ["pajak"]),
    ("nonsense twice -> officer offered", ["zzqx vrrk plomb", "qqwj zzkk brrt"]),
    ("question outside city services", ["siapa juara liga champions tahun lalu"]),
    (
        "FAQ vs complaint: asking how to report extortion",
        ["petugas minta uang buat bikin kk, boleh?"],
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def render(reply: dict) -> str:
    text = reply["text"].replace("\n", " / ")
    if len(text) > 260:
        text = text[:257] + "..."
    buttons = [f"[{b['title']}]({b['payload']})" for b in reply.get("buttons") or []]
    return text + (" buttons: " + ", ".join(buttons) if buttons else "")


def main() -> int:
    runtime = Path(tempfile.mkdtemp(prefix="halo-hard-"))
    system = LocalSystem(
        app_port=free_port(), rasa_port=free_port(), runtime_dir=runtime, log_dir=runtime / "logs"
    )
    system.start()
    rows: list[str] = []
    try:
        system.wait_ready()
        for why, messages in CASES:
            with httpx.Client(base_url=system.app_url, timeout=60) as http:
                session = None
                # first contact shows the privacy notice; get it out of the way
                session = http.post("/api/chat", json={"text": "halo"}).json()["session_id"]
                for message in messages:
                    data = http.post(
                        "/api/chat", json={"session_id": session, "text": message}
                    ).json()
                    answer = "<br>".join(render(m) for m in data["messages"]) or "(no reply)"
                    rows.append(f"| {why} | {message} | {answer.replace('|', '/')} |")
                    print(f"> {message}\n  {answer}\n")
    finally:
        system.stop()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        "# Hard messages and what the assistant answered\n\n"
        "Real replies from the running system (Rasa with the trained model + app + actions), "
        "produced by `python scripts/hard_messages.py`. Each case starts a new web-chat "
        "session (after a first 'halo').\n\n"
        "| why it is hard | message | assistant's reply |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
