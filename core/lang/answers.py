"""Short answers to the question just asked: yes / no / skip / cancel / thanks / "terserah" /
"yang paling pagi", a choice among buttons, and the privacy level of a complaint.

The phrase tables are data (``core/lang/data/answers_id.txt``). The readers look at the
first clause of the message ("iya boleh, 0857..." -> "iya boleh"), after opening words
("eh", "maaf", "saya"), and decide only when the message starts with an answer or is short:
"lampu tidak menyala" is a description, not a "no". Doubled letters are forgiven ("iyaa",
"sipp"). Every reader returns None / False when unsure: the caller asks again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.lang.choices import pick_choice
from core.lang.ids import find_booking_code, find_ticket_code
from core.lang.phrases import Phrase, match, phrase_words, strip
from core.lang.text import NEGATIONS, clauses, normalise, word_set

__all__ = [
    "changed_to",
    "is_cancel",
    "is_earliest",
    "is_skip",
    "is_thanks",
    "is_unknown",
    "is_whatever",
    "pick_choice",
    "privacy_choice",
    "yes_no",
]


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
    ("tidak", "tau"),
    ("lupa",),
    ("nyusul",),
    ("menyusul",),
    ("belum", "difoto"),
    ("tidak", "difoto"),
    ("belum", "foto"),
    ("tidak", "foto"),
)
# "oh ya", "eh iya": an interjection that opens something else ("by the way")
_BY_THE_WAY = re.compile(r"^\s*(oh+|o|eh|ah)\s+(ya|iya|iyaa|yah)\b\W*$", re.IGNORECASE)
# Words that make a message a question, not an answer ("nomornya berapa ya?").
QUESTION_WORDS = word_set(
    "apa apakah berapa bagaimana gimana kapan dimana mana siapa kenapa mengapa bisakah"
)
_NO_AS_WORD = re.compile(
    r"^\s*no\b(?!\s*[.:]?\s*\d)(?!\s*\.?\s*(?:hp|telp|telepon|tlp|wa|ktp|nik|rumah|handphone"
    r"|ponsel|induk|nomor|urut|antrian|tiket|kode|need|photo|foto|picture|pic)\b)",
    re.IGNORECASE,
)


def _only_particles(words: Sequence[str]) -> bool:
    return not strip(list(words), "particles")


def _answer_words(text: str) -> list[str]:
    """The first clause that says something, opening words removed."""
    if _NO_AS_WORD.match(text or ""):
        text = _NO_AS_WORD.sub("nope", text, count=1)
    for clause in clauses(text):
        words = strip(phrase_words(clause), "openers")
        if words:
            return words
    return []


def _all_words(text: str) -> list[str]:
    return phrase_words(normalise(text))


def _leading(words: list[str]) -> tuple[bool, int] | None:
    yes, no = match(words, 0, "yes"), match(words, 0, "no")
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
    lead = _leading(words)
    if lead is not None and (text or "").rstrip().endswith("?"):
        rest = strip(words[lead[1] :], "particles")
        if rest and not any(ch.isdigit() for ch in "".join(rest)):
            return None  # "boleh tanya dulu?", "bisa hari sabtu?": a question back
    if value is None and len(words) <= 2:
        # "enggeus, teu kedah": an opening the tables do not know, then the answer
        later = [strip(phrase_words(c), "openers") for c in clauses(text)[1:2]]
        if later and later[0]:
            return _clause_yes_no(later[0])
    if value is True and _only_particles(words[match(words, 0, "yes") :]):
        later = [phrase_words(c) for c in clauses(text)[1:]]
        if later and _clause_yes_no(later[0]) is False:
            return False  # "iya, nggak usah": the "iya" only acknowledges
        said = [_clause_yes_no(w) for w in later if w]
        asking = text.rstrip().endswith("?") or any(set(w) & QUESTION_WORDS for w in later)
        if _BY_THE_WAY.match(clauses(text)[0]) and asking and said.count(None) == len(said):
            return None  # "oh ya, biasanya berapa lama diprosesnya?": by the way, a question
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
        after = strip(rest, "particles")
        if after and match(after, 0, "no") > match(after, 0, "yes"):
            return False  # "iya, nggak usah" / "ya tidak" : the no is the answer
    if length == 1 and words[0] in BARE_WORDS and not _only_particles(rest):
        passive = value and len(rest) <= 3 and rest[0].startswith("di") and len(rest[0]) > 4
        if not passive:  # "bisa dihubungi" is an answer, "bisa pesan lapangan?" is not
            return None
    return value


def _trailing_answer(words: list[str]) -> bool | None:
    """A short message ending in an answer: "saya rasa tidak", "nomor ini boleh"; not a
    question ("nomornya berapa ya")."""
    if len(words) > 4 or any(w in QUESTION_WORDS for w in words):
        return None
    for k in range(1, len(words)):
        yes, no = match(words, k, "yes"), match(words, k, "no")
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
    for clause in [words] + [phrase_words(c) for c in clauses(text)[1:]]:
        clause = strip(clause, "openers")
        n = match(clause, 0, "skip")
        if n and (clause[0] == "tanpa" or not (n == 1 and clause[0] in BARE_WORDS)):
            return True
        if n and _only_particles(clause[n:]):
            return True
    if yes_no(text) is False:
        return True
    short = [c for c in (phrase_words(c) for c in clauses(text)) if len(c) <= 8]
    return any(_contains(c, phrase) for c in short for phrase in ABSENT)


UNKNOWN = (
    ("tidak", "tahu"),
    ("tidak", "tau"),
    ("kurang", "tahu"),
    ("kurang", "tau"),
    ("tidak", "ingat"),
    ("tidak", "hafal"),
    ("lupa",),
    ("entah",),
    ("embuh",),
)


def is_unknown(text: str) -> bool:
    """Whether the citizen does not know the answer ("tidak tahu", "gatau nama jalannya",
    "lupa nak", "lewati"); narrower than :func:`is_skip` ("lahan kosong" is a place)."""
    if (text or "").strip().lower() in ("-", "lewati", "skip", "/skip"):
        return True
    short = [c for c in (phrase_words(c) for c in clauses(text)) if len(c) <= 8]
    return any(_contains(c, phrase) for c in short for phrase in UNKNOWN)


def _contains(words: Sequence[str], phrase: Phrase) -> bool:
    """Whether the words of ``phrase`` occur in order, at most one word between them
    ("tidak saya bawa", "belum ada fotonya")."""
    for start, word in enumerate(words):
        if word != phrase[0]:
            continue
        at, found = start, True
        for part in phrase[1:]:
            window = words[at + 1 : at + 3]
            if part not in window:
                found = False
                break
            at += 1 + window.index(part)
        if found:
            return True
    return False


_NOT_A_THING = word_set("usah perlu jadi mau apa")  # "ga jadi ga usah": still giving up
# what a person sighs before giving up ("ya udah ga jadi deh"): not a yes
_GIVING_UP = (["ya", "sudah"], ["yasudah"], ["sudah", "lah"], ["sudah"], ["sudahlah"], ["ya"])


def is_cancel(text: str) -> bool:
    """Whether the citizen stops what is going on ("batal", "gak jadi", "stop"). Not when a
    booking or ticket code is named: "batalkan BK-7K3M9Q" asks to cancel that booking."""
    if find_booking_code(text or "") or find_ticket_code(text or ""):
        return False
    words = _answer_words(text)
    for lead in _GIVING_UP:  # "ya udah ga jadi deh": the sigh first ("ya, batalkan" at a
        # cancel's confirmation is a yes: only "tidak jadi" after it)
        if words[: len(lead)] == lead and words[len(lead) : len(lead) + 2] == ["tidak", "jadi"]:
            words = words[len(lead) :]
            break
    if not words:
        return False
    n = match(words, 0, "cancel")
    if not n:
        return False
    rest = strip(words[n:], "particles")
    if words[:2] == ["tidak", "jadi"]:
        # "ga jadi, ga ada foto": never mind the photo, go on ("ga jadi ga usah" gives up)
        if len(rest) >= 2 and rest[0] in ("tidak", "bukan") and rest[1] not in _NOT_A_THING:
            return False
        return changed_to(text) is None  # "nggak jadi futsal, tenis aja": a change of mind
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
        n = match(words, i, "thanks")
        if n:
            found, i = True, i + n
            continue
        m = match(words, i, "particles") or match(words, i, "openers")
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
    return any(match(words, i, section) for i in range(len(words)))


def is_whatever(text: str) -> bool:
    """ "terserah", "bebas", "apa saja", "yang mana aja", "manut"."""
    return _short_with(text, "whatever", 7)


def is_earliest(text: str) -> bool:
    """ "yang paling pagi", "paling awal", "secepatnya", "yang pertama kosong"."""
    return _short_with(text, "earliest", 8)


_IDENTITY = word_set("nama identitas identitasku namaku diri data pelapor siapa nami jenenge")
_HIDE = ("sembunyi", "rahasia", "samar", "tutup", "anonim", "inisial", "sumput")
_PRIVATE = word_set("rahasia privat private tertutup pribadi confidential")
# Words that, negated, keep the report itself from the public ("jangan dipublikasikan").
_PUBLIC_WORDS = word_set("publik umum dipublikasikan diumumkan disebar disebarluaskan diviralkan")


# question words, Javanese and Sundanese ones too: a question is no privacy level
_ASKING = word_set(
    "apakah berapa bagaimana gimana kapan dimana siapa kenapa mengapa menapa napa pripun "
    "piye kumaha sabaraha naon iraha"
)


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
    negates = any(w in NEGATIONS or w == "ulah" for w in words)  # Sundanese "ulah": don't
    identity_hidden = any(w.startswith("anonim") or w in ("anonymous", "anon") for w in words) or (
        names_identity and (hides or negates)
    )
    report_hidden = (negates and any(w in _PUBLIC_WORDS for w in words)) or any(
        ("rahasia" in w or w in _PRIVATE) and not names_identity for w in words
    )
    if report_hidden:
        return "rahasia"  # with the identity hidden too: rahasia hides both
    if identity_hidden:
        return "anonim"
    asks = "?" in (text or "") or any(w in _ASKING for w in words)
    if yes_no(text) is True and not asks:  # "oh nggih, truk sampah ... menapa to?" asks
        return "biasa"
    if re.search(r"\bhanya (?:untuk )?(?:petugas|dinas|admin|pemerintah)\b", joined):
        return "rahasia"
    if any(w in _ASKING for w in words):  # "apa bedanya biasa dan anonim?"
        return None
    if any(w in ("biasa", "publik", "umum", "normal", "standar", "terbuka") for w in words):
        return "biasa"
    if "ditampilkan" in words or "tampilkan" in words or "dipublikasikan" in words:
        return "biasa"
    if is_whatever(text) or yes_no(text) is True:
        return "biasa"
    return None


_CHANGE_TO = re.compile(
    r"\b(?:bukan\b.+?\b(?:tapi|tetapi|melainkan)|(?:ganti|diganti|pindah)(?:\s+(?:ke|jadi|menjadi))?)"
    r"\s+(?P<new>.+)$"
)
# after "nggak jadi ...,": what is no other choice ("nanti saja", "makasih")
_NOT_A_CHOICE = word_set("nanti lain terima makasih kapan besok-besok maaf")


def _particles_off(words: list[str]) -> list[str]:
    """Words with the particles at both ends taken off ("tenis b saja deh" -> "tenis b")."""
    words = strip(words, "particles")
    while words and match(words, len(words) - 1, "particles") == 1:
        words = words[:-1]
    return words


def changed_to(text: str) -> str | None:
    """What the citizen wants instead, when it changes its mind: "nggak jadi futsal, tenis b
    aja" -> "tenis b", "bukan futsal tapi tenis" -> "tenis", "ganti ke aula aja" -> "aula";
    None otherwise ("nggak jadi deh", "gak jadi, nanti aja")."""
    parts = [strip(phrase_words(c), "openers") for c in clauses(text)]
    parts = [p for p in parts if p]
    if len(parts) >= 2 and parts[0][:2] == ["tidak", "jadi"]:
        rest = _particles_off(parts[1])
        cancels = match(rest, 0, "cancel") or match(rest, 0, "thanks")
        if rest and not cancels and rest[0] not in _NOT_A_CHOICE:
            return " ".join(rest)
    m = _CHANGE_TO.search(normalise(text))
    if m is not None:
        rest = _particles_off(m.group("new").split())
        return " ".join(rest) or None
    return None
