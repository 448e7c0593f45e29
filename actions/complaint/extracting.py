"""Reading each complaint slot from the message: the answer to the question asked, answers
to other questions given early (a place, a shared location, a photo), and corrections
("alamatnya salah, yang benar ..."). Validation is in form.py."""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import reading as rd
from actions.complaint.areas import names_kelurahan
from actions.complaint.opening import NONE, said_up_front
from app.services import complaints as svc
from core.lang import answers, ids
from core.lang.restated import restated
from core.texts import t

CONTACT_CLEARED = {"complaint_phone": None, "complaint_nik": None, "complaint_nik_masked": None}
# a privacy choice said out of turn ("eh, nama saya dirahasiakan saja"): the words that name it
PRIVACY_WORDS = re.compile(r"rahasia|anonim|samar|sembunyi|inisial|jangan\s+(?:di)?tampil", re.I)


class ComplaintExtraction:
    """The ``extract_<slot>`` methods of the complaint form (a mixin)."""

    def _asked(self, tracker: Tracker, slot: str) -> bool:
        return tracker.get_slot("requested_slot") == slot

    def _correction(self, tracker: Tracker, slot: str) -> str | None:
        """A change of an earlier answer; not in the message that opened the form (its
        "rt 04 eh salah, RT 05" is read whole: reading.from_message), nor a correction inside
        the answer to the location question ("jl X rt 3 eh salah rt 4" is that answer)."""
        requested = tracker.get_slot("requested_slot")
        if requested is None:
            return None
        text = rd.text_of(tracker)
        if requested == "complaint_location":
            text = restated(text)
        words: dict[str, list[str]] = svc.texts()["words"]["edit"]
        found = rd.correction_for(text, words)
        return found[1] if found and found[0] == slot else None

    def _new_problem(self, tracker: Tracker) -> str | None:
        """Another category than the one being reported, named in a correction at a later
        question ("eh bukan got min, maksudnya pipa pdam nya bocor")."""
        fixed = self._correction(tracker, "complaint_category")
        current = tracker.get_slot("complaint_category")
        if not fixed or not current or self._asked(tracker, "complaint_category"):
            return None
        code = svc.recognise_category(fixed)
        return code if code is not None and code != current else None

    def _changes_other(self, tracker: Tracker, slot: str) -> bool:
        """The message changes an earlier answer instead of answering ``slot`` ("eh salah,
        bukan jl kenanga tapi jl kenari" at the photo question): not read as its answer."""
        words: dict[str, list[str]] = svc.texts()["words"]["edit"]
        found = rd.correction_for(rd.text_of(tracker), words)
        if found is not None and found[0] != slot and found[1]:
            return True
        return slot != "complaint_privacy" and self._privacy_said(tracker) is not None

    def _privacy_said(self, tracker: Tracker) -> str | None:
        """A privacy level named after privacy was answered, at another question."""
        if tracker.get_slot("complaint_privacy") is None or self._asked(
            tracker, "complaint_privacy"
        ):
            return None
        text = rd.text_of(tracker)
        if rd.is_command(text) or not PRIVACY_WORDS.search(text):
            return None
        return answers.privacy_choice(text)

    def _privacy_change(self, tracker: Tracker) -> str | None:
        level = self._privacy_said(tracker)
        return level if level != tracker.get_slot("complaint_privacy") else None

    async def extract_complaint_category(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        fixed = self._correction(tracker, "complaint_category")
        if fixed is not None:
            code = svc.recognise_category(fixed) if fixed else None
            changed: dict[str, Any] = {"complaint_category": code, "complaint_confirm": None}
            if code is not None and code == self._new_problem(tracker):
                # "eh bukan got min, maksudnya pipa pdam nya bocor": the problem told anew
                name = rd.category_name(code)
                dispatcher.utter_message(text=t("actions.complaint_problem_changed", name=name))
                changed["complaint_description"] = rd.description_as_said(fixed, code)
            return changed
        if not self._asked(tracker, "complaint_category"):
            return {}
        found, _error = rd.from_message(tracker)
        if found:
            return found
        text = rd.text_of(tracker)
        early: dict[str, Any] = {"complaint_category": text}
        if (
            not rd.is_command(text)
            and len(text.split()) >= 4
            and tracker.get_slot("complaint_description") is None
        ):
            early["complaint_description"] = text  # kept: the category question comes back
        return early

    async def extract_complaint_description(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        fixed = self._correction(tracker, "complaint_description")
        if fixed is not None:
            return {"complaint_description": fixed or None, "complaint_confirm": None}
        if not self._asked(tracker, "complaint_description"):
            return {}
        return {"complaint_description": rd.text_of(tracker)}

    async def extract_complaint_location(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        point = rd.shared_point(tracker)
        fixed = self._correction(tracker, "complaint_location")
        if fixed is not None and point is None:
            if fixed and not self._asked(tracker, "complaint_location"):
                dispatcher.utter_message(text=t("actions.complaint_location_changed"))
                # the address as said, not its label ("..., Kel. X, Kec. Y" would stay)
                place = rd.place_from_slot(tracker.get_slot("complaint_place"))
                current = tracker.get_slot("complaint_location")
                if place is not None and str(current or "").startswith(place.address):
                    current = place.address
                fixed = rd.replaced_in(current, rd.text_of(tracker)) or rd.place_phrase(fixed)
                if place is not None and place.kelurahan and not names_kelurahan(fixed):
                    fixed = f"{fixed} {place.kelurahan}"  # "Jl. Kayu Manis No. 3": same kelurahan
            return {"complaint_location": fixed or None, "complaint_confirm": None}
        if self._asked(tracker, "complaint_location"):
            if point is None and self._new_problem(tracker) is not None:
                return {}  # "eh bukan got, maksudnya pipa pdam bocor": the problem changed
            if point is not None:
                return {"complaint_location": json.dumps({"point": point})}
            text = rd.text_of(tracker)
            pending = rd.pending_place(tracker)
            if pending is not None:  # the answer to "where exactly" (asked once)
                return {"complaint_location": rd.with_details(pending, text)}
            return {"complaint_location": rd.place_phrase(text) or text}
        if tracker.get_slot("complaint_location") is None and tracker.get_slot("requested_slot"):
            if point is not None:  # a location shared before it was asked
                return {"complaint_location": json.dumps({"point": point})}
            place = rd.place_in(rd.text_of(tracker))
            if place is not None:
                return rd.place_slots(place)
        return {}

    async def extract_complaint_duplicate_choice(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._asked(tracker, "complaint_duplicate_choice"):
            return {}
        return {"complaint_duplicate_choice": rd.text_of(tracker)}

    async def extract_complaint_photo(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        attachments = rd.metadata(tracker).get("attachments") or []
        # a photo arrived (the channel stored it), or the "/share_image" of a photo message;
        # words like "fotonya tidak ada" are read as an answer, whatever the classifier says
        sent = attachments or rd.text_of(tracker).startswith("/share_image")
        if sent and (self._asked(tracker, "complaint_photo") or attachments):
            return {"complaint_photo": json.dumps({"attachments": attachments})}
        if self._correction(tracker, "complaint_photo") is not None:
            return {"complaint_photo": None, "complaint_confirm": None}
        if self._said_early(tracker, "complaint_photo"):  # "di jl X, fotonya ga ada ya"
            return {"complaint_photo": NONE}
        if not self._asked(tracker, "complaint_photo") or self._changes_other(
            tracker, "complaint_photo"
        ):
            return {}
        return {"complaint_photo": rd.text_of(tracker)}

    async def extract_complaint_privacy(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        fixed = self._correction(tracker, "complaint_privacy")
        if fixed is not None:
            return {"complaint_privacy": fixed or None, "complaint_confirm": None}
        changed = self._privacy_change(tracker)
        if changed is not None:  # "eh, nama saya dirahasiakan saja" at a later question
            label = svc.texts()["summary"]["privacy"].get(changed, changed)
            dispatcher.utter_message(text=t("actions.complaint_privacy_changed", privacy=label))
            return {"complaint_privacy": changed, "complaint_confirm": None}
        if not self._asked(tracker, "complaint_privacy") or self._changes_other(
            tracker, "complaint_privacy"
        ):
            return {}
        return {"complaint_privacy": rd.text_of(tracker)}

    async def extract_complaint_contact_ok(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = rd.text_of(tracker)
        fixed = self._correction(tracker, "complaint_contact_ok")
        if fixed is not None:
            phone = ids.find_phone(fixed)
            if phone:
                return {"complaint_contact_ok": "ya", "complaint_phone": phone}
            return {"complaint_contact_ok": None, "complaint_confirm": None, **CONTACT_CLEARED}
        if self._asked(tracker, "complaint_contact_ok") and not self._changes_other(
            tracker, "complaint_contact_ok"
        ):
            return {"complaint_contact_ok": text}
        if not self._said_early(tracker, "complaint_contact_ok"):
            return {}
        phone = ids.find_phone(text)
        if phone:  # "hubungin aja ke 0857..." at the privacy question: the contact question's
            return {"complaint_contact_ok": "ya", "complaint_phone": phone}
        if said_up_front(text).get("complaint_contact_ok") == "tidak":
            # "tidak usah dihubungi" at the privacy question: the contact question's no
            dispatcher.utter_message(text=t("actions.complaint_contact_declined"))
            return {"complaint_contact_ok": "tidak"}
        return {}

    def _said_early(self, tracker: Tracker, slot: str) -> bool:
        """The message, said at another question of the form, also answers ``slot`` (not asked
        yet): a clause refusing the photo, a phone number to be called on."""
        requested = tracker.get_slot("requested_slot")
        text = rd.text_of(tracker)
        if tracker.get_slot(slot) is not None or requested in (None, slot) or rd.is_command(text):
            return False
        if slot == "complaint_photo":
            return said_up_front(text).get(slot) == NONE
        return requested not in ("complaint_phone", "complaint_nik", "complaint_confirm")

    async def extract_complaint_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._asked(tracker, "complaint_phone") or self._changes_other(
            tracker, "complaint_phone"
        ):
            return {}
        return {"complaint_phone": rd.text_of(tracker)}

    async def extract_complaint_nik(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._asked(tracker, "complaint_nik"):
            return {}
        return {"complaint_nik": rd.text_of(tracker)}

    async def extract_complaint_confirm(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._asked(tracker, "complaint_confirm"):
            return {}
        return {"complaint_confirm": rd.text_of(tracker)}
