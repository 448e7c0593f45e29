"""Reading a short spoken answer as what the kiosk expects: yes/no, a number, digits, a
phone, a date, a time, or one of the offered buttons.

The kiosk sends ``expects`` (from the assistant's structured prompt) with the recording;
:func:`read` turns the transcript into a value with the Indonesian language core
(:mod:`core.lang`): ``answers.yes_no``, ``choices.pick_choice``, ``numbers``, ``ids``,
``when``. A choice the core cannot place is snapped to the nearest offered title with
rapidfuzz (a recogniser writes "di bantu" or "Dibantuk" for "dibantu"), only when one title
is clearly nearest. When nothing fits, ``understood`` is False: the kiosk shows what was
heard and offers to repeat; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from rapidfuzz import fuzz, process

from core.lang import ids, numbers, when
from core.lang.answers import pick_choice, yes_no
from core.lang.calendar_id import TZ, WhenError
from core.lang.phrases import tables as phrase_tables
from core.lang.text import normalise
from core.texts import t
from voice import sounds, spoken
from voice.digit_speech import spell

Kind = Literal[
    "yes_no", "number", "digits", "phone", "date", "time", "choice", "text", "location", "photo"
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
# Questions answered in the citizen's own words (or not by voice): no reading, the city's hint.
FREE_KINDS = ("text", "location", "photo")
MIN_SCORE = 60.0  # fuzzy snap: the best title scores at least this (0-100) ...
MIN_MARGIN = 8.0  # ... and this much more than the next one


class Option(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="The button's text")
    payload: str = Field("", max_length=500, description="What the button sends to the bot")


class Expects(BaseModel):
    """What the kiosk's current question expects: the assistant's structured prompt
    (actions/forms/prompts.py) as the kiosk has it; its other keys ("slot", "free", "min",
    "max") are ignored."""

    kind: Kind
    options: list[Option] = Field(default_factory=list, max_length=24)
    digits: int | None = Field(None, ge=1, le=20, description="An exact number of digits (NIK)")

    @model_validator(mode="after")
    def _choice_has_options(self) -> Expects:
        if self.kind == "choice" and not self.options:
            raise ValueError("a choice needs options")
        return self

    @property
    def titles(self) -> list[str]:
        return [o.title for o in self.options]


@dataclass(frozen=True)
class Reading:
    kind: str
    understood: bool
    value: Any = None  # bool | int | str (digits, ISO date, HH:MM) | option index
    display: str | None = None  # Indonesian, for "Saya mendengar: ..."
    payload: str | None = None  # the chosen option's payload
    score: float | None = None  # choice: how near the heard text is to the title (0-100)
    bot_text: str | None = None  # what the kiosk sends the bot as the citizen's message

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "understood": self.understood,
            "value": self.value,
            "display": self.display,
            "payload": self.payload,
            "score": self.score,
        }


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normalise(text))


def _scores(text: str, titles: list[str]) -> list[float]:
    """Nearness of the heard text to each title (0-100), the higher of two scores: the words
    (order-free, so "melati ruang" finds "Ruang Rapat Melati") and the letters without
    spaces (so "di bantu" finds "Dibantu")."""
    said, said_flat = normalise(text), _squash(text)
    return [
        max(fuzz.token_set_ratio(said, normalise(t)), fuzz.ratio(said_flat, _squash(t)))
        for t in titles
    ]


def nearest(text: str, titles: list[str]) -> tuple[int, float] | None:
    """The title the heard text is clearly nearest to, and its score; None when unclear."""
    if not _squash(text):
        return None
    scores = _scores(text, titles)
    ranked = sorted(range(len(titles)), key=lambda i: -scores[i])
    best = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] < MIN_SCORE or scores[best] - second < MIN_MARGIN:
        return None
    return best, round(scores[best], 1)


def _tied(text: str, titles: list[str], index: int) -> bool:
    """Whether another title is as near to the heard text as the one the core picked
    ("lapangan tenis" between "Lapangan Tenis A" and "B"): then nobody should guess."""
    scores = _scores(text, titles)
    return scores[index] >= MIN_SCORE and any(
        j != index and scores[j] >= scores[index] - 0.5 for j in range(len(titles))
    )


def _choice(text: str, expects: Expects) -> Reading:
    titles = expects.titles
    index = pick_choice(text, titles)
    if index is not None and _tied(text, titles, index):
        return Reading("choice", False)
    score: float | None = 100.0 if index is not None else None
    if index is None:
        found = nearest(text, titles)
        if found is None:
            return Reading("choice", False)
        index, score = found
    option = expects.options[index]
    return Reading(
        "choice",
        True,
        index,
        option.title,
        option.payload or None,
        score,
        bot_text=option.title,
    )


# Words a recogniser writes for a bare yes or no that the core's tables need not know.
# (distinct after the core's spelling folds: "enggak" reads as "tidak").
_YES_NO_SOUNDS = {"iya": True, "tidak": False, "bukan": False}


@cache
def _yes_no_words() -> dict[str, bool]:
    """The single-word yes and no answers of the language core's tables."""
    return {
        phrase[0]: value
        for section, value in (("yes", True), ("no", False))
        for phrase in phrase_tables()[section]
        if len(phrase) == 1
    }


