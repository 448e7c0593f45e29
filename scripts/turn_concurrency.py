"""Many citizens at once, for scripts/turn_breakdown.py: ``citizens`` conversations in
parallel through the app's ``POST /api/chat`` against the same number of parallel clients
of Rasa's bare ``/model/parse`` with the same sentences, in the same run (an asyncio client
each; the parse is measured before and after the turns, so load that drifts during the run
shows). Turns per second, p50 / p95 in ms, errors (an HTTP error, or a reply the app gives
without Rasa: assistant unavailable, rate limited).
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
    rounds: int,
    session: list[str],
    step: Callable[[httpx.AsyncClient, str, dict[str, Any]], Awaitable[bool]],
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=citizens, max_keepalive_connections=citizens)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:

        async def citizen() -> None:
            nonlocal errors
            for _ in range(rounds):
                state: dict[str, Any] = {}  # a new conversation each round
                for text in session:
                    start = time.perf_counter()
                    try:
                        ok = await step(client, text, state)
                    except httpx.HTTPError:
                        ok = False
                    latencies.append((time.perf_counter() - start) * 1000)
                    errors += not ok

        start = time.perf_counter()
        await asyncio.gather(*(citizen() for _ in range(citizens)))
        wall = time.perf_counter() - start
    return {
        "n": len(latencies),
        "errors": errors,
        "wall_s": wall,
        "per_s": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": _pct(latencies, 0.95),
    }


def measure(
    app_url: str, rasa_url: str, token: str, session: list[str], citizens: int, rounds: int
) -> dict[str, dict[str, float]]:
    """{"parse_before", "chat", "parse_after"}: each {n, errors, wall_s, per_s, p50, p95}."""

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
        out = {"parse_before": await _phase(rasa_url, citizens, rounds, session, parse)}
        out["chat"] = await _phase(app_url, citizens, rounds, session, chat)
        out["parse_after"] = await _phase(rasa_url, citizens, rounds, session, parse)
        return out

    return asyncio.run(run())


def report_lines(conc: dict[str, Any]) -> list[str]:
    """The section's lines for a :func:`measure` result (with its "citizens", "rounds")."""
    parse_per_s = (conc["parse_before"]["per_s"] + conc["parse_after"]["per_s"]) / 2
    chat = conc["chat"]
    lines = [
        "",
        f"**{conc['citizens']} citizens at once** (same run, after the table above): each "
        f"client runs {conc['rounds']} conversations of the same 6 messages one after another, "
        "all clients in parallel (asyncio, httpx); the bare parse clients send the same "
        "sentences to `/model/parse`, before and after the turns.",
        "",
        "| | requests | errors | per second | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = {
        "parse_before": "bare `/model/parse` (before the turns)",
        "chat": "text turns through the app (`POST /api/chat`)",
        "parse_after": "bare `/model/parse` (after the turns)",
    }
    for key, name in names.items():
        row = conc[key]
        lines.append(
            f"| {name} | {row['n']} | {row['errors']} | {row['per_s']:.1f} | "
            f"{row['p50']:.0f} | {row['p95']:.0f} |"
        )
    lines += [
        "",
        f"Turns per second / parses per second (mean of before and after): "
        f"**{chat['per_s'] / parse_per_s:.2f}x** (target at least 0.6x); turn p95 "
        f"**{chat['p95']:.0f} ms** (target under 500 ms).",
    ]
    return lines
