"""Many citizens at once, for scripts/turn_breakdown.py: ``citizens`` conversations in
parallel through the app's ``POST /api/chat`` against the same number of parallel clients
of Rasa's bare ``/model/parse`` with the same sentences, in the same run (an asyncio client
each). The two alternate in blocks (parse, turns, parse, turns, ...: one conversation per
client per block), so load from elsewhere that drifts during the run falls on both alike.
Turns per second, p50 / p95 in ms, errors (an HTTP error, or a reply the app gives without
Rasa: assistant unavailable, rate limited).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


async def _phase(
    base_url: str,
    citizens: int,
    session: list[str],
    step: Callable[[httpx.AsyncClient, str, dict[str, Any]], Awaitable[bool]],
    into: dict[str, Any],
) -> None:
    """One block: every client runs one conversation; latencies, errors, wall time added to
    ``into``."""
    limits = httpx.Limits(max_connections=citizens, max_keepalive_connections=citizens)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:

        async def citizen() -> None:
            state: dict[str, Any] = {}  # a new conversation
            for text in session:
                start = time.perf_counter()
                try:
                    ok = await step(client, text, state)
                except httpx.HTTPError:
                    ok = False
                into["latencies"].append((time.perf_counter() - start) * 1000)
                into["errors"] += not ok

        start = time.perf_counter()
        await asyncio.gather(*(citizen() for _ in range(citizens)))
        into["wall_s"] += time.perf_counter() - start


def _summary(got: dict[str, Any]) -> dict[str, float]:
    latencies = got["latencies"]
    return {
        "n": len(latencies),
        "errors": got["errors"],
        "wall_s": got["wall_s"],
        "per_s": len(latencies) / got["wall_s"],
        "p50": statistics.median(latencies),
        "p95": _pct(latencies, 0.95),
    }


def measure(
    app_url: str,
    rasa_url: str,
    token: str,
    session: list[str],
    citizens: int,
    rounds: int,
    cpu: Any = None,
) -> dict[str, dict[str, float]]:
    """{"parse", "chat"}: each {n, errors, wall_s, per_s, p50, p95}, over ``rounds``
    alternating blocks of each. With ``cpu`` (a scripts/turn_cpu.py ``Meter``) each block's
    CPU goes to its kind "parse_many" or "turn_many"."""

    async def parse(client: httpx.AsyncClient, text: str, state: dict[str, Any]) -> bool:
        resp = await client.post("/model/parse", params={"token": token}, json={"text": text})
        return resp.status_code == 200

    async def chat(client: httpx.AsyncClient, text: str, state: dict[str, Any]) -> bool:
        body = {"text": text, **({"session_id": state["sid"]} if "sid" in state else {})}
        resp = await client.post("/api/chat", json=body)
        if resp.status_code != 200:
            return False
        data = resp.json()
        state["sid"] = data["session_id"]
        return bool(data["messages"]) and all(m["sender"] != "system" for m in data["messages"])

    async def run() -> dict[str, dict[str, float]]:
        got = {k: {"latencies": [], "errors": 0, "wall_s": 0.0} for k in ("parse", "chat")}
        requests = citizens * len(session)
        for _ in range(rounds):
            for url, step, kind in ((rasa_url, parse, "parse"), (app_url, chat, "chat")):
                before = cpu.snap() if cpu is not None else {}
                await _phase(url, citizens, session, step, got[kind])
                if cpu is not None:
                    cpu.add("parse_many" if kind == "parse" else "turn_many", before, requests)
        return {k: _summary(v) for k, v in got.items()}

    return asyncio.run(run())


def report_lines(conc: dict[str, Any]) -> list[str]:
    """The section's lines for a :func:`measure` result (with its "citizens", "rounds")."""
    chat, parse = conc["chat"], conc["parse"]
    lines = [
        "",
        f"**{conc['citizens']} citizens at once** (same run, after the table above): "
        f"{conc['citizens']} clients in parallel (asyncio, httpx), each running one "
        "conversation of the same 6 messages per block; blocks of bare `/model/parse` "
        f"(the same sentences) and of turns through the app alternate, {conc['rounds']} "
        "of each, so load that drifts falls on both alike.",
        "",
        "| | requests | errors | per second | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = {
        "parse": "bare `/model/parse`",
        "chat": "text turns through the app (`POST /api/chat`)",
    }
    for key, name in names.items():
        row = conc[key]
        lines.append(
            f"| {name} | {row['n']} | {row['errors']} | {row['per_s']:.1f} | "
            f"{row['p50']:.0f} | {row['p95']:.0f} |"
        )
    lines += [
        "",
        f"Turns per second / parses per second: **{chat['per_s'] / parse['per_s']:.2f}x** "
        f"(target at least 0.6x); turn p95 **{chat['p95']:.0f} ms** (target under 500 ms).",
    ]
    return lines