def _both(text: str) -> bool:
    """Whether the text says yes in one sentence and no in another ("Ya. Tidak.": Whisper
    repeating its hint back); no answer then."""
    said = {yes_no(part) for part in re.split(r"[.!?;]", text) if part.strip()}
    return True in said and False in said


def _yes_no(text: str, expects: Expects) -> Reading:
    if _both(text):
        return Reading("yes_no", False)
    value = yes_no(text)
    if value is None:
        words = normalise(text).split()
        if len(words) == 1:
            found = nearest(words[0], list(_YES_NO_SOUNDS))
            if found is not None and found[1] >= 75:
                value = list(_YES_NO_SOUNDS.values())[found[0]]
            else:  # "Perum", "Berum": the sounds of "belum" (voice.sounds)
                same = sounds.same_sound(words[0], _yes_no_words())
                value = same if isinstance(same, bool) else None
    if value is None and expects.options:
        # "Ubah waktu": a button's own words; never a yes or a no by likeness alone (a
        # fragment of "ya, benar" was once snapped to "Tidak, batal"): those are asked again
        reading = _choice(text, expects)
        picked = expects.options[reading.value] if reading.understood else None
        if picked is not None and yes_no(picked.title) is not None:
            return Reading("yes_no", False)
        return reading
    if value is None:
        return Reading("yes_no", False)
    display = t("voice.reading_yes" if value else "voice.reading_no")
    for option in expects.options:
        if yes_no(option.title) is value:
            return Reading(
                "yes_no", True, value, option.title, option.payload or None, bot_text=option.title
            )
    return Reading("yes_no", True, value, display, bot_text=display.lower())


_DIGIT_WORDS = [*numbers.UNITS]
_NUMBER_WORDS = [*numbers.UNITS, *sorted(numbers.SCALE_WORDS)]
_SNAP: dict[str, Any] = {"scorer": fuzz.ratio, "score_cutoff": 70}


def _number_words(words: list[str]) -> list[str]:
    """A short answer's words snapped to the nearest number word ("gua" -> "dua")."""
    if len(words) > 4:
        return words
    out = []
    for word in words:
        found = process.extractOne(word, _NUMBER_WORDS, scorer=fuzz.ratio, score_cutoff=66)
        out.append(found[0] if found and word.isalpha() and len(word) >= 3 else word)
    return out


def _number(text: str) -> Reading:
    snapped = " ".join(_number_words(re.findall(r"\w+", text.lower())))
    value = None
    for candidate in (text, snapped):  # as heard, then "gua belas" as "dua belas"
        value = numbers.parse_number(spoken.normalize(candidate, "date"))
        if value is not None:
            break
    if value is None:
        value = numbers.find_number(spoken.normalize(text, "date"))
    if value is None:
        return Reading("number", False)
    return Reading("number", True, value, str(value), bot_text=str(value))


def _grouped(digits: str) -> str:
    """Long digit strings in fours for the eye ("0812 3456 7890"), short ones as they are."""
    if len(digits) <= 6:
        return digits
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _digit_words(text: str) -> str:
    """A digits answer's words snapped to the nearest digit word ("tuduh" -> "tujuh", "nam"
    -> "enam"): the question asked for digits, so a word near one is taken as one."""
    out = []
    for word in spell(text).split():
        # a grouped number's words ("dua puluh lima", "seratus") are read as numbers
        keep = word.isdigit() or word in numbers.SCALE_WORDS
        found = None if keep else process.extractOne(word, _DIGIT_WORDS, **_SNAP)
        out.append(found[0] if found else word)
    return " ".join(out)


