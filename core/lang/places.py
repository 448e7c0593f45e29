"""Places in what citizens write: where a place named in a sentence ends, and whether a
place can be found by someone who does not know the citizen's street.

- :func:`place_phrase`: "jalan depan rumah saya sudah tiga malam ini mati terus" ->
  "jalan depan rumah saya". The place is cut where the sentence goes on: a clause that does
  not continue the address ("..., tidak ada fotonya"), a word that starts a new statement
  (sudah, sejak, kalau, tidak ...), a time ("dari kemarin", "3 hari"), or one of the
  caller's problem words ("mati", "numpuk": the complaint categories' words).
- :func:`is_vague`: "depan rumah saya", "deket pasar": no street with its name, no landmark
  with its name, no RT/RW, no house or block number and none of the caller's place names
  (the city's kelurahan and kecamatan).
- :func:`names_area`: the place says in which part of town it is (a named street, a
  kelurahan, a landmark the city has one of); "depan masjid al-ikhlas", "rt 3 rw 5" do not.
- :func:`looks_like_place`: the text names a place at all (a street, a landmark, "depan
  rumah") rather than anything else.

Words are compared after :func:`core.lang.text.fold_word` ("dpn" -> "depan", "udh" ->
"sudah"); the text returned is the citizen's own, as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.lang.text import fold_word, word_set

__all__ = ["is_vague", "looks_like_place", "names_area", "place_phrase"]

STREETS = word_set(
    "jalan jl jln gang gg lorong perum perumahan komplek kompleks griya dusun kampung kp desa"
)
LANDMARKS = word_set(
    "masjid mesjid musala musholla mushola langgar surau gereja pura vihara klenteng sekolah sd"
    " sdn smp smpn sma sman smk madrasah mts pesantren pondok pasar kantor puskesmas posyandu"
    " rs rsud klinik balai taman terminal halte stasiun tps lapangan alun toko warung minimarket"
    " indomaret alfamart pos bank kampus universitas spbu pom jembatan makam pemakaman polsek"
    " koramil bundaran perempatan prapatan pertigaan simpang tikungan gapura tugu kali sungai"
    " gedung ruko gor stadion"
)
LOCATIVES = word_set(
    "depan dekat deket samping belakang sebelah seberang ujung pinggir sekitar arah ngajeng dalam"
)
# parts of an address that continue it after a comma (", RT 03", ", kelurahan X", ", dekat ...")
CONTINUES = (
    STREETS
    | LANDMARKS
    | LOCATIVES
    | word_set("rt rw kel kelurahan kec kecamatan no nomor blok kota km di")
)
# words that are no one's name: "jalan depan rumah saya", "pasar dekat sini"
GENERIC = LOCATIVES | word_set(
    "rumah saya kami kita aku gue ibu bapak bu pak nak mbak mas kak kakak adik dia mereka ini itu"
    " sini situ sana yang di ke dari menuju kecil besar utama raya ronda kosong umum tersebut"
    " sama pas persis tepat warga tetangga kampung lama baru-baru kita punya nya sekitarnya"
    " rt rw"
)
# a word that starts a new statement: the place has ended before it
BOUNDARY = word_set(
    "sudah telah sejak semenjak sedang masih belum tidak bukan kalau jika apabila karena soalnya"
    " sehingga makanya tiap setiap selama sering mohon tolong minta bikin membuat ada banyak kok"
    " sampai hingga padahal tetapi tapi namun terus lalu kemudian akibatnya pokoknya udah gimana"
    " bagaimana kapan kenapa mengapa apakah nggih mboten ndak kagak hampir"
)
TIME_WORDS = word_set(
    "kemarin tadi pagi siang sore malam subuh minggu hari bulan tahun jam pekan senin selasa"
    " rabu kamis jumat sabtu lalu beberapa"
)
UNITS = word_set("hari malam minggu bulan tahun jam pekan kali")
# said at the end of a place, not part of it ("di Jl. Jambu RT 01 nak"); "ibu", "pak" only
# after a comma ("depan rumah ibu" is the speaker's house)
TRAILING = word_set(
    "nak kak min admin gan ya dong deh sih nih lho loh nggih mawon dan yang dengan juga itu"
)
VOCATIVES = word_set("pak bu bapak ibu mas mbak")
ABBREVIATIONS = word_set("jl jln gg no kel kec rt rw dr h st kp")
# words a number of an address follows ("rt dua rw tujuh", "nomor tiga puluh dua", "gang
# tiga"): a kiosk transcript writes that number in digits (voice/spoken.py)
NUMBERED = word_set("rt rw no nomor nomer blok gang gg km lantai")
# a word, a number with separators, or a clause break (a full stop after "Jl" is no break)
_TOKEN = re.compile(r"[^\W_]+(?:[-/'][^\W_]+)*|[,;!?]|\.(?!\d)", re.UNICODE)
_MAX_SUFFIX = 3  # "baunya", "numpuknya": a problem word with a short suffix still counts
_NUMBERED = re.compile(r"\b(?:rt|rw|no|nomor|blok|km)\s*\.?\s*[0-9]+[a-z]?\b|\bblok\s+[a-z]\d*\b")


def _fold(token: str) -> str:
    return fold_word(token.lower())


def _is_problem(words: list[str], i: int, problems: list[list[str]]) -> bool:
    for phrase in problems:
        window = [w.split(" ")[0] for w in words[i : i + len(phrase)]]  # "bolong2": "bolong"
        if len(window) == len(phrase) and all(
            w == p or (len(p) >= 3 and w.startswith(p) and len(w) - len(p) <= _MAX_SUFFIX)
            for w, p in zip(window, phrase, strict=True)
        ):
            return True
    return False


def _names_it(words: list[str], i: int, raw: str, names: set[str]) -> bool:
    """Whether the problem word at ``i`` is a street's name: right after "gang" / "jalan",
    written with a capital ("Gang Buntu") or followed by more of the address ("gang buntu jl
    bromo"); "di jalan rusak" and "dpn masjid mati" are the problem."""
    if i == 0 or words[i - 1] not in STREETS:
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    return raw[:1].isupper() or after in STREETS or after in ("rt", "rw", "no") or after in names


def _goes_on(words: list[str], names: set[str]) -> bool:
    """Whether these words, after a kelurahan's name, still belong to the address."""
    first = words[0]
    return (
        _starts_place(words, names)
        or first[:1].isdigit()
        or first in _NUMBER_WORDS
        or first in _NAME_GOES_ON  # "Jl. Sukamaju Raya": a street named after the kelurahan
    )


_NAME_GOES_ON = word_set(
    "raya indah baru lama timur barat utara selatan tengah permai asri dalam luar atas bawah"
)


def _starts_place(words: list[str], names: set[str]) -> bool:
    """Whether a clause of these (folded) words continues an address."""
    if not words:
        return False
    if words[0] == "di":
        return _starts_place(words[1:], names)
    return (
        words[0] in CONTINUES
        or words[0] in names
        or any(" ".join(words[: len(n.split())]) == n for n in names)
    )


def place_phrase(text: str, problems: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    """The place at the start of ``text``, as written, without the rest of the sentence.

    ``problems``: words or phrases that say what is wrong ("mati", "tidak diangkut"); a place
    ends before them. ``names``: place names (kelurahan) that may continue an address after
    a comma ("Jl. Kenari RT 02, Sukasari")."""
    text = _SPOKEN_STOP.sub(".", text or "")  # a voice note's "... tegalsari titik pohonnya"
    tokens = list(_TOKEN.finditer(text))
    folded = [_fold(t.group()) for t in tokens]
    problem_words = [p.lower().split() for p in problems if p.strip()]
    known = {n.lower() for n in names}
    words_only = [(k, w) for k, w in enumerate(folded) if w not in ",;!?."]
    position = {k: j for j, (k, _) in enumerate(words_only)}
    plain = [w for _, w in words_only]
    end = len(text or "")
    seen = 0
    for k, (token, word) in enumerate(zip(tokens, folded, strict=True)):
        if word in ",;!?.":
            if word == "." and k and tokens[k - 1].group().lower() in ABBREVIATIONS:
                continue
            rest = plain[position[k + 1] :] if k + 1 in position else []
            if seen and _starts_place(rest, known):
                continue
            end = token.start()
            break
        j = position[k]
        after = plain[j + 1] if j + 1 < len(plain) else ""
        if j and plain[j - 1] in known and not _goes_on(plain[j:], known):
            end = tokens[k].start()  # "jl cut nyak dien sukasari rantainya putus": the
            break  # kelurahan ends the address unless more of it follows
        if seen and (
            word in BOUNDARY
            or (word in ("dari", "sejak") and (after in TIME_WORDS or after[:1].isdigit()))
            or ((word[:1].isdigit() or word in _NUMBER_WORDS) and after in UNITS)
            or (word in ("dan", "yang") and not _starts_place(plain[j + 1 :], known))
            or (
                _is_problem(plain, j, problem_words)
                and not _names_it(plain, j, token.group(), known)
            )
        ):
            end = token.start()
            break
        seen += 1
    phrase = _VOCATIVE_INSIDE.sub("", (text or "")[:end])  # "RT 03 nak, dekat langgar"
    return _strip_trailing(phrase)


# punctuation said aloud in a voice transcript; "titik kumpul", "titik nol" are places
_SPOKEN_STOP = re.compile(r"\s+titik\b(?!\s*(?:kumpul|nol|temu|koordinat|lokasi|rawan))", re.I)
_VOCATIVE_INSIDE = re.compile(r"\s+(?:nak|min|kak|gan|dong|ya)(?=\s*[,;])", re.I)
_NUMBER_WORDS = word_set("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh se")


def _strip_trailing(phrase: str) -> str:
    phrase = phrase.strip(" ,;:-")
    while True:
        tail = re.search(r"([\s,]+)([^\W_]+)\W*$", phrase)
        if tail is None:
            return phrase.strip(" ,;:-")
        word = tail.group(2).lower()
        if word not in TRAILING and not (word in VOCATIVES and "," in tail.group(1)):
            return phrase.strip(" ,;:-")
        phrase = phrase[: tail.start()].strip(" ,;:-")


def _named_after(words: list[str], i: int) -> bool:
    """Whether the street or landmark word at ``i`` has a name within the next two words."""
    for w in words[i + 1 : i + 3]:
        if w not in GENERIC and w not in STREETS and w not in LANDMARKS:
            return True
    return False


def is_vague(place: str, names: Iterable[str] = ()) -> bool:
    """Whether nobody could find ``place`` without knowing the citizen: no street or
    landmark with a name, no RT/RW or house number, none of ``names`` (kelurahan...)."""
    low = (place or "").lower()
    if _NUMBERED.search(low):
        return False
    words = [_fold(t.group()) for t in _TOKEN.finditer(low)]
    words = [w for part in words for w in part.split() if w not in ",;!?."]
    joined = f" {' '.join(words)} "
    if any(f" {n.lower()} " in joined for n in names if n.strip()):
        return False
    for i, w in enumerate(words):
        if (w in STREETS or w in LANDMARKS) and _named_after(words, i):
            return False
    return True


# landmarks a city has one of: named alone, they say where ("alun-alun", "terminal")
ONE_IN_TOWN = word_set("alun terminal stasiun rsud stadion bandara pendopo")


def names_area(place: str, names: Iterable[str] = ()) -> bool:
    """Whether ``place`` says in which part of town it is: a street or gang with its name,
    one of ``names`` (kelurahan...), or a landmark the city has one of. "depan masjid
    al-ikhlas" or "rt 3 rw 5" alone is found in every kelurahan."""
    low = (place or "").lower()
    words = [w for t in _TOKEN.finditer(low) for w in re.split(r"[\s-]+", _fold(t.group())) if w]
    joined = f" {' '.join(words)} "
    if any(f" {n.lower()} " in joined for n in names if n.strip()):
        return True
    return any(
        (w in STREETS and _named_after(words, i)) or w in ONE_IN_TOWN for i, w in enumerate(words)
    )


def looks_like_place(text: str) -> bool:
    """Whether ``text`` names a place at all: a street, a landmark, "depan rumah"."""
    words = [_fold(t.group()) for t in _TOKEN.finditer((text or "").lower())]
    places = STREETS | LANDMARKS | LOCATIVES | word_set("rumah rt rw kelurahan kecamatan")
    return any(w in places for part in words for w in part.split())
