"""Short answers to the question just asked: yes / no / skip / cancel / thanks / "terserah" /
"yang paling pagi", a choice among buttons, and the privacy level of a complaint.

The phrase tables are data (``core/lang/data/answers_id.txt``). The readers look at the
first clause of the message ("iya boleh, 0857..." -> "iya boleh"), after opening words
("eh", "maaf", "saya"), and decide only when the message starts with an answer or is short:
"lampu tidak menyala" is a description, not a "no". Doubled letters are forgiven ("iyaa",
"sipp"). Every reader returns None / False when unsure: the caller asks again.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache

from core.lang.ids import find_booking_code, find_ticket_code
from core.lang.numbers import UNITS
from core.lang.text import DATA, clauses, normalise, word_set

ANSWERS_FILE = DATA / "answers_id.txt"
Phrase = tuple[str, ...]

# A single leading word that needs nothing but particles after it to count as the answer:
# "tidak menyala" and "mau lapor jalan rusak" are not answers, "tidak" and "mau dong" are.
BARE_WORDS = word_set(
    "tidak nggak no nope belum bukan salah mau bisa lanjut lanjutkan hubungi sesuai"
    " cocok gas ayo hayuk sudah lewat nanti kosong lompat batal batalkan batalin stop berhenti"
    " keluar cancel exit quit"
)
CANCEL_OBJECTS = word_set(
    "ini itu sekarang dari sini semua semuanya percakapan obrolan chat menu form formulir"
    " proses laporan lapor pesanan pesan booking pemesanan pengaduan aduan saja"
)
THANKS_FILLERS = word_set(
    "banyak atas bantuannya bantuan infonya info informasinya informasi sudah membantu sangat"
    " ok ya baik sip siap semuanya selamat pagi siang sore malam kasih jawabannya responnya"
    " pelayanannya layanannya penjelasannya mantap cukup itu saja semoga sehat selalu"
)
# Phrases that, in a short message, say the thing asked for is not there ("fotonya tidak ada").
ABSENT = (
    ("tidak", "ada"),
    ("belum", "ada"),
    ("tidak", "punya"),
    ("belum", "punya"),
    ("tanpa",),
    ("kosong",),
    ("tidak", "bisa", "foto"),
    ("tidak", "bisa", "kirim"),
    ("tidak", "sempat"),
    ("belum", "sempat"),
    ("tidak", "bawa"),
    ("tidak", "ingat"),
    ("tidak", "hafal"),
    ("tidak", "tahu"),
    ("lupa",),
)
_NO_AS_WORD = re.compile(
    r"^\s*no\b(?!\s*[.:]?\s*\d)(?!\s*\.?\s*(?:hp|telp|telepon|tlp|wa|ktp|nik|rumah|handphone"
    r"|ponsel|induk|nomor|urut|antrian|tiket|kode)\b)",
    re.IGNORECASE,
)
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


@lru_cache(maxsize=1)
def tables() -> dict[str, list[Phrase]]:
    """The phrase tables by section, longest phrases first."""
    sections: dict[str, list[Phrase]] = {}
    current = None
    for raw in ANSWERS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        if current is not None:
            current.append(tuple(_squash(w) for w in normalise(line).replace("-", " ").split()))
    for phrases in sections.values():
        phrases.sort(key=len, reverse=True)
    return sections


def _squash(word: str) -> str:
    return re.sub(r"(\w)\1+", r"\1", word)


def _words(clause: str) -> list[str]:
    return [_squash(w) for w in clause.replace("-", " ").split()]


def _match(words: Sequence[str], i: int, section: str) -> int:
    """The length of the longest phrase of ``section`` at ``words[i:]`` (0 when none)."""
    for phrase in tables()[section]:
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _strip(words: list[str], section: str) -> list[str]:
    while words and (n := _match(words, 0, section)):
        words = words[n:]
    return words


def _only_particles(words: Sequence[str]) -> bool:
    return not _strip(list(words), "particles")


def _answer_words(text: str) -> list[str]:
    """The first clause that says something, opening words removed."""
    if _NO_AS_WORD.match(text or ""):
        text = _NO_AS_WORD.sub("nope", text, count=1)
    for clause in clauses(text):
        words = _strip(_words(clause), "openers")
        if words:
            return words
    return []


def _all_words(text: str) -> list[str]:
    return _words(normalise(text))


def _leading(words: list[str]) -> tuple[bool, int] | None:
    yes, no = _match(words, 0, "yes"), _match(words, 0, "no")
    if yes > no:
        return True, yes
    if no:
        return False, no
    return None


def yes_no(text: str) -> bool | None:
    """True for yes ("iya boleh", "nggih", "gpp"), False for no ("nggak", "belum ada",
    "tidak punya", "mboten"), None when the message is not a yes/no answer."""
    words = _answer_words(text)
    if not words:
        return None
    value = _clause_yes_no(words)
    if value is True and _only_particles(words[_match(words, 0, "yes") :]):
        later = [_words(c) for c in clauses(text)[1:]]
        if later and _clause_yes_no(later[0]) is False:
            return False  # "iya, nggak usah": the "iya" only acknowledges
    return value


def _clause_yes_no(words: list[str]) -> bool | None:
    lead = _leading(words)
    if lead is None:
        return _trailing_answer(words)
    value, length = lead
    rest = words[length:]
    if not value and rest and rest[0] in ("tahu", "tau", "yakin", "ingat", "paham", "ngerti"):
        return None
    if value:
        after = _strip(rest, "particles")
        if after and _match(after, 0, "no") > _match(after, 0, "yes"):
            return False  # "iya, nggak usah" / "ya tidak" : the no is the answer
    if length == 1 and words[0] in BARE_WORDS and not _only_particles(rest):
        return None
    return value


def _trailing_answer(words: list[str]) -> bool | None:
    """A short message ending in an answer: "saya rasa tidak", "nomor ini boleh"."""
    if len(words) > 4:
        return None
    for k in range(1, len(words)):
        yes, no = _match(words, k, "yes"), _match(words, k, "no")
        if yes and k + yes == len(words) and yes >= no:
            return True
        if no and k + no == len(words):
            return False
    return None


def is_skip(text: str) -> bool:
    """Whether the citizen skips an optional question ("lewati", "tidak ada foto", "-")."""
    if (text or "").strip() in ("-", "--", "---", "x", "X", "/skip"):
        return True
    words = _answer_words(text)
    if not words:
        return False
    for clause in [words] + [_words(c) for c in clauses(text)[1:]]:
        clause = _strip(clause, "openers")
        n = _match(clause, 0, "skip")
        if n and (clause[0] == "tanpa" or not (n == 1 and clause[0] in BARE_WORDS)):
            return True
        if n and _only_particles(clause[n:]):
            return True
    if yes_no(text) is False:
        return True
    return len(_all_words(text)) <= 7 and any(_contains(words, phrase) for phrase in ABSENT)


def _contains(words: Sequence[str], phrase: Phrase) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def is_cancel(text: str) -> bool:
    """Whether the citizen stops what is going on ("batal", "gak jadi", "stop"). Not when a
    booking or ticket code is named: "batalkan BK-7K3M9Q" asks to cancel that booking."""
    if find_booking_code(text or "") or find_ticket_code(text or ""):
        return False
    words = _answer_words(text)
    if not words:
        return False
    n = _match(words, 0, "cancel")
    if not n:
        return False
    rest = _strip(words[n:], "particles")
    if words[:2] == ["tidak", "jadi"]:
        return True
    if n == 1 and words[0] in BARE_WORDS:
        return all(w in CANCEL_OBJECTS for w in rest)
    return len(rest) <= 2


def is_thanks(text: str) -> bool:
    """Whether the message is a thank-you ("makasih ya pak", "matur nuwun"), nothing more."""
    words = _all_words(text)
    if not words or "?" in (text or "") or any(w in ("tapi", "tetapi", "namun") for w in words):
        return False
    found, rest, i = False, [], 0
    while i < len(words):
        n = _match(words, i, "thanks")
        if n:
            found, i = True, i + n
            continue
        m = _match(words, i, "particles") or _match(words, i, "openers")
        if m:
            i += m
            continue
        if words[i] not in THANKS_FILLERS:
            rest.append(words[i])
        i += 1
    return found and len(rest) <= 2


def _short_with(text: str, section: str, limit: int) -> bool:
    words = _all_words(text)
    if not words or len(words) > limit:
        return False
    return any(_match(words, i, section) for i in range(len(words)))


def is_whatever(text: str) -> bool:
    """ "terserah", "bebas", "apa saja", "yang mana aja", "manut"."""
    return _short_with(text, "whatever", 7)


def is_earliest(text: str) -> bool:
    """ "yang paling pagi", "paling awal", "secepatnya", "yang pertama kosong"."""
    return _short_with(text, "earliest", 8)


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
    titles = [" ".join(_words(normalise(o))) for o in options]
    said = " ".join(_words(normalise(text)))
    if not said:
        return None
    bare = " ".join(_strip(said.split(), "particles"))
    bare = " ".join(w for w in bare.split() if w not in ("saja", "deh")) or said
    for candidate in (said, bare, " ".join(_strip(bare.split(), "openers"))):
        if candidate in titles:
            return titles.index(candidate)
    ordinal = _ordinal(said.split(), len(options))
    if ordinal is not None:
        return ordinal
    contained = [i for i, t in enumerate(titles) if t and re.search(rf"\b{re.escape(t)}\b", said)]
    if len(contained) == 1:
        return contained[0]
    for candidate in (said, bare):
        close = difflib.get_close_matches(candidate, titles, n=1, cutoff=0.8)
        if close:
            return titles.index(close[0])
    return _unique_word(said.split(), titles)


def _unique_word(said: list[str], titles: list[str]) -> int | None:
    stop = {"yang", "dan", "di", "ke", "saya", "ya", "tidak", "saja", "jam", "untuk", "dengan"}
    owners: set[int] = set()
    for word in said:
        if len(word) < 3 or word in stop:
            continue
        holders = {i for i, t in enumerate(titles) if word in t.split()}
        if len(holders) == 1:
            owners |= holders
    return owners.pop() if len(owners) == 1 else None


_IDENTITY = word_set("nama identitas identitasku namaku diri data pelapor siapa")
_HIDE = ("sembunyi", "rahasia", "samar", "tutup", "anonim", "inisial")
_NEGATE = word_set("jangan tidak tanpa bukan")
_PRIVATE = word_set("rahasia privat private tertutup pribadi confidential")
_PUBLIC_WORDS = ("publik", "umum", "dipublikasikan", "diumumkan", "disebar", "ditampilkan")


def privacy_choice(text: str) -> str | None:
    """ "biasa", "anonim" or "rahasia" from a free answer, or None.

    anonim: the report is public but the reporter's identity is hidden ("anonim aja",
    "rahasiakan identitas saya", "jangan tampilkan nama saya"); rahasia: the report itself
    is not public ("rahasia", "jangan dipublikasikan", "privat"); biasa: public
    ("biasa", "umum", "boleh ditampilkan", "gpp", "terserah").
    """
    words = _all_words(text)
    if not words:
        return None
    joined = " ".join(words)
    negated_choice = re.search(
        r"\b(?:tidak usah|tidak perlu|jangan|bukan|tidak)\s+(?:di)?(?:anonim|rahasia\w*)", joined
    )
    if negated_choice:
        return "biasa"
    names_identity = any(w in _IDENTITY for w in words)
    hides = any(h in w for w in words for h in _HIDE)
    negates = any(w in _NEGATE for w in words)
    if any(w.startswith("anonim") or w in ("anonymous", "anon") for w in words):
        return "anonim"
    if names_identity and (hides or negates):
        return "anonim"
    if any("rahasia" in w or w in _PRIVATE for w in words):
        return "rahasia"
    if yes_no(text) is True:
        return "biasa"
    if negates and any(w in _PUBLIC_WORDS for w in words):
        return "rahasia"
    if re.search(r"\bhanya (?:untuk )?(?:petugas|dinas|admin|pemerintah)\b", joined):
        return "rahasia"
    if any(w in ("biasa", "publik", "umum", "normal", "standar", "terbuka") for w in words):
        return "biasa"
    if "ditampilkan" in words or "tampilkan" in words or "dipublikasikan" in words:
        return "biasa"
    if is_whatever(text) or yes_no(text) is True:
        return "biasa"
    return None