# Words said between the digits that are no digit: fillers, and the separators of a phone.
_BETWEEN_DIGITS = {"dan", "lalu", "terus", "tambah", "plus", "strip", "nomor", "nomornya"}


def only_digits(text: str) -> bool:
    """Whether every word of ``text`` is a digit, a digit word or near one ("nam", "dilapan"),
    or a filler between them: a reading of a digits answer that left no word unplaced. A
    word that is none ("semeren", "bat") is a digit the reading would silently drop."""
    for word in spell(text).split():
        if word.isdigit() or word in _BETWEEN_DIGITS or word in _NUMBER_WORDS:
            continue
        if process.extractOne(word, _DIGIT_WORDS, **_SNAP) is None:
            return False
    return True


# A pause the recogniser wrote as a comma or a full stop ends a group of a number said in
# groups: "tiga puluh, sembilan sembilan" is 30 99, not 39 9.
_PAUSE = re.compile(r"[,;.!?](?=\s|$)")


def _spoken_digits(text: str, words: Any) -> str:
    """Every digit of ``text`` (each group between pauses read on its own, its words first
    put through ``words``), joined."""
    parts = [numbers.digits_from_speech(words(part)) for part in _PAUSE.split(text)]
    return "".join(part if k == 0 else part.lstrip("+") for k, part in enumerate(parts))


def _digits(text: str) -> Reading:
    digits = _spoken_digits(text, _digit_words).lstrip("+")
    if not digits:
        return Reading("digits", False)
    return Reading("digits", True, digits, _grouped(digits), bot_text=digits)


def _phone(text: str) -> Reading:
    phone = ids.find_phone(text) or ids.national_mobile(_spoken_digits(text, spell))
    if phone is None:
        return Reading("phone", False)
    return Reading("phone", True, phone, _grouped(phone), bot_text=phone)


def _date(text: str, today: date) -> Reading:
    try:
        day = when.find_date(spoken.normalize(text, "date"), today)
    except WhenError:
        day = None
    if day is None:
        return Reading("date", False)
    display = when.format_date(day)
    return Reading("date", True, day.isoformat(), display, bot_text=display)


def _time(text: str) -> Reading:
    said = spoken.normalize(text, "time")
    try:
        found = when.find_time(said)
    except WhenError:
        found = None
    if found is None or found.at is None:
        bare = numbers.parse_number(said)  # "sembilan" to a time question: 09.00
        if bare is None or not 0 <= bare <= 23:
            return Reading("time", False)
        hour, minute = bare, 0
    else:
        hour, minute = found.at.hour, found.at.minute
    display = when.format_time(datetime(2000, 1, 1, hour, minute).time())
    return Reading("time", True, f"{hour:02d}:{minute:02d}", display, bot_text=f"jam {display}")


def _offered(reading: Reading, expects: Expects) -> Reading:
    """A date or time that one of the offered options carries (its payload or title holds
    "2026-12-05" / "15:00" / "15.00"): the reading gets that option's payload."""
    if not reading.understood or not expects.options:
        return reading
    value = str(reading.value)
    keys = (value, value.replace(":", ".")) if reading.kind == "time" else (value,)
    for option in expects.options:
        if any(k in option.payload or k in option.title for k in keys):
            return replace(reading, payload=option.payload or None)
    return reading


def _exact_digits(text: str, count: int) -> Reading:
    reading = _digits(text)
    if reading.understood and len(str(reading.value)) == count:
        return replace(reading, kind="number")
    return Reading("number", False)


def read(text: str, expects: Expects, today: date | None = None) -> Reading | None:
    """The transcript ``text`` read as the answer ``expects`` describes; None for a question
    answered in the citizen's own words (``text``, ``location``, ``photo``)."""
    today = today or datetime.now(TZ).date()
    kind = expects.kind
    if kind in FREE_KINDS:
        return None
    if kind in ("date", "time"):
        return _offered(_date(text, today) if kind == "date" else _time(text), expects)
    if kind == "number" and expects.digits:
        return _exact_digits(text, expects.digits)
    if kind == "choice":
        return _choice(text, expects)
    if kind == "yes_no":
        return _yes_no(text, expects)
    if kind == "number":
        return _number(text)
    if kind == "digits":
        return _digits(text)
    return _phone(text)
