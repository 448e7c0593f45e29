"""A question asked in the middle of the booking form, about the place being booked or another
one: answered, and the booking goes on with the same question (actions/booking/schedule.py).

- about the facility being booked: its fee and rules (:mod:`.questions`), its capacity,
  hours, place (:mod:`.facts`), or what it has ("ada AC-nya?": its ``amenities`` in
  app/data/facilities.yml; a thing not on its list is said to be not on it, with where to ask);
- about another facility ("kalo aula kecamatan bisa dipake buat silat juga?"): answered, the
  booking kept, and a button to move the booking there (bookings5 (b): the question moved
  the booking to the aula without a word);
- about a kind of place the city does not lend ("kalau lapangan basket ada?"): said so, with
  the kinds that can be booked.
"""

from __future__ import annotations

import re
from typing import Any

from actions.booking.facts import _line, asked_aspects
from actions.booking.questions import facility_answer
from app.services.facilities import Catalogue, Facility
from core.lang import answers
from core.lang.questions import is_question
from core.lang.text import normalise
from core.texts import t

# a kind of place named by its noun and the word after it ("lapangan basket", "kolam renang")
PLACE_NOUN = re.compile(
    r"\b(?:lapangan|lap|ruang|ruangan|gedung|kolam|studio|stadion|balai|lintasan|gelanggang)"
    r"\s+(?!(?:ini|itu|nya|yang|yg|tersebut|lain|lainnya|juga|ada|tidak|kosong|parkir)\b)(?P<what>[a-z]+)\b"
)
SHOWN = 3
# "tenis b aja ya?", "yang GOR saja bisa?": a preference, said as a question
PREFER = re.compile(r"\b(?:aja|saja|ajah|aj|deh|pindah|ganti|jadinya)\b", re.I)


def _words_in(norm: str, words: list[str]) -> bool:
    # "lampunya", "AC-nya", "toiletnya": the thing with its "-nya"
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?:-?nya)?(?![a-z])", norm) for w in words)


def amenities_asked(text: str, catalogue: Catalogue) -> list[str]:
    """The things a question asks a place has ("ada AC-nya?" -> ["AC"]), as the
    catalogue's ``amenity_words`` name them."""
    norm = normalise(text)
    return [thing for thing, words in catalogue.amenity_words.items() if _words_in(norm, words)]


def amenity_answer(text: str, fac: Facility, catalogue: Catalogue) -> str | None:
    asked = amenities_asked(text, catalogue)
    if not asked:
        return None
    listed = ", ".join(fac.amenities) or t("actions.facility_amenities_none")
    lower = [a.lower() for a in fac.amenities]
    missing = [thing for thing in asked if not any(thing.lower() in a for a in lower)]
    if not missing:
        return t(
            "actions.facility_amenity_yes",
            facility=fac.name,
            things=", ".join(asked),
            amenities=listed,
        )
    return t(
        "actions.facility_amenity_no",
        facility=fac.name,
        things=", ".join(missing),
        amenities=listed,
        location=fac.location,
    )


def about_facility(text: str, fac: Facility, catalogue: Catalogue) -> str | None:
    """The answer to a question about ``fac`` (fee, rules, capacity, hours, place, what it
    has), or None."""
    said = facility_answer(text, fac)
    if said is not None:
        return said
    if not is_question(text):
        return None
    things = amenity_answer(text, fac, catalogue)
    aspects = [a for a in asked_aspects(text) if a != "card"]
    lines = [_line(a, fac) for a in aspects]
    if things:
        lines.append(things)
    return " ".join(lines) or None


def current_kept(text: str) -> bool:
    """A question that names another facility ("kalau GOR kosong nggak?") is no change of
    the booking's facility; "tenis b aja" or "ganti ke tenis b" is."""
    return is_question(text) and not answers.is_whatever(text) and not PREFER.search(text)


def asks_about_another(text: str, current: Facility | None, catalogue: Catalogue) -> bool:
    """A question about another facility than the one being booked ("kalau GOR jam 3
    kosong?"): its day and hour are that facility's, not the booking's."""
    return (
        current is not None
        and current_kept(text)
        and answers.changed_to(text) is None
        and bool(other_places(text, current, catalogue))
    )


def other_places(text: str, current: Facility | None, catalogue: Catalogue) -> list[Facility]:
    """Facilities a question names that are not the one being booked."""
    found = catalogue.match(text)
    if current is not None and current in found:
        return []
    return found[:SHOWN]


def unknown_place(text: str, catalogue: Catalogue) -> str | None:
    """A kind of place named that the city does not lend ("lapangan basket"), or None."""
    if catalogue.match(text):
        return None
    m = PLACE_NOUN.search(normalise(text))
    if m is None:
        return None
    return m.group(0)


def aside(text: str, current: Facility | None, catalogue: Catalogue) -> dict[str, Any] | None:
    """The answer (text, buttons) to a question asked mid-booking about a place, or None
    when the message asks no such thing."""
    if current is not None:
        others = other_places(text, current, catalogue) if is_question(text) else []
        if not others:
            said = about_facility(text, current, catalogue)
            if said is not None:
                return {"text": said, "buttons": []}
    if not is_question(text):
        return None
    others = other_places(text, current, catalogue)
    if others:
        aspects = [a for a in asked_aspects(text)] or ["card"]
        lines = [_line(a, fac) for fac in others for a in aspects]
        lines += [amenity_answer(text, fac, catalogue) or "" for fac in others]
        if current is not None:
            lines.append(t("actions.booking_kept_other_asked", facility=current.name))
        buttons = [
            {"title": label, "payload": label}
            for label in (t("actions.booking_move_to", facility=fac.name) for fac in others)
        ]
        return {"text": " ".join(line for line in lines if line), "buttons": buttons}
    thing = unknown_place(text, catalogue)
    if thing is None:
        return None
    kinds = ", ".join(catalogue.type_labels.values())
    said = t("actions.facility_not_lent", thing=thing, kinds=kinds)
    if current is not None:
        said += " " + t("actions.booking_kept", facility=current.name)
    return {"text": said, "buttons": []}
