"""Run one Telegram and one WhatsApp conversation against the real system and print the
transcripts with the time each turn took. Rasa + the actions app are started on free ports
(temp runtime, as in tests/e2e/conftest.py); the channel adapters run in an app in this
process, pointed at the fake Telegram Bot API and the fake Graph API (tests/fakes), as in
tests/e2e/test_channels.py.

Usage: PYTHONPATH=. .venv/bin/python scripts/channel_transcripts.py
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import ROOT_DIR
from app.launcher import LocalSystem, current_model
from app.main import create_app
from tests.e2e.conftest import free_port
from tests.e2e.test_channels import Channels, InProcessApp, WhatsAppCitizen, channel_settings
from tests.fakes import graph_api as meta
from tests.fakes import media
from tests.fakes.graph_api import FakeGraph
from tests.fakes.telegram_api import TOKEN, FakeTelegram, buttons_of

QUIET_S = 1.5  # a turn is over once the bot sent nothing new for this long
Sent = Callable[[], list[dict[str, Any]]]


def exchange(sent: Sent, action: Callable[[], Any], min_new: int = 1) -> tuple[list, float]:
    """Do ``action``; wait for at least ``min_new`` new bot messages and then quiet.
    Returns the new messages and the seconds until the last of them arrived."""
    before = len(sent())
    start = time.perf_counter()
    action()
    count, last = before, start
    while True:
        now, n = time.perf_counter(), len(sent())
        if n != count:
            count, last = n, now
        if (n >= before + min_new and now - last >= QUIET_S) or now - start > 90:
            return sent()[before:], last - start
        time.sleep(0.02)


def show(kind: str, body: str, titles: list[str]) -> None:
    print(f"  Bot  : {kind}{body}".replace("\n", "\n" + " " * 9))
    if titles:
        print("         [" + "] [".join(titles) + "]")


def show_tg(msg: dict[str, Any]) -> None:
    kind = "" if msg["method"] == "sendMessage" else f"({msg['method']}) "
    body = msg.get("text") or msg.get("caption") or ""
    show(kind, body, [title for title, _ in buttons_of(msg)])


def wa_buttons(msg: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, id, title) of the reply buttons or list rows of a sent WhatsApp message."""
    if msg["type"] != "interactive":
        return []
    inter = msg["interactive"]
    if inter["type"] == "button":
        return [("button_reply", b["reply"]["id"], b["reply"]["title"])
                for b in inter["action"]["buttons"]]  # fmt: skip
    return [("list_reply", r["id"], r["title"])
            for s in inter["action"]["sections"] for r in s["rows"]]  # fmt: skip


def show_wa(msg: dict[str, Any]) -> None:
    kind = msg["type"]
    if kind == "text":
        body = msg["text"]["body"]
    elif kind == "interactive":
        body, kind = msg["interactive"]["body"]["text"], f"interactive/{msg['interactive']['type']}"
    else:
        body = str(msg.get(kind))
    show(f"({kind}) ", body, [title for _, _, title in wa_buttons(msg)])


def timing(label: str, times: list[float]) -> None:
    print(f"\n{label}: {len(times)} turns, median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms; all (ms): "
          + ", ".join(f"{t * 1000:.0f}" for t in times))  # fmt: skip


def telegram_transcript(ch: Channels) -> None:
    tg, chat = ch.telegram, 7101
    times: list[float] = []
    print("\n== Telegram (polling getUpdates from the fake Bot API), chat_id 7101 ==")

    def turn(label: str, action: Callable[[], Any], min_new: int = 1) -> list[dict]:
        print(f"Warga  : {label}")
        out, took = exchange(lambda: tg.sent_to(chat), action, min_new)
        times.append(took)
        for m in out:
            show_tg(m)
        print(f"         ({took * 1000:.0f} ms, {len(out)} message(s))")
        return out

    turn('message text "/start" (bot_command)', lambda: tg.send_text(chat, "/start"), 2)
    turn('message text "halo"', lambda: tg.send_text(chat, "halo"))
    menu = next(m for m in reversed(tg.sent_to(chat)) if buttons_of(m))
    title, data = buttons_of(menu)[0]
    acks = len([a for a in tg.actions if a["method"] == "answerCallbackQuery"])
    turn(f'callback_query (tap "{title}", data {data})', lambda: tg.press(chat, data, menu))
    answered = len([a for a in tg.actions if a["method"] == "answerCallbackQuery"]) - acks
    print(f"         (answerCallbackQuery calls for the tap: {answered})")
    turn('message text "syarat bikin ktp baru apa aja"',
         lambda: tg.send_text(chat, "syarat bikin ktp baru apa aja"))  # fmt: skip
    turn("message location (-6.2001, 106.8167)",
         lambda: tg.send_location(chat, -6.2001, 106.8167))  # fmt: skip
    voice = media.ogg_voice()
    turn(f'message voice (ogg/opus {len(voice)} bytes, espeak-ng: "lampu jalan mati di '
         'jalan melati")', lambda: tg.send_voice(chat, voice))  # fmt: skip
    turn('message text "terima kasih"', lambda: tg.send_text(chat, "terima kasih"))
    typing = len([a for a in tg.actions if a["method"] == "sendChatAction"])
    print(f"\n(sendChatAction 'typing' calls in all: {typing})")
    slots = ch.tracker(f"telegram:{chat}")["slots"]
    filled = {k: v for k, v in slots.items() if v is not None and k.startswith("complaint")}
    print(f"complaint slots in the Rasa tracker now: {filled}")
    timing("Telegram time per turn", times)


