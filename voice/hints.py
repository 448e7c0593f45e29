"""What the speech model is told before it listens: the city's words, and the answer expected.

Whisper reads a "previous text" before the audio (``initial_prompt``, ``hotwords`` in
faster-whisper); words in it are heard more readily. Two kinds of hint:

- the domain (:func:`domain_prompt`; :func:`short_prompt` for the sentence alone;
  :func:`domain_hotwords` for the names alone): a short Indonesian sentence in the style citizens
  speak, then the names a transcript should spell right: the city's kelurahan and
  kecamatan (``app/data/sample_city.yml``), street names from the facilities' addresses,
  the facilities (``app/data/facilities.yml``), the complaint categories
  (``app/data/complaint_categories.yml``), "RT" and "RW";
- the answer the kiosk expects (:func:`answer_prompt`): the titles of the offered buttons
  for a choice, "Ya. Tidak." for a yes/no question, the words of a date or a time.

Whisper keeps at most 223 prompt tokens; the domain list is cut to :data:`MAX_PROMPT_CHARS`
so the answer hint and the domain fit together.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.texts import t

DATA = Path(__file__).resolve().parent.parent / "app" / "data"
MAX_PROMPT_CHARS = 420  # about 150 Whisper tokens of Indonesian
_STREET = re.compile(r"\bJl\.\s+([A-Z][a-z]+(?:\s(?!No\b)[A-Z][a-z]+)?)")
_PAREN = re.compile(r"\s*\(.*?\)")


def _load(name: str) -> dict[str, Any]:
    path = DATA / name
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return data if isinstance(data, dict) else {}


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


@cache
def domain_words() -> tuple[str, ...]:
    """The names a transcript should spell right, most useful first."""
    city = _load("sample_city.yml")
    places: list[str] = []
    for kecamatan, kelurahan in (city.get("kecamatan") or {}).items():
        places += list(kelurahan or {})
        places.append(str(kecamatan))
    facilities = _load("facilities.yml").get("facilities") or []
    streets = [
        f"Jalan {m}" for f in facilities for m in _STREET.findall(str(f.get("location", "")))
    ]
    names = [_PAREN.sub("", str(f.get("name", ""))) for f in facilities]
    categories = (_load("complaint_categories.yml").get("categories") or {}).values()
    topics = [_PAREN.sub("", str(c.get("name", ""))) for c in categories]
    topics = [re.split(r",| atau ", t)[0] for t in topics]
    return tuple(_unique(places + streets + topics + names))


@cache
def domain_prompt() -> str:
    """The domain hint: a sentence in the citizens' style, then the names, cut to size."""
    head = t("voice.hints.domain")
    words = list(domain_words())
    text = head
    for word in words:
        if len(text) + len(word) + 2 > MAX_PROMPT_CHARS:
            break
        text += (" " if text == head else ", ") + word
    return text + "."


def short_prompt() -> str:
    """A sentence in the citizens' style naming RT, RW and the first kelurahan only."""
    place = next(iter(domain_words()), "Sukamaju")
    return t("voice.hints.short", place=place)


def domain_hotwords() -> str:
    """The same names as a bare list (faster-whisper's ``hotwords``)."""
    text = "RT, RW"
    for word in domain_words():
        if len(text) + len(word) + 2 > MAX_PROMPT_CHARS:
            break
        text += ", " + word
    return text


# Per expected kind: words in the shape of the answer (the sentences: ``voice.hints`` of the
# catalogue). No example numbers: a recogniser unsure of what it heard copies them ("dua puluh
# lima" came out as the prompt's "25").
_MONTHS = (
    "Januari, Februari, Maret, April, Mei, Juni, Juli, Agustus, September, Oktober,"
    " November, Desember"
)
_DIGIT_WORDS = "nol satu dua tiga empat lima enam tujuh delapan sembilan kosong"
# digit words for digits and phones (measured: 31 of 39 digit strings right, against 26 with
# digits as the example and 20 with no hint); the other kinds' hints are sentences
_WORD_PROMPTS = {"digits": _DIGIT_WORDS, "phone": _DIGIT_WORDS}
_SENTENCE_PROMPTS = ("yes_no", "number", "date", "time")


def kind_prompt(kind: str) -> str:
    """The hint for an expected kind of answer ("" for a kind without one)."""
    if kind in _WORD_PROMPTS:
        return _WORD_PROMPTS[kind]
    if kind in _SENTENCE_PROMPTS:
        return t(f"voice.hints.{kind}", months=_MONTHS)
    return ""


def answer_prompt(kind: str, titles: list[str] | None = None) -> str:
    """The hint for an expected short answer: the offered titles, else the kind's shape.

    A yes/no question's hint is "Ya. Tidak." with only the titles that are no yes or no
    ("Ubah waktu"): with "Ya, pesan. Tidak, batal." Whisper wrote a title back for an unclear
    "ya, benar" (27 cuts of the kiosk test's clip read through voice/nbest.py: 21 right, 5 as
    "Tidak, batal"; with "Ya. Tidak.": 24 right, 2 wrong, 1 asked again)."""
    if kind == "yes_no" and titles:
        from core.lang.answers import yes_no

        others = [t for t in titles if yes_no(t) is None]
        return " ".join(
            [kind_prompt(kind), answer_prompt("choice", others) if others else ""]
        ).strip()
    if titles:
        return ". ".join(_PAREN.sub("", t).strip() for t in titles if t.strip())[:300] + "."
    return kind_prompt(kind)
