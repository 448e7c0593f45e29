"""The booking form: facility, date, start, duration, people, name, phone, then the summary
(``booking_confirm``). Date, time, duration and the summary come from :mod:`.schedule`."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import common as c
from actions.booking.asides import current_kept
from actions.booking.checks import free_starts
from actions.booking.questions import asks_instead
from actions.booking.schedule import BookingFormBase
from actions.forms.turn import offered_buttons, short_choice
from app.services.facilities import Facility
from core.lang import answers, ids, numbers
from core.lang.names import introduced_name
from core.lang.when import WhenError, find_people, find_time
from core.texts import t

log = logging.getLogger(__name__)
# words said after a name to the assistant ("nak", "min", "saja"), never part of the name
TRAILING_WORD = re.compile(
    r"[\s,]+(?:nak|min|kak|mbak|mba|ya|yah|nggih|ngih|dong|aja|saja|deh)[\s.!]*$", re.I
)
ON_BEHALF = re.compile(r"\b(?:atas nama|a\.n\.?)\s+([^,;.\d]{2,80})", re.I)


class ValidateBookingForm(BookingFormBase):
    # "eh ganti deh, jamnya jam 5 sore aja" is a change of this draft, never the reschedule
    # of a booking made before (bench y-17: the same hour as the summary's was read as
    # reschedule_booking and the booking code was asked)
    stays_against = frozenset({"reschedule_booking_form"})

    def name(self) -> str:
        return "validate_booking_form"

    async def extract_booking_facility(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        button = c.button_slot(tracker)
        if button:
            return {"booking_facility": button[0]}
        text = c.text_of(tracker)
        if text.startswith("/"):
            # [Pesan sekarang] under a facility's facts: its id or its kind travels along
            return picked_kind(c.entity(tracker, "facility_type"))
        if c.requested(tracker, "booking_facility"):
            return {"booking_facility": text}
        instead = answers.changed_to(text)  # "nggak jadi futsal, tenis b aja"
        if self._quiet(tracker) and not self._other_facility(text):
            return {}  # ([Pindah ke ...] tapped at the name question still moves it)
        current = c.facility(tracker)
        if current is not None and instead is None and current_kept(text):
            return {}  # "kalo aula bisa dipake juga?": answered, the booking kept (asides.py)
        found = c.catalogue().match(instead or text)
        if found and not (current is not None and current in found):
            return {"booking_facility": instead or text}
        return {}

    async def extract_booking_people(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = c.text_of(tracker)
        if text.startswith("/") or self._quiet(tracker):
            return {}
        if c.requested(tracker, "booking_people") and not self._names_other(text, tracker):
            if find_people(text) is None and _names_time(text):
                return {}  # "eh tadi jamnya salah, jam 7 pagi": the time's, not 7 people
            return {"booking_people": text}
        people = find_people(text)
        return {"booking_people": str(people)} if people else {}

    async def extract_booking_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = c.text_of(tracker)
        if self._other_facility(text):
            return {}  # "pindah ke aula aja" is no name
        if not c.requested(tracker, "booking_name"):
            given = ON_BEHALF.search(text)  # "10 orang, atas nama Kelompok Tani Sidomulyo"
            if given:
                return {"booking_name": given.group(1)}
            if tracker.get_slot("booking_name") is None and not text.startswith("/"):
                said = introduced_name(text)  # "saya Pak Harjo mau pinjam aula"
                return {"booking_name": said} if said else {}
            return {}
        phone = ids.find_phone(text)
        if phone is None:
            return {"booking_name": text}
        name = re.split(r"[,;]|\b(?:hp|no|nomor|telp)\b|\+?\d", text, maxsplit=1)[0]
        return {"booking_name": name, "booking_phone": phone}

    async def extract_booking_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = c.text_of(tracker)
        if c.requested(tracker, "booking_phone") and not self._other_facility(text):
            return {"booking_phone": text}
        phone = ids.find_phone(text) if not c.requested(tracker, "booking_name") else None
        return {"booking_phone": phone} if phone else {}

    def validate_booking_facility(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_facility": None}
        cat = c.catalogue()
        if cat.get(str(value)) is not None:
            return {"booking_facility": str(value)}
        found = cat.match(str(value))
        choices = offered_facilities(tracker)
        if len(found) != 1:
            # "yang kedua" / "2" of the facilities just offered, not of the whole catalogue
            # ("4" to "Tenis A or B?" was the catalogue's fourth, Tenis B, taken silently)
            pool = choices or cat.facilities
            picked = short_choice(str(value), [f.name for f in pool])
            found = [pool[picked]] if picked is not None else found
        anyone = answers.is_whatever(str(value)) or answers.yes_no(str(value)) is True
        if not found and anyone and choices:
            # "terserah", "yang mana aja" (or a bare "ya") to a choice of facilities: the
            # first free one offered, said so; it can still be changed
            free = first_free(tracker, choices)
            dispatcher.utter_message(text=t("actions.booking_facility_picked", facility=free.name))
            return {"booking_facility": free.id}
        if len(found) > 1:
            found = fitting(tracker, found, dispatcher)
        if len(found) == 1:
            return {"booking_facility": found[0].id}
        if found:
            dispatcher.utter_message(
                response="utter_booking_which_facility", buttons=c.facility_buttons(found)
            )
        elif choices and len(choices) < len(cat.facilities):
            # "2 jam" to "Lapangan Tenis A or B?": another question's answer (kept), not a
            # facility missing from the list; the same few choices again, with an example
            dispatcher.utter_message(
                text=t("actions.booking_facility_which_again", example=choices[0].name),
                buttons=c.facility_buttons(choices),
            )
        else:
            log.info("unknown facility asked for")
            dispatcher.utter_message(
                response="utter_booking_err_facility_unknown",
                buttons=c.facility_buttons(cat.facilities),
            )
        return {"booking_facility": None}

    def slot_buttons(self, slot: str, tracker: Tracker, domain: DomainDict) -> list[dict[str, str]]:
        choices = offered_facilities(tracker) if slot == "booking_facility" else []
        if choices:  # the choice just offered (the two tennis courts), not the whole list
            return c.facility_buttons(choices)
        return super().slot_buttons(slot, tracker, domain)

    def take_default(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        choices = offered_facilities(tracker) if slot == "booking_facility" else []
        if not choices:
            return super().take_default(slot, dispatcher, tracker, domain)
        # the third miss at a choice of facilities: the first one free at the time asked for;
        # an officer is only offered (a hand-over here lost the booking: probe c1)
        picked = first_free(tracker, choices)
        dispatcher.utter_message(text=t("actions.booking_facility_default", facility=picked.name))
        return [SlotSet("booking_facility", picked.id)]

    def validate_booking_people(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_people": None}
        text = str(value)
        people = find_people(text) or numbers.find_number(text)
        if people is None or people < 1:
            dispatcher.utter_message(response="utter_booking_err_people_invalid")
            return {"booking_people": None}
        return {"booking_people": str(people)}

    def validate_booking_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_name": None}
        if asks_instead(str(value)):  # "nanti bayarnya di mana ya?" is no name (bench w-23)
            dispatcher.utter_message(response="utter_booking_err_name_invalid")
            return {"booking_name": None}
        name = re.sub(
            # "atas nama gue, Bang Jaka", "atas nami Ibu Euis" (Sundanese), "an Kevin"
            r"^(nama\s+(saya|sy|aku|gue|gw)\s+|saya\s+"
            r"|atas\s+nam[ai]\s+(?:(?:saya|sy|aku|gue|gw|abdi|kula)\s*,\s*)?|a\.?n\.?\s+)",
            "",
            str(value).strip(),
            flags=re.I,
        )
        lead, comma, rest = name.partition(",")
        if comma and "nama" in lead.lower() and rest.strip():
            name = rest  # "pakai nama saya saja, Lestari Wulandari"
        name = " ".join(name.strip(" ,.;:").split())
        while (short := TRAILING_WORD.sub("", name)) != name and len(short) >= 2:
            name = short  # "Ibu Ratna nak" -> "Ibu Ratna": a way of speaking, not the name
        if (
            not 2 <= len(name) <= 80
            or not re.search(r"[A-Za-z]", name)
            or re.search(r"\d{4,}", name)
        ):
            dispatcher.utter_message(response="utter_booking_err_name_invalid")
            return {"booking_name": None}
        return {"booking_name": name.title() if name.islower() else name}

    def validate_booking_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_phone": None}
        phone = ids.find_phone(str(value))
        if phone is None:
            dispatcher.utter_message(response="utter_booking_err_phone_invalid")
            return {"booking_phone": None}
        return {"booking_phone": phone}


def fitting(
    tracker: Tracker, found: list[Facility], dispatcher: CollectingDispatcher
) -> list[Facility]:
    """Of several facilities named, those that hold the group already said ("ruang rapat di
    perpustakaan buat 15 orang": Kenanga, not Melati with 12 seats; bench w-16); all of them
    when none or all fit. The one left is taken with a word on why."""
    people = c.slot_int(tracker, "booking_people") or find_people(c.text_of(tracker))
    fits = [f for f in found if people and f.capacity >= people]
    if not fits or len(fits) == len(found):
        return found
    if len(fits) == 1:
        dispatcher.utter_message(
            text=t("actions.booking_facility_fits", facility=fits[0].name, people=people)
        )
    return fits


def offered_facilities(tracker: Tracker) -> list[Facility]:
    """The facilities whose buttons the assistant's last question offered."""
    by_name = {f.name: f for f in c.catalogue().facilities}
    offered = [str(b.get("payload", "")) for b in offered_buttons(tracker)]
    return [by_name[name] for name in dict.fromkeys(offered) if name in by_name]  # as shown


def first_free(tracker: Tracker, choices: list[Facility]) -> Facility:
    """The first of ``choices`` free on the day and at the time already said (the first one
    when neither is known or none is free)."""
    day, at = c.slot_date(tracker), c.slot_time(tracker)
    if day is None or at is None:
        return choices[0]
    for fac in choices:
        if any(s.time() == at for s in free_starts(tracker, fac, day)):
            return fac
    return choices[0]


def _names_time(text: str) -> bool:
    """Whether the message names a clock time ("jam 7 pagi", "pukul 09.00")."""
    try:
        found = find_time(text)
    except WhenError:
        return False
    return found is not None and found.at is not None


def picked_kind(kind: str | None) -> dict[str, Any]:
    """The facility a button's ``facility_type`` names: one facility by its id, or a kind
    ("lapangan_tenis": which of the courts is asked next, with their buttons)."""
    if not kind:
        return {}
    cat = c.catalogue()
    fac = cat.get(kind)
    if fac is not None:
        return {"booking_facility": fac.id}
    label = cat.type_labels.get(kind)
    return {"booking_facility": label} if label and cat.of_type(kind) else {}
