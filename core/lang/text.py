"""Text clean-up shared by every reader in :mod:`core.lang`.

- :func:`normalise`: lower case, punctuation stripped (except inside numbers and codes:
  ``15.00``, ``1,5``, ``05/12``, ``0812-3456``, ``LPR-2026-000123``, ``apa-apa``), spaces
  collapsed, and colloquial spellings folded to standard Indonesian ("gak" -> "tidak",
  "udh" -> "sudah", "yg" -> "yang", ...).
- :func:`clauses`: the same, split where the citizen put a comma, full stop, "!" or "?";
  the short-answer readers look at the first clause ("nggak, makasih").
- :func:`words`: :func:`normalise` as a list of words.

The folding table is the project's lexicon ``bot/components/colloquial_id.txt`` (also used by
the Rasa pipeline), with the core's own additions and overrides in
``core/lang/data/fold_id.txt`` (read last, so they win: "mnt" is "menit" here, not "minta").
Rules for one word, in order: letters repeated three or more times collapse ("iyaaa" ->
"iya"); a trailing "2" marks reduplication ("anak2" -> "anak anak"); the table maps the word.
Other words that carry digits are never folded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
PROJECT_LEXICON = Path(__file__).resolve().parents[2] / "bot" / "components" / "colloquial_id.txt"
CORE_LEXICON = DATA / "fold_id.txt"

# A token: a number with separators inside ("15.00", "1,5", "05/12", "+62 812" is two), or
# a word with hyphens inside ("apa-apa", "lpr-2026-000123", "ber-10").
_TOKEN = re.compile(
    r"\+?\d+(?:[.,:/]\d+)*(?:-(?:\d+(?:[.,:/]\d+)*|[^\W_]+))*|[^\W_]+(?:-[^\W_]+)*", re.UNICODE
)
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,.;!?]+|[,.;!?]+(?!\d)|\s[-–—]+\s")
_REPEAT = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)
_REDUP = re.compile(r"^([^\W\d_]{2,})2$", re.UNICODE)
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
# the dot of an address abbreviation ends no clause: "Jl. Cempedak ada lubang" is one clause
_ABBREVIATION_DOT = re.compile(
    r"\b(jl|jln|gg|no|kel|kec|ds|dsn|kp|kav|blok|blk|perum|komp)\.(?=\s*\w)"
)
# hesitations in a voice transcript or a slow typist's message: "eee", "emm", "hmm", "anu"
_FILLER = re.compile(r"(?<![\w-])(?:e{2,}|e?m{2,}|h+m{2,}|ehm+|uh+m*|anu)(?![\w-])[,.]?", re.I)
_UNTIL = re.compile(r"\bs\s*[./]\s*d\b\.?")  # "s/d", "s.d." = sampai dengan


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (for short word tables)."""
    return frozenset(words.split())


# words that turn what follows around ("tidak ada foto", "jangan anonim", "belum")
NEGATIONS = word_set("tidak tanpa bukan belum jangan enggak nggak gak ga tak")
# words that add nothing to a short request ("ya udah petugas aja", "langsung operator dong")
POLITE_FILLERS = word_set(
    "ya yaudah sudah saja deh dong sama ke dengan langsung mending minta tolong pak bapak bu"
    " ibu kakak mas mbak min oke ok lah nah gitu begitu kalau mau ingin nak"
)
# sounds that open a sentence and mean nothing by themselves ("eh ga jadi deh", "aduh batal")
INTERJECTIONS = word_set("eh ah aduh waduh wah lho loh hmm duh")
# words of asking about a thing in general or again ("caranya gimana?", "jelasin lagi dong",
# "terus prosedurnya?"): they ask for the whole answer, not one thing it may lack
ASKING_AGAIN = word_set(
    "cara caranya prosedur prosedurnya alur alurnya langkah langkahnya tahap tahapan proses"
    " prosesnya gimana bagaimana gmn jelaskan jelasin jelasnya lengkap lengkapnya detail"
    " detailnya info informasi infonya ulang ulangi lagi maksud maksudnya terus trus lalu"
    " tadi itu ini apa aja saja semua bisa boleh ada nya terima kasih makasih trims sip baik"
)


def load_lexicon(path: Path) -> dict[str, str]:
    """``slang standard...`` pairs, one a line; ``#`` comments and blank lines skipped."""
    lexicon: dict[str, str] = {}
    if not path.exists():
        return lexicon
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) == 2:
            lexicon[parts[0].lower()] = parts[1].strip().lower()
    return lexicon


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """The folding table: the project's lexicon, then the core's additions (which win)."""
    table = load_lexicon(PROJECT_LEXICON)
    table.update(load_lexicon(CORE_LEXICON))
    return {slang: standard for slang, standard in table.items() if slang != standard}


