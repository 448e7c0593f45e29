"""CPU milliseconds per request of each process, for scripts/turn_breakdown.py: what other
work on a shared machine changes less than the wall clock (wall-clock ratios swing with the
load). It still moves: at a load of 9-10 on 2 vCPUs the CPU of one bare parse measured
50-76 ms from one block of 48 to the next (2026-12-03), so compare codes alternated in one
sitting. A process's idle work (the app's background workers, about 9 ms of CPU a second
here) counts too, in proportion to each request's wall time.

Read from ``/proc/<pid>/stat`` (user + system time of every thread of the process, the
ones that ended included) just before and just after each request, summed per kind of
request ("parse": Rasa's bare ``/model/parse``, "turn": ``POST /api/chat``). With many
requests in flight at once (scripts/turn_concurrency.py) a whole block is measured and
divided by its requests. The clock tick is 10 ms; summed over dozens of requests the mean
is good to well under a millisecond.

At N citizens on a machine whose cores are all busy, turns per second over parses per
second is about (CPU per parse) / (CPU per turn), so the CPU ratio is the predictor of the
throughput target (turns at least 0.6x the parses: a turn's CPU at most ~1.67x a parse's).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system seconds of the process (all its threads) so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state is fields[0]
    return (int(fields[11]) + int(fields[12])) * TICK_S


class Meter:
    """CPU per process summed over requests of each kind."""

    def __init__(self) -> None:
        self.pids: dict[str, int] = {}  # process name -> pid
        self.reset()

    def reset(self) -> None:
        self.ms: dict[str, dict[str, float]] = {}  # kind -> process -> CPU ms
        self.count: dict[str, int] = {}

    def snap(self) -> dict[str, float]:
        return {name: cpu_s(pid) for name, pid in self.pids.items()}

    def add(self, kind: str, before: dict[str, float], requests: int = 1) -> None:
        """The CPU since ``before`` (a :meth:`snap`) spent on ``requests`` of ``kind``."""
        after = self.snap()
        got = self.ms.setdefault(kind, {})
        for name, start in before.items():
            got[name] = got.get(name, 0.0) + (after[name] - start) * 1000
        self.count[kind] = self.count.get(kind, 0) + requests

    def per_request(self, kind: str) -> dict[str, float]:
        """CPU ms per request of ``kind`` for each process and "total"."""
        n = max(1, self.count.get(kind, 0))
        out = {name: ms / n for name, ms in self.ms.get(kind, {}).items()}
        out["total"] = sum(out.values())
        return out

    def result(self) -> dict[str, Any]:
        return {kind: {"n": self.count[kind], **self.per_request(kind)} for kind in self.ms}


NAMES = {
    "parse": "bare `/model/parse`, one at a time",
    "turn": "text turn through the app (`POST /api/chat`), one at a time",
    "parse_many": "bare `/model/parse`, {c} citizens at once",
    "turn_many": "text turn through the app, {c} citizens at once",
}


def report_lines(cpu: dict[str, Any], citizens: int) -> list[str]:
    """The section's CPU table for a :meth:`Meter.result` (kinds of :data:`NAMES`)."""
    lines = [
        "",
        "**CPU per request** (user + system time of each process from /proc/<pid>/stat, "
        "before and after each request, or each block of requests at once, summed; it "
        "moves less with the load from other work than the wall clock, but it moves): "
        "milliseconds of CPU.",
        "",
        "| request | n | Rasa | app | both |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, name in NAMES.items():
        row = cpu.get(kind)
        if row:
            lines.append(
                f"| {name.format(c=citizens)} | {row['n']} | {row.get('rasa', 0):.1f} | "
                f"{row.get('app', 0):.1f} | {row['total']:.1f} |"
            )
    ratios = []
    for turn, parse, what in (("turn", "parse", "one at a time"), ("turn_many", "parse_many", "")):
        if cpu.get(turn) and cpu.get(parse) and cpu[parse]["total"]:
            what = what or f"{citizens} at once"
            ratios.append(f"**{cpu[turn]['total'] / cpu[parse]['total']:.2f}x** {what}")
    if ratios:
        lines += [
            "",
            "CPU per turn / CPU per bare parse: "
            + ", ".join(ratios)
            + " (at most ~1.67x for turns at 0.6x the parses' rate when the cores are the "
            "limit).",
        ]
    return lines


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    return f"{os.cpu_count()} vCPU {cpu}, {int(mem) / 1024 / 1024:.0f} GiB, {platform.system()}"
