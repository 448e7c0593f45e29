"""The complaint signs are found by a look-up of each sign word among a clause's words
(app/services/complaint_signs.py ``_starts``/``_found``), not by a scan of every window of
the clause for each of the 255 sign phrases: about 1.3 ms of CPU per call, twice per
knowledge-base answer. Same answers as the scan for every message of the training data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.services import complaint_signs
from app.services.complaint_signs import _positions, by_signs, names_thing, signs
from core.lang.text import clauses

ROOT = Path(__file__).resolve().parents[2]


def scan_by_signs(text: str) -> str | None:
    """``by_signs`` as it was: every sign phrase scanned over every window of a clause."""
    best: tuple[int, int, str] | None = None
    for clause in clauses(text):
        words = clause.split()
        for code, (things, problems) in signs().items():
            t_at = {i: t for t in things for i in _positions(words, t)}
            p_at = {i: p for p in problems for i in _positions(words, p)}
            gaps = [abs(t - p) for t in t_at for p in p_at if t != p]
            if not gaps:
                continue
            named = len(set(t_at.values())) + len(set(p_at.values()))
            key = (-named, min(gaps), code)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def scan_names_thing(text: str) -> bool:
    things = {thing for entry in signs().values() for thing in entry[0]}
    return any(_positions(clause.split(), thing) for clause in clauses(text) for thing in things)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        lines = [line[2:].strip() for line in node.splitlines() if line.startswith("- ")]
        return lines or [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def corpus() -> list[str]:
    texts: set[str] = set()
    for folder in ("nlu_data", "knowledge_base"):
        for path in sorted((ROOT / folder).glob("*.yml")):
            texts.update(_strings(yaml.safe_load(path.read_text("utf-8"))))
    ordered = sorted(t for t in texts if 0 < len(t) < 300)
    return ordered[:: max(1, len(ordered) // 1500)]  # about 1500, spread over the data


EDGES = [
    "lampunya mati",  # a suffix of 3 letters
    "lampunyaa mati",  # 4: not the sign
    "lam mati",  # a sign word under 3 letters only as it is
    "jalan jalan rusak rusak berlubang",
    "pohon tumbang. lampu jalan mati, jalan berlubang",
    "air pdam keruh dan bau",
    "",
]


def test_same_answers_as_the_scan() -> None:
    texts = corpus() + EDGES
    assert len(texts) > 1000
    found = 0
    for text in texts:
        expected = scan_by_signs(text)
        assert by_signs(text) == expected, text
        assert names_thing(text) == scan_names_thing(text), text
        found += expected is not None
    assert found > 50  # the corpus has descriptions of problems


def test_no_scan_of_every_window(monkeypatch: pytest.MonkeyPatch) -> None:
    def scan(*args: object) -> list[int]:
        raise AssertionError("scanned")

    monkeypatch.setattr(complaint_signs, "_positions", scan)
    assert by_signs("lampu di depan gang rumah saya sudah tiga hari tidak menyala")
    assert names_thing("jalan di depan sekolah")
    assert not names_thing("saya mau tanya jam buka kantor")
