"""The language core imports nothing of ours and runs inside the Rasa environment too
(Python 3.10, without dateparser or python-stdnum)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
PROBE = """
import sys
from datetime import date
from core.lang import answers, ids, numbers, text, when
ours = {"app", "actions", "bot", "channels", "voice", "tests"}
assert not [m for m in sys.modules if m.split(".")[0] in ours], sys.modules.keys()
assert answers.yes_no("iya boleh, 0857 1234 5678") is True
assert ids.find_phone("0857 1234 5678") == "085712345678"
assert numbers.parse_number("dua puluh lima") == 25
assert text.normalise("gak") == "tidak"
assert when.find_date("sabtu minggu depan", date(2026, 12, 2)) == date(2026, 12, 12)
assert when.find_time("malam jam 7").at.hour == 19
print("ok")
"""


def _probe(python: str) -> str:
    done = subprocess.run(
        [python, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_core_imports_nothing_of_ours() -> None:
    assert _probe(sys.executable) == "ok"


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not set up")
def test_core_runs_in_the_rasa_environment() -> None:
    assert _probe(str(RASA_PYTHON)) == "ok"
