"""Which of the offered buttons the citizen means: by ordinal ("yang kedua", "nomor 2",
"yang terakhir"), by its title (case, punctuation and typos forgiven), by the clock time it
shows ("jam 7" for "07.00"), or by words only one title has ("tenis a", "perpus")."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from core.lang.calendar_id import WhenError
from core.lang.clock import find_time
from core.lang.numbers import UNITS
from core.lang.phrases import phrase_words, strip
from core.lang.text import NEGATIONS, normalise, word_set

_ORDINALS = {
    "pertama": 0,
    "kesatu": 0,
    "satu": 0,
    "kedua": 1,
    "ketiga": 2,
    "keempat": 3,
    "kelima": 4,
    "keenam": 5,
    "ketujuh": 6,
    "kedelapan": 7,
    "kesembilan": 8,
    "kesepuluh": 9,
}
_SQUASHED_ORDINALS = {re.sub(r"(\w)\1+", r"\1", k): v for k, v in _ORDINALS.items()}
_CHOICE_OPENERS = word_set("yang pilih saya aku mau pilihan opsi nomor nomer no angka ambil itu ke")


def _ordinal(words: list[str], count: int) -> int | None:
    body = [w for w in words if w not in _CHOICE_OPENERS and w not in ("saja", "deh", "ya")]
    if not body or len(body) > 2 or len(words) > 5:
        return None
    word = body[0]
    index: int | None = None
    if word == "terakhir":
        index = count - 1
    elif word in _SQUASHED_ORDINALS:
        index = _SQUASHED_ORDINALS[word]
    elif re.fullmatch(r"(?:ke-?)?\d{1,2}", word):
        index = int(word.replace("ke", "").strip("-")) - 1
    elif word in UNITS and len(body) == 1:
        index = UNITS[word] - 1
    if index is None or (len(body) == 2 and body[1] not in ("kali", "itu", "tadi")):
        return None
    return index if 0 <= index < count else None


def pick_choice(text: str, options: Sequence[str]) -> int | None:
    """The index of the option (button title) the citizen picked, by ordinal ("yang kedua",
    "nomor 2", "2", "yang terakhir"), by title ("ya pesan" for "Ya, pesan"; typos forgiven),
    or by a word only one title has; None when unclear."""
    if not options:
        return None
    titles = [" ".join(phrase_words(normalise(o))) for o in options]
    said = " ".join(phrase_words(normalise(text)))
    if not said:
        return None
    bare = " ".join(strip(said.split(), "particles"))
    bare = " ".join(w for w in bare.split() if w not in ("saja", "deh")) or said
    for candidate in (said, bare, " ".join(strip(bare.split(), "openers"))):
        if candidate in titles:
            return titles.index(candidate)
    at_time = _by_time(text, options)
    if at_time is not None:
        return at_time
    named = _by_number(bare, titles)
    if named is not None:
        return named
    ordinal = _ordinal(said.split(), len(options))
    if ordinal is not None:
        return ordinal
    negated = bool(NEGATIONS & set(said.split()))
    contained = [
        i
        for i, t in enumerate(titles)
        if t
        and re.search(rf"\b{re.escape(t)}\b", said)
        and negated == bool(NEGATIONS & set(t.split()))
    ]
    if len(contained) == 1:
        return contained[0]
    for candidate in (said, bare):
        close = _closest(candidate, titles)
        if close is not None:
            return close
    return _byphrase_words(said.split(), titles)


def _by_number(said: str, titles: list[str]) -> int | None:
    """ "3" to the buttons "2 jam", "3 jam", "4 jam": the one title with that number (the
    answer to "berapa lama?"), not the third button; None unless exactly one has it."""
    if not re.fullmatch(r"\d{1,2}", said):
        return None
    named = [i for i, t in enumerate(titles) if re.search(rf"(?<![\d.:]){said}(?![\d.:])", t)]
    return named[0] if len(named) == 1 else None


def _closest(said: str, titles: list[str], cutoff: float = 0.8) -> int | None:
    """The one title spelt like the answer (typos forgiven); None when two are equally
    close ("lapangan tenis" for "Lapangan Tenis A" and "Lapangan Tenis B": ask which)."""
    ratios = [difflib.SequenceMatcher(None, said, t).ratio() for t in titles]
    best = max(ratios, default=0.0)
    if best < cutoff or sum(best - r < 0.02 for r in ratios) > 1:
        return None
    return ratios.index(best)


def _byphrase_words(said: list[str], titles: list[str]) -> int | None:
    """The option whose title shares the most words with the answer, when that is one option
    and at least one shared word belongs to it alone ("tenis a" for "Lapangan Tenis A";
    "perpus" for "Ruang Rapat Perpustakaan"). A word of four letters or more also matches
    the start of a title word."""
    stop = {"yang", "dan", "di", "ke", "saya", "ya", "tidak", "saja", "jam", "untuk", "dengan"}
    words = [w for w in said if w not in stop]
    title_words = [t.split() for t in titles]

    def hits(word: str, tw: list[str]) -> bool:
        return word in tw or (len(word) >= 4 and any(t.startswith(word) for t in tw))

    # "nanti saya foto" is not "Tidak ada foto", "jangan anonim" not "Anonim": a shared word
    # picks a title only when both say no, or neither does
    negated = bool(NEGATIONS & set(said))
    scores = [
        sum(hits(w, tw) for w in words) if negated == bool(NEGATIONS & set(tw)) else 0
        for tw in title_words
    ]
    best = max(scores, default=0)
    if best == 0 or scores.count(best) > 1:
        return None
    index = scores.index(best)
    own = [w for w in words if hits(w, title_words[index])]
    if not any(sum(hits(w, tw) for tw in title_words) == 1 for w in own):
        return None
    return index


def _by_time(text: str, options: Sequence[str]) -> int | None:
    """The option holding the clock time the answer names ("jam 7" for "07.00")."""
    clocks = [re.search(r"\b(\d{1,2})[.:](\d{2})\b", o) for o in options]
    if not any(clocks):
        return None
    bare = text.strip()
    try:
        found = find_time(text)
    except WhenError:
        return None
    if found is not None and found.at is not None:
        at = (found.at.hour, found.at.minute)
    elif re.fullmatch(r"\d{1,2}", bare):
        at = (int(bare), 0)
    else:
        return None
    hits = [i for i, m in enumerate(clocks) if m and (int(m[1]), int(m[2])) == at]
    return hits[0] if len(hits) == 1 else None
