"""CPU per turn and per bare parse of two versions of the code, running side by side and
measured in alternating blocks (issue 16): on a shared machine whose load moves from minute
to minute, one run of each version cannot show a cut of a few milliseconds.

Each version is a copy of the repository (``git archive <commit> | tar -x -C DIR``, with
``.venv``, ``.venv-rasa`` and ``models`` linked to this checkout's). Both systems (Rasa and
the app of each copy) start at once with the same pinned model; then, round after round and
in alternating order, each serves one block: ``--conversations`` conversations of
scripts/turn_breakdown.py's six messages, each message as Rasa's bare ``/model/parse`` and
then as a turn through the app (``POST /api/chat``), one at a time; with ``--citizens``, one
block of that many conversations at once of each kind (scripts/turn_concurrency.py). CPU
per request from ``/proc/<pid>/stat`` (scripts/turn_cpu.py).

Usage: .venv/bin/python scripts/turn_ab.py --old DIR --new DIR [--rounds 6]
       [--conversations 4] [--citizens 0] [--model models/halo-....tar.gz] [--json FILE]
       (``serve`` is the per-copy helper the script starts itself)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve(model: str, info: Path) -> None:
    """In a copy: start its Rasa and app with ``model``, write their addresses and pids to
    ``info``, and run until SIGTERM."""
    from app.launcher import LocalSystem
    from tests.e2e.conftest import free_port

    class Pinned(LocalSystem):
        def commands(self) -> dict[str, list[str]]:
            cmds = super().commands()
            cmds["rasa"][cmds["rasa"].index("--model") + 1] = model
            return cmds

    runtime = Path(tempfile.mkdtemp(prefix="halo_ab_"))
    system = Pinned(app_port=free_port(), rasa_port=free_port(), runtime_dir=runtime)
    system.env.update({"HALO_LOG_FORMAT": "json", "HALO_RATE_CHAT_PER_IP": "100000/minute"})
    system.log_dir = runtime / "logs"
    stop = False

    def on_term(*_: Any) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    system.start()
    try:
        system.wait_ready(timeout_s=900)
        pids = {c.name: c.proc.pid for c in system._children}
        info.write_text(
            json.dumps(
                {
                    "app": system.app_url,
                    "rasa": system.rasa_url,
                    "token": system.rasa_token,
                    "pids": pids,
                }
            )
        )
        while not stop:
            time.sleep(0.5)
    finally:
        system.stop()


def start(tree: Path, model: str, info: Path) -> subprocess.Popen[bytes]:
    python = tree / ".venv" / "bin" / "python"
    cmd = [str(python), str(tree / "scripts" / "turn_ab.py"), "serve", model, str(info)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.Popen(cmd, cwd=tree, env=env)


def block(info: dict[str, Any], conversations: int, citizens: int) -> dict[str, Any]:
    """One block on one system: CPU ms per parse and per turn (one at a time; and at
    ``citizens`` at once when set)."""
    import httpx

    from scripts import turn_concurrency, turn_cpu
    from scripts.turn_breakdown import SESSION

    meter = turn_cpu.Meter()
    meter.pids = dict(info["pids"])
    app = httpx.Client(base_url=info["app"], timeout=120)
    rasa = httpx.Client(base_url=info["rasa"], timeout=120)
    load = os.getloadavg()[0]
    for _ in range(conversations):
        sid = None
        for text in SESSION:
            before = meter.snap()
            rasa.post("/model/parse", params={"token": info["token"]}, json={"text": text})
            meter.add("parse", before)
            body: dict[str, Any] = {"text": text, **({"session_id": sid} if sid else {})}
            before = meter.snap()
            resp = app.post("/api/chat", json=body)
            meter.add("turn", before)
            resp.raise_for_status()
            sid = resp.json()["session_id"]
    if citizens:
        turn_concurrency.measure(
            info["app"], info["rasa"], info["token"], SESSION, citizens, 1, meter
        )
    return {"load": (load, os.getloadavg()[0]), **meter.result()}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(sys.argv[2], Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, type=Path)
    parser.add_argument("--new", required=True, type=Path)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--conversations", type=int, default=4)
    parser.add_argument("--citizens", type=int, default=0)
    parser.add_argument("--model", default="")
    parser.add_argument("--json", help="save every block here")
    args = parser.parse_args()
    model = args.model or (ROOT / "models" / "CURRENT").read_text().strip()
    if not Path(model).is_absolute():  # models/CURRENT names it from the repository root
        model = str((ROOT / model).resolve())
    work = Path(tempfile.mkdtemp(prefix="halo_ab_info_"))
    procs = {
        name: start(tree.resolve(), model, work / f"{name}.json")
        for name, tree in (("old", args.old), ("new", args.new))
    }
    blocks: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + 1200
        while not all((work / f"{name}.json").exists() for name in procs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs.values()):
                raise SystemExit("a system did not start")
            time.sleep(2)
        infos = {name: json.loads((work / f"{name}.json").read_text()) for name in procs}
        for name in procs:  # warm-up, not counted
            block(infos[name], 1, 0)
        for n in range(args.rounds):
            order = ("old", "new") if n % 2 == 0 else ("new", "old")
            for name in order:
                got = block(infos[name], args.conversations, args.citizens)
                got.update(code=name, round=n + 1, at=time.strftime("%H:%M", time.gmtime()))
                blocks.append(got)
                print(line(got), flush=True)
    finally:
        for proc in procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            proc.wait(timeout=120)
    if args.json:
        Path(args.json).write_text(json.dumps(blocks, indent=1))
    for name in ("old", "new"):
        print(summary(name, [b for b in blocks if b["code"] == name]))
    return 0


def line(b: dict[str, Any]) -> str:
    parse, turn = b["parse"], b["turn"]
    text = (
        f"| {b['round']} {b['code']} ({b['at']}) | {b['load'][0]:.1f}->{b['load'][1]:.1f} | "
        f"{parse['total']:.1f} | {turn['total']:.1f} (Rasa {turn['rasa']:.1f}, app "
        f"{turn['app']:.1f}) | {turn['total'] / parse['total']:.2f}x |"
    )
    if "turn_many" in b:
        many = b["turn_many"]["total"] / b["parse_many"]["total"]
        text += f" {b['parse_many']['total']:.1f} / {b['turn_many']['total']:.1f} = {many:.2f}x |"
    return text


def summary(name: str, blocks: list[dict[str, Any]]) -> str:
    def mean(kind: str, key: str = "total") -> float:
        return statistics.mean(b[kind][key] for b in blocks)

    ratios = [b["turn"]["total"] / b["parse"]["total"] for b in blocks]
    text = (
        f"{name}: {len(blocks)} blocks; parse {mean('parse'):.1f} ms, turn "
        f"{mean('turn'):.1f} ms (Rasa {mean('turn', 'rasa'):.1f}, app "
        f"{mean('turn', 'app'):.1f}); ratio of the means {mean('turn') / mean('parse'):.2f}x, "
        f"median of the blocks' ratios {statistics.median(ratios):.2f}x"
    )
    if blocks and "turn_many" in blocks[0]:
        text += f"; at once {mean('turn_many') / mean('parse_many'):.2f}x"
    return text


if __name__ == "__main__":
    raise SystemExit(main())