def whatsapp_transcript(ch: Channels) -> None:
    wa_id = "6281200000101"
    citizen = WhatsAppCitizen(ch, wa_id)
    times: list[float] = []
    last: list[dict[str, Any]] = []
    print(f"\n== WhatsApp (signed webhooks to /channels/whatsapp/webhook), wa_id {wa_id} ==")

    def send(label: str, payload: dict, min_new: int = 1, **kw: Any) -> list[dict]:
        nonlocal last
        print(f"Warga  : {label}")
        status: list[int] = []
        out, took = exchange(lambda: ch.graph.sent_to(wa_id),
                             lambda: status.append(citizen.deliver(payload, **kw).status_code),
                             min_new)  # fmt: skip
        if min_new:
            times.append(took)
        for m in out:
            show_wa(m)
        took_s = f"{took * 1000:.0f} ms" if out else f"nothing sent within {QUIET_S} s"
        print(f"         (webhook HTTP {status[0]}, {took_s}, {len(out)} message(s))")
        last = out or last
        return out

    def tap(payload: str) -> list[dict]:
        for kind, id_, title in [b for m in reversed(last) for b in wa_buttons(m)]:
            if id_ == payload:
                build = meta.button_reply if kind == "button_reply" else meta.list_reply
                return send(f'interactive {kind} "{title}" (id {id_})', build(wa_id, id_, title))
        print(f"  !! the last bot messages offer no button {payload!r}; sending it as text")
        return send(f'text "{payload}"', meta.text(wa_id, payload))

    def say(text: str, min_new: int = 1) -> list[dict]:
        return send(f'text "{text}"', meta.text(wa_id, text), min_new)

    ticket = ""
    say("halo", 2)
    tap("/file_complaint")
    say("jalan berlubang di jl mawar rt 02 kelurahan sukamaju")
    for step in ["lewati", "biasa", "ya", "0812 3456 7890", "lewati", "kirim"]:
        if step[0].isdigit():
            say(step)
        else:
            tap(step)
        found = re.search(r"LPR-\d{4}-\d{6}", " ".join(str(m) for m in last))
        if found:
            ticket = found.group(0)
            print(f"\n-> ticket filed: {ticket} after {len(times)} turns")
            break
    else:
        print("\n!! no LPR-... ticket after the form steps")
    timing("WhatsApp time per turn", times)

    print("\n-- a forged webhook: X-Hub-Signature-256 made with the wrong secret --")
    send('text "halo, ini pesan palsu" (bad signature)',
         meta.text(wa_id, "halo, ini pesan palsu"), 0, secret="wrong")  # fmt: skip

    print("\n-- a duplicate delivery: Meta retrying the same wamid --")
    text = f"cek {ticket}" if ticket else "cek laporan saya"
    payload = meta.text(wa_id, text)
    send(f'text "{text}" (first delivery, {meta.wamid_of(payload)[:20]}...)', payload)
    out = send("the same webhook again (same wamid)", payload, 0)
    print(f"         -> {'NOT ignored' if out else 'ignored'}")
    events = ch.user_events(f"whatsapp:{wa_id}")
    print(f"user events in the Rasa tracker for whatsapp:{wa_id}: {len(events)}")


def main() -> None:
    runtime = Path(tempfile.mkdtemp(prefix="halo-channels-"))
    system = LocalSystem(app_port=free_port(), rasa_port=free_port(), runtime_dir=runtime,
                         log_dir=runtime / "logs")  # fmt: skip
    with FakeTelegram() as tg, FakeGraph() as graph:
        settings = channel_settings(runtime, system.rasa_url, tg, graph)
        rows = {
            "model": current_model().relative_to(ROOT_DIR),
            "runtime_dir": runtime,
            "rasa_url": f"{system.rasa_url} (actions: {system.app_url}/actions/webhook)",
            "telegram_token": f"{TOKEN[:12]}... (fake Bot API: tests/fakes/telegram_api.py)",
            "whatsapp_token": f"{meta.TOKEN} (fake Graph API: tests/fakes/graph_api.py)",
            "whatsapp_app_secret": f"{meta.APP_SECRET[:10]}... (signs the webhooks)",
        }
        for name in ["environment", "telegram_mode", "telegram_api_base_url",
                     "telegram_file_base_url", "whatsapp_graph_url", "whatsapp_phone_number_id",
                     "whatsapp_verify_token"]:  # fmt: skip
            rows[name] = getattr(settings, name)
        print("== settings and fakes ==")
        for name, value in rows.items():
            print(f"{name:<24}: {value}")
        system.start()
        try:
            started = time.perf_counter()
            system.wait_ready()
            app = InProcessApp(create_app(settings), free_port())
            app.start()
            print(f"{'channels app':<24}: http://127.0.0.1:{app.port} "
                  f"(system ready in {time.perf_counter() - started:.0f} s)")  # fmt: skip
            try:
                ch = Channels(tg, graph, app, system.rasa_url, runtime)
                telegram_transcript(ch)
                whatsapp_transcript(ch)
            finally:
                app.stop()
        finally:
            system.stop()


if __name__ == "__main__":
    main()
