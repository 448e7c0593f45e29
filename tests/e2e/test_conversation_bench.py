"""The fast subset of the conversation bench (issue 12): simulated citizens answering the
real assistant in their own words. The whole bench runs in `make eval` (tests/bench/)."""

from __future__ import annotations

import pytest

from app.launcher import LocalSystem
from tests.bench.citizen import load_citizens
from tests.bench.report import summarise
from tests.bench.runner import QUICK, run_citizens

pytestmark = pytest.mark.e2e


def test_fast_subset_of_citizens_reach_their_goal_without_loops(system: LocalSystem) -> None:
    specs = [s for s in load_citizens() if s["id"] in QUICK]
    assert len(specs) == len(QUICK)  # every citizen of the subset still exists
    results = run_citizens(system.app_url, specs, concurrency=4)
    summary = summarise(results, 0.0)
    failed = "\n\n".join(
        f"{r.id} ({r.persona}): {r.reason or 'loop'}\n{r.transcript()}"
        for r in results
        if not r.success or r.loops
    )
    # the whole bench (make eval) is held to 95%; on 14 citizens one miss is 92.9%, so the
    # subset allows one (a knowledge-base topic mix-up), and no loop at all
    assert summary["success_rate"] >= 0.9, failed
    assert summary["loops"] == 0, failed
