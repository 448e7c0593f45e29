"""The colloquial normaliser: word rules, and the real Rasa tokenizer component."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.services.knowledge import ROOT
from bot.components.colloquial import load_lexicon, normalize_text, normalize_word

RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gmn cr urus akta lhr anak sy", "bagaimana cara urus akta lahir anak saya"),
        ("lampu jln mati udh seminggu", "lampu jalan mati sudah seminggu"),
        ("mo pesen lapangan tenis bsk jm 8", "mau pesan lapangan tenis besok jam 8"),
        ("ga gak nggak", "tidak tidak tidak"),
        ("tolongggg", "tolong"),
        ("anak2 sy", "anak anak saya"),
        ("Makasih", "terima kasih"),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_unknown_words_keep_their_case() -> None:
    assert normalize_word("Melati") == ["Melati"]
    assert normalize_word("LPR-2026-000123") == ["LPR-2026-000123"]


def test_lexicon_file_is_clean() -> None:
    lex = load_lexicon()
    assert len(lex) >= 100
    assert all(k == k.lower() and " " not in k for k in lex)


def test_rasa_component_rewrites_tokens_and_keeps_offsets() -> None:
    code = """
import json
from rasa.shared.nlu.training_data.message import Message
from bot.components.normalizer import ColloquialNormalizer
tok = ColloquialNormalizer(ColloquialNormalizer.get_default_config())
text = "gmn cr bikin ktp sy di Jl Melati"
toks = tok.tokenize(Message(data={"text": text}), "text")
print(json.dumps([[t.text, t.start, t.end] for t in toks]))
"""
    proc = subprocess.run(
        [str(RASA_PY), "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    tokens = json.loads(proc.stdout.strip().splitlines()[-1])
    assert tokens == [
        ["bagaimana", 0, 3],
        ["cara", 4, 6],
        ["buat", 7, 12],
        ["ktp", 13, 16],
        ["saya", 17, 19],
        ["di", 20, 22],
        ["jalan", 23, 25],
        ["Melati", 26, 32],
    ]


def test_spelt_out_letters_become_the_abbreviation() -> None:
    from bot.components.colloquial import letter_runs, normalize_text

    assert normalize_text("es ka ce ka syaratnya apa").startswith("skck ")
    assert normalize_text("ka i a anak bayar tidak").startswith("kia anak")
    assert normalize_text("pe pe de be tahun ini").startswith("ppdb ")
    assert letter_runs(["bikin", "ka", "ka", "baru"]) == [(1, 3, "kk")]
    # vowels alone, a single letter name and ordinary words stay as they are
    assert letter_runs(["a", "i", "u"]) == []
    assert normalize_text("beli es teh manis") == "beli es teh manis"