def fold_word(word: str) -> str:
    """The standard form of one lower-case word (may be several words)."""
    table = lexicon()
    redup = _REDUP.match(word)
    if redup:
        base = fold_word(redup.group(1))
        return f"{base} {base}"
    if any(ch.isdigit() for ch in word):
        return word
    if word in table:
        return table[word]
    collapsed = _REPEAT.sub(r"\1", word)
    if collapsed in table:
        return table[collapsed]
    return collapsed


def _prepare(text: str) -> str:
    text = _APOSTROPHE.sub("", text.lower())
    return _UNTIL.sub(" sampai ", text)


# Indonesian letter names, as speech recognition writes an abbreviation spelt out ("ka te
# pe" = KTP, "pe de a em" = PDAM, "el pe er" = LPR); the Rasa pipeline joins them the same
# way (bot/components/colloquial.py)
LETTER_NAMES = {
    "a": "a", "be": "b", "ce": "c", "de": "d", "e": "e", "ef": "f", "ge": "g", "ha": "h",
    "i": "i", "je": "j", "ka": "k", "el": "l", "em": "m", "en": "n", "o": "o", "pe": "p",
    "ki": "q", "er": "r", "es": "s", "te": "t", "u": "u", "ve": "v", "we": "w", "eks": "x",
    "ye": "y", "zet": "z",
}  # fmt: skip
_VOWELS = frozenset("aeiou")


def _fold(text: str) -> str:
    """Each word folded; two or more letter names with a consonant among them joined into
    the abbreviation they spell, which is not folded further ("ka ka" is KK)."""
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j] in LETTER_NAMES:
            j += 1
        letters = "".join(LETTER_NAMES[t] for t in tokens[i:j])
        if j - i >= 2 and set(letters) - _VOWELS:
            out.append(letters)
            i = j
            continue
        out.append(fold_word(tokens[i]))
        i += 1
    return " ".join(out)


def normalise(text: str) -> str:
    """Lower case, punctuation out (numbers and codes kept whole), colloquial words folded."""
    return _fold(_prepare(text or ""))


def clauses(text: str) -> list[str]:
    """The normalised clauses of ``text``, split at , . ; ! ? (not inside numbers)."""
    prepared = _ABBREVIATION_DOT.sub(r"\1 ", _prepare(text or ""))
    parts = (_fold(part) for part in _CLAUSE_BREAK.split(prepared))
    return [part for part in parts if part]


def drop_fillers(text: str) -> str:
    """``text`` as written without the hesitations of speech ("eee di jalan cempaka anu nomor
    dua belas" -> "di jalan cempaka nomor dua belas")."""
    kept = _FILLER.sub(" ", text or "")
    return re.sub(r"\s+([,.;!?])", r"\1", re.sub(r"\s{2,}", " ", kept)).strip(" ,")


# Words a speaker stutters on ("di di depan", "yang yang rusak"): said twice they are said
# once. Content words are left doubled ("pohon pohon", "kursi kursi": plurals), and so are
# "sama sama" and "kalau kalau" (idioms).
STUTTER_WORDS = word_set("di ke dari yang saya aku mau dan atau untuk dengan pada")
# Number words are never collapsed: "satu dua satu dua" is a phone number's 1212.
_NUMBER_TALK = word_set(
    "nol kosong satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas"
    " puluh ratus ribu juta seratus seribu setengah"
)
_RESTART = re.compile(r"\b((?:[^\W\d_]+\s+){0,3}[^\W\d_]+)(?:\s*,?\s+\1\b)+", re.I | re.UNICODE)


def restarts_dropped(text: str) -> str:
    """``text`` with a speaker's restarts said once: "saya mau saya mau tanya" -> "saya mau
    tanya", "di di depan" -> "di depan", "ka te pe saya ka te pe saya hilang" -> "ka te pe
    saya hilang". A single content word said twice stays (a plural: "pohon pohon"), and so
    does a group with a number word in it ("satu dua satu dua")."""

    def once(m: re.Match[str]) -> str:
        group = m.group(1)
        said = group.lower().split()
        if _NUMBER_TALK & set(said):
            return m.group(0)
        if len(said) == 1 and said[0] not in STUTTER_WORDS:
            return m.group(0)
        return group

    return _RESTART.sub(once, text or "")


def words(text: str) -> list[str]:
    """:func:`normalise` as a list of words."""
    return normalise(text).split()


def raw_words(text: str) -> list[str]:
    """Lower-case tokens as written (no folding): for readers that need "lpr", "no", "mnt"."""
    return _TOKEN.findall(_prepare(text or ""))
