"""Clock times, ranges, durations and head counts in Indonesian text. Import these from
:mod:`core.lang.when`.

Every reader works on the text normalised (:func:`core.lang.text.normalise`) with numbers
said in words written in digits ("jam tujuh malam" -> "jam 7 malam"), so typed and spoken
forms go through the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from core.lang.calendar_id import MONTH_NUMBERS, WhenError, hour_in_period, period_name
from core.lang.numbers import words_to_digits
from core.lang.text import normalise

_P = r"(?:pagi|siang|sore|malam|petang|subuh|dini hari|dini)"
_HM = r"\d{1,3}(?:[.:]\d{1,2})?"
_CLOCK = re.compile(
    r"(?<![\d-])\b(?:jam|pukul)\s*(?P<half>setengah\s+)?(?P<h>\d{1,3})(?!\d|\s*menit)"
    r"(?:[.:](?P<m>\d{1,2})|\s+(?P<m2>[0-5]\d)(?!\d|\s*(?:orang|org|peserta|jam|hari)\b))?(?:-?an)?"
    r"(?:\s+(?P<op>lewat|lebih|kurang)\s+(?P<delta>seperempat|setengah|\d{1,2})(?:\s+menit)?)?"
    rf"(?:\s+wib)?(?:\s+(?P<p>{_P}))?"
)
_BARE_CLOCK = re.compile(
    r"(?<![\d/.,:-])(?P<h>\d{1,2})[.:](?P<m>\d{2})(?![\d/.,:-]*\d)"
    rf"(?:\s+wib)?(?:\s+(?P<p>{_P}))?"
)
_HOUR_PERIOD = re.compile(
    rf"(?<!tanggal )(?<![\d/.,:-])(?P<half>setengah\s+)?(?P<h>\d{{1,2}})\s+(?P<p>{_P})\b"
)
_UNTIL_KA = r"sampai(?:\s+k[ae](?=\s+(?:jam|pukul)))?"  # Sundanese "dugi ka jam 12"
_RANGE = re.compile(
    rf"(?:\b(?P<from>dari)\s+)?(?:\b(?P<kw>jam|pukul)\s*)?(?<![\d/.,:-])(?P<a>{_HM})"
    rf"(?:\s+(?P<pa>{_P}))?\s*(?P<sep>sampai dengan|{_UNTIL_KA}|hingga|-|–)\s*"
    rf"(?:(?:jam|pukul)\s*)?(?P<b>{_HM})(?![\d/.,:]*\d|-\d)(?:\s+wib)?(?:\s+(?P<pb>{_P}))?"
    r"(?!\s*(?:orang|org|peserta|hari|menit|jam|tahun|bulan|minggu)\b)"
)
_MONTH_AFTER = re.compile(
    r"\s*(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\b"
)
_UNTIL = re.compile(r"\b(?:sampai|hingga)\s+(?:jam|pukul)\s*(?P<b>\d{1,2}(?:[.:]\d{2})?)")
_PERIOD_WORD = re.compile(rf"(?<!selamat )\b(?P<p>{_P})\b")

_DURATION = re.compile(
    r"(?<!jam )(?<!pukul )(?<!tanggal )(?<![\d.,:/-])"
    r"\b(?P<n>1/2|\d{1,3}(?:[.,]\d)?|setengah|seperempat)"
    r"(?:\s+(?P<half1>setengah))?\s*(?P<u>jam(?:-?an)?|jaman|menit)\b"
    r"(?:\s+(?P<more>\d{1,2})\s+menit)?(?:\s+(?P<half2>setengah))?"
)
_SEJAM = re.compile(r"\bsejam(?:-?an)?\b(?:\s+(?P<half>setengah))?")

_PEOPLE = re.compile(
    r"\b(?P<n>\d{1,4})\s*(?:-?an\s*)?(?:orang|org|peserta|pemain|warga|tamu|anggota|personel"
    r"|personil|undangan|jiwa|murid|siswa|anak)\b"
)
_BER = re.compile(r"\bber-?\s*(?P<n>\d{1,3})\b")
_BER_WORDS = {
    "berdua": 2,
    "bertiga": 3,
    "berempat": 4,
    "berlima": 5,
    "berenam": 6,
    "bertujuh": 7,
    "berdelapan": 8,
    "bersembilan": 9,
    "bersepuluh": 10,
    "bersebelas": 11,
}


@dataclass(frozen=True)
class TimeFound:
    """A clock time (``at``), the part of the day said (``period``: pagi / siang / sore /
    malam), and the end of a range ("jam 9 sampai 12": ``end`` 12.00)."""

    at: time | None
    period: str | None
    end: time | None = None


# the prayer times people book by ("habis maghrib", "ba'da isya"), in Kota Contoh's time
# zone; "habis"/"setelah" is the hour after the prayer, the name alone the prayer's hour
_PRAYER = re.compile(
    r"\b(?:(?P<after>habis|abis|sehabis|setelah|sesudah|bakda|bada|ba da|badha|bubar)\s+)?"
    r"(?:(?:sholat|shalat|solat|salat)\s+)?"
    r"(?P<name>maghrib|magrib|mahrib|isya|isyak|ashar|asar|dzuhur|zuhur|duhur|lohor)\b"
)
_PRAYER_AT = {"maghrib": (18, 19), "isya": (19, 20), "ashar": (15, 16), "dzuhur": (12, 13)}
_PRAYER_NAMES = {"magrib": "maghrib", "mahrib": "maghrib", "isyak": "isya", "asar": "ashar"}
_PRAYER_NAMES |= {"zuhur": "dzuhur", "duhur": "dzuhur", "lohor": "dzuhur"}


def _prayer_time(m: re.Match[str]) -> str:
    name = m.group("name")
    at, after = _PRAYER_AT[_PRAYER_NAMES.get(name, name)]
    hour = after if m.group("after") else at
    return f"jam {hour}"


# An hour, a date or a day corrected in the same breath, as a speaker does: "jam delapan eh
# bukan jam sembilan pagi", "jam 3 maksud saya jam 4", "tanggal 15 eh salah tanggal 16",
# "hari kamis eh bukan jumat": the first one and the marker go, the corrected one stays
# (on the prepared text: numbers already digits; the second must be of the same kind).
_DAY_NAMES = "senin|selasa|rabu|kamis|jumat|sabtu|minggu"
# "bukan" alone contrasts ("jam 7 bukan jam 9": seven is meant); "eh bukan" corrects
_SAID_AGAIN = (
    r"(?:(?:eh+|eits|ups)\s+bukan|(?:(?:eh+|eits|ups)\s+)?(?:salah|keliru|ralat"
    r"|maksud(?:nya|\s+saya|ku)?))(?:\s+(?:eh+\s+)?(?:maksud(?:nya|\s+saya|ku)?|tapi))?\s+"
)
_CORRECTED = re.compile(
    rf"\b(?:jam|pukul)\s+\d{{1,2}}(?:[.:]\d{{2}})?(?:\s+(?:pagi|siang|sore|malam))?\s+"
    rf"{_SAID_AGAIN}(?=(?:jam|pukul)\s+\d)"
    rf"|\b(?P<date>tanggal|tgl)\s+\d{{1,2}}\s+{_SAID_AGAIN}(?=(?:tanggal\s+|tgl\s+)?\d{{1,2}}\b)"
    rf"|\b(?:hari\s+)?(?:{_DAY_NAMES})\s+{_SAID_AGAIN}(?=(?:hari\s+)?(?:{_DAY_NAMES})\b)"
)


def prepare(text: str) -> str:
    """The text as the date and time readers see it: normalised, numbers in digits, a
    prayer time as its hour ("habis maghrib" -> "jam 19"), an hour, date or day corrected in
    the same breath only as corrected ("jam 8 eh bukan jam 9" -> "jam 9")."""
    glued = re.sub(r"(?<=\d)\s*[-–]\s*(?=\d)", "-", text or "")  # "08.00 - 10.00"
    said = _PRAYER.sub(_prayer_time, words_to_digits(normalise(glued)))
    return _CORRECTED.sub(_corrected, said)


def _corrected(m: re.Match[str]) -> str:
    """What stays of an hour, date or day said again: nothing, or "tanggal" where the
    corrected date is the bare number ("tanggal 15 eh salah 17")."""
    rest = m.string[m.end() :]
    if m.group("date") and not rest.startswith(("tanggal", "tgl")):
        return "tanggal "
    return ""


def _hm(raw: str, text: str) -> tuple[int, int]:
    hour, _, minute = raw.replace(":", ".").partition(".")
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59:
        raise WhenError("time_unknown")
    return h % 24, m


def _other_period(s: str, span: tuple[int, int]) -> str | None:
    """A part of the day said elsewhere in the message ("besok malam jam 7")."""
    for m in _PERIOD_WORD.finditer(s):
        if not span[0] <= m.start() < span[1]:
            return period_name(m.group("p").split()[0])
    return None


def _clock(m: re.Match[str], s: str, text: str) -> TimeFound:
    groups = m.groupdict()
    said_minutes = groups.get("m") or groups.get("m2")  # "jam 8.30", "jam 8 30" (speech)
    hour, minute = _hm(groups["h"] + ("." + said_minutes if said_minutes else ""), text)
    if groups.get("half"):
        hour, minute = (hour - 1) % 24, 30  # "setengah 8" = 7.30
    op = groups.get("op")
    if op:
        delta_raw = groups["delta"]
        delta = {"seperempat": 15, "setengah": 30}.get(delta_raw) or int(delta_raw)
        if delta >= 60:
            raise WhenError("time_unknown")
        total = hour * 60 + minute + (-delta if op == "kurang" else delta)
        hour, minute = divmod(total % (24 * 60), 60)
    said = groups.get("p")
    period = period_name(said.split()[0]) if said else _other_period(s, m.span())
    return TimeFound(time(hour_in_period(hour, period), minute), period)


def _range(m: re.Match[str], s: str, text: str) -> TimeFound | None:
    bare = not (m.group("kw") or m.group("from"))
    bare_dash = m.group("sep") in ("-", "–") and bare
    before = s[: m.start()].split()[-1:]
    if bare and (before in (["tanggal"], ["tgl"]) or _MONTH_AFTER.match(s, m.end())):
        return None  # "tanggal 14 sampai 16 desember": days, not hours
    if bare_dash:
        # "sabtu 9-11" is a range; "tanggal 5-12", "rt 03-05" and a dash between two of
        # several numbers (dates, codes) are not
        outside = _cut(s, m.span())
        if before in (["rt"], ["rw"], ["nomor"], ["no"], ["kode"]):
            return None
        if any(ch.isdigit() for ch in outside):
            return None
    (h1, m1), (h2, m2) = _hm(m.group("a"), text), _hm(m.group("b"), text)
    pa, pb = m.group("pa"), m.group("pb")
    end_period = period_name(pb.split()[0]) if pb else None
    if end_period is None and pa is None:
        end_period = _other_period(s, m.span())
    start_period = period_name(pa.split()[0]) if pa else None
    end = time(hour_in_period(h2, end_period), m2)
    start_hour = hour_in_period(h1, start_period)
    if start_period is None and end_period is not None:
        shifted = hour_in_period(h1, end_period)
        if (shifted, m1) < (end.hour, end.minute):
            start_hour = shifted  # "jam 7 sampai 9 malam": both in the evening
    if end.hour * 60 + end.minute <= start_hour * 60 + m1 and end.hour + 12 < 24 and h2 <= 12:
        end = time(end.hour + 12, m2)  # "jam 10 sampai 2": 14.00
    return TimeFound(time(start_hour, m1), start_period or end_period, end)


def scan_time(text: str) -> tuple[TimeFound | None, str]:
    """:func:`find_time` and the prepared text with that time taken out (for date reading)."""
    s = prepare(text)
    for r in _RANGE.finditer(s):
        found = _range(r, s, text)
        if found is not None:
            return found, _cut(s, r.span())
    until = _UNTIL.search(s)
    clock = _CLOCK.search(s)
    if until is not None and (clock is None or clock.start() > until.start()):
        h, mi = _hm(until.group("b"), text)
        return TimeFound(None, None, time(h, mi)), _cut(s, until.span())
    for pattern in (_CLOCK, _BARE_CLOCK, _HOUR_PERIOD):
        m = pattern.search(s)
        if m is not None:
            return _clock(m, s, text), _cut(s, m.span())
    p = _PERIOD_WORD.search(s)
    if p is not None:
        return TimeFound(None, period_name(p.group("p").split()[0])), _cut(s, p.span())
    return None, s


def _cut(s: str, span: tuple[int, int]) -> str:
    return " ".join((s[: span[0]] + " " + s[span[1] :]).split())


def find_time(text: str) -> TimeFound | None:
    """The clock time, range or part of the day in ``text``; WhenError('time_unknown') for an
    hour past 24 or minutes past 59. "jam 7" stays 07.00 with no period: callers decide."""
    return scan_time(text)[0]


def find_duration_minutes(text: str) -> int | None:
    """ "sejam" 60, "setengah jam" 30, "1,5 jam" / "satu setengah jam" 90, "2 jam-an" 120,
    "90 menit" 90, "2 jam setengah" 150; None when the text names no duration ("sampai
    jam 12" is the end of a range, not a length)."""
    s = prepare(text)
    m = _SEJAM.search(s)
    if m is not None:
        return 90 if m.group("half") else 60
    for m in _DURATION.finditer(s):
        raw = m.group("n")
        value = {"setengah": 0.5, "1/2": 0.5, "seperempat": 0.25}.get(raw)
        if value is None:
            value = float(raw.replace(",", "."))
        if m.group("half1"):
            value += 0.5
        minutes = value if m.group("u") == "menit" else value * 60
        if m.group("more"):
            minutes += int(m.group("more"))
        if m.group("half2"):
            minutes += 30
        if minutes > 0:
            return int(minutes)
    return None


def find_people(text: str) -> int | None:
    """ "10 orang", "sepuluh orang", "kami ber-10", "berlima", "sekitar 20-an orang"; a bare
    number is the caller's to read (:func:`core.lang.numbers.parse_number`)."""
    s = prepare(text)
    for word in s.split():
        if word in _BER_WORDS:
            return _BER_WORDS[word]
    m = _PEOPLE.search(s) or _BER.search(s)
    if m is None:
        return None
    count = int(m.group("n"))
    return count if count > 0 else None
