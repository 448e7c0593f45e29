"""The semantic layer's added latency per turn, paired (issue 13's budget: 25 ms at the median).

Both models (with and without the e5 layer) are loaded in one process; every message is parsed
by one, then the other, in alternating order, so that both see the same machine load. Wall
time and the process's CPU time (all threads: steadier when others load the machine) per
parse; writes ``paired_latency.json`` for scripts/understanding_report.py.

    .venv-rasa/bin/python scripts/e5_latency.py WITH.tar.gz WITHOUT.tar.gz TEXTS.json OUT.json [N]
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


async def _measure(with_: Path, without: Path, texts: list[str]) -> dict[str, Any]:
    from rasa.core.agent import Agent

    agents = {"with": Agent.load(str(with_)), "without": Agent.load(str(without))}
    for agent in agents.values():
        for text in texts[:10]:  # warm up (graph tracing, caches)
            await agent.parse_message(text)
    wall: dict[str, list[float]] = {"with": [], "without": []}
    cpu: dict[str, list[float]] = {"with": [], "without": []}
    load_start = os.getloadavg()
    for n, text in enumerate(texts):
        order = ("with", "without") if n % 2 == 0 else ("without", "with")
        for name in order:
            w0, c0 = time.perf_counter(), time.process_time()
            await agents[name].parse_message(text)
            wall[name].append(1000 * (time.perf_counter() - w0))
            cpu[name].append(1000 * (time.process_time() - c0))
    added = [a - b for a, b in zip(wall["with"], wall["without"], strict=True)]
    added_cpu = [a - b for a, b in zip(cpu["with"], cpu["without"], strict=True)]
    return {
        "n": len(texts),
        "cores": os.cpu_count(),
        "load_average": [load_start[0], os.getloadavg()[0]],
        "with_median": statistics.median(wall["with"]),
        "without_median": statistics.median(wall["without"]),
        "added_median": statistics.median(added),
        "added_p95": _pct(added, 0.95),
        "with_cpu_median": statistics.median(cpu["with"]),
        "without_cpu_median": statistics.median(cpu["without"]),
        "added_cpu_median": statistics.median(added_cpu),
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def main(argv: list[str]) -> int:
    if len(argv) not in (4, 5):
        print(__doc__)
        return 2
    logging.basicConfig(level=logging.WARNING)
    with_, without, texts_file, out = (Path(a) for a in argv[:4])
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    limit = int(argv[4]) if len(argv) == 5 else 300
    texts = texts[:: max(1, len(texts) // limit)][:limit]  # spread over every set
    result = asyncio.run(_measure(with_, without, texts))
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"[eval] e5 layer, paired over {result['n']} messages: +{result['added_median']:.1f} ms "
        f"wall (p95 +{result['added_p95']:.1f}), +{result['added_cpu_median']:.1f} ms CPU at "
        f"the median; load average {result['load_average'][0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
