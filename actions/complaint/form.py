"""The complaint form: one ``validate_<slot>`` per slot, each reading the answer to its own
question through :mod:`core.lang`; answers to other questions given early are kept.

Defaults at the third failed answer (see :mod:`actions.forms.base`): no photo, privacy
"biasa", no contact, no NIK, a new report instead of following a duplicate, and the place
as the citizen wrote it (the dinas checks it). Category and summary go to an officer.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.complaint import reading as rd
from actions.complaint.about import ReportQuestions
from actions.complaint.extracting import CONTACT_CLEARED, ComplaintExtraction
from actions.complaint.mistake import left_by_mistake
from actions.complaint.photo import checked_photo, detail_beside
from actions.forms.base import CitizenForm, attempts, response_buttons
from actions.forms.turn import is_correction, short_choice
from app.services import complaints as svc
from core.lang import answers, ids
from core.lang.photo import declines_photo
from core.texts import t

log = logging.getLogger(__name__)
NONE = rd.NONE
# at the optional NIK question: "kirim", "lanjut aja", "udah itu aja" mean none, go on
GO_ON = re.compile(r"\b(kirim\w*|lanjut\w*|langsung|udah|sudah|selesai|cukup)\b", re.I)
BUTTONS_FROM = {
    "complaint_confirm": "utter_complaint_summary",
    "complaint_duplicate_choice": "utter_complaint_duplicate_found",
}
NIK_TOKEN = re.compile(r"NIK#([0-9a-f]{16,64})#(\d{4})#([vx])")


def invalid(dispatcher: CollectingDispatcher, error: svc.ComplaintError, **kw: Any) -> None:
    log.info("complaint input refused: %s", error.key)
    dispatcher.utter_message(response=f"utter_complaint_invalid_{error.key}", **kw)


class ValidateComplaintForm(ReportQuestions, ComplaintExtraction, CitizenForm):
    defaults: ClassVar[dict[str, Any]] = {
        "complaint_photo": NONE,
        "complaint_privacy": "biasa",
        "complaint_duplicate_choice": "baru",
        "complaint_nik": NONE,
    }

    thanks_response = "utter_complaint_not_sent_yet"

    def name(self) -> str:
        return "validate_complaint_form"

    async def stop(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # the submit action (rule: form complete) says the draft is discarded
        return [SlotSet("complaint_confirm", "batal"), SlotSet("requested_slot", None)]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        left = await left_by_mistake(self, dispatcher, tracker, domain)  # "eh salah pencet"
        return left if left is not None else await super().run(dispatcher, tracker, domain)

    def slot_buttons(self, slot: str, tracker: Tracker, domain: DomainDict) -> list[dict[str, str]]:
        return response_buttons(domain, BUTTONS_FROM.get(slot, f"utter_ask_{slot}"))

    def take_default(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        text = rd.text_of(tracker)
        if slot == "complaint_location" and not rd.is_command(text) and len(text) >= 5:
            place = svc.PlaceInfo(address=text[:200])
            dispatcher.utter_message(response="utter_form_default_complaint_location")
            return [
                SlotSet("complaint_location", place.address),
                SlotSet("complaint_place", rd.place_dict(place)),
            ]
        if slot == "complaint_description":
            # what the citizen said, however short, or the category's own name
            given = "" if rd.is_command(text) else text
            category = tracker.get_slot("complaint_category")
            dispatcher.utter_message(response="utter_form_default_complaint_description")
            return [
                SlotSet(
                    "complaint_description",
                    rd.description_as_said(given, category) or rd.category_name(category),
                )
            ]
        if slot in ("complaint_contact_ok", "complaint_phone"):
            dispatcher.utter_message(response="utter_form_default_complaint_contact_ok")
            return [SlotSet("complaint_contact_ok", "tidak"), *map_events(CONTACT_CLEARED)]
        return super().take_default(slot, dispatcher, tracker, domain)

    def _progress(self, events: list[EventType], before: dict[str, Any], slot: str) -> bool:
        """A vague place given for the location ("depan rumah saya") is an answer: the
        question for its details comes next (asking.py)."""
        if slot == "complaint_location" and any(
            e.get("event") == "slot" and e.get("name") == "complaint_place" and e.get("value")
            for e in events
        ):
            return True
        return super()._progress(events, before, slot)

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = ["complaint_category", "complaint_description", "complaint_location"]
        if tracker.get_slot("complaint_duplicate_of"):
            slots.append("complaint_duplicate_choice")
            if tracker.get_slot("complaint_duplicate_choice") == "ikuti":
                return slots
        slots += ["complaint_photo", "complaint_privacy", "complaint_contact_ok"]
        if tracker.get_slot("complaint_contact_ok") == "ya":
            slots += ["complaint_phone", "complaint_nik"]
        slots.append("complaint_confirm")
        return slots

    # ---- validation, one method per slot (a None value is a cleared slot: no message)

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_category": None}
        text = str(value)
        code = text if text in svc.routing().categories else svc.recognise_category(text)
        if code is None:
            invalid(dispatcher, svc.ComplaintError("category_unknown"))
            return {"complaint_category": None}
        return {"complaint_category": code}

    def validate_complaint_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_description": None}
        text = "" if rd.is_command(str(value)) else str(value)
        try:
            return {"complaint_description": svc.clean_description(text)}
        except svc.InvalidComplaintInput as error:
            if self._asked(tracker, "complaint_description"):
                invalid(dispatcher, error)
            return {"complaint_description": None}

    def validate_complaint_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_location": None, "complaint_place": None}
        text = str(value)
        pending = rd.pending_place(tracker)
        try:
            if text.startswith('{"point"'):
                lat, lon = json.loads(text)["point"]
                place = svc.place_from_point(float(lat), float(lon))
            else:
                existing = rd.place_from_slot(tracker.get_slot("complaint_place"))
                if existing is not None and text == rd.location_label(existing):
                    place = existing  # taken from the opening message, already checked
                elif pending is not None and pending.address in text:
                    place = details_given(text)  # asked once: taken as said
                else:
                    place = self._typed_place(text)
        except svc.InvalidComplaintInput as error:
            invalid(dispatcher, error)
            return {"complaint_location": None, "complaint_place": None}
        if pending is None and (rd.is_vague(place) or rd.needs_area(place)):
            # "depan rumah saya": the location question asks where exactly (asking.py);
            # "depan masjid al-ikhlas", "rt 3 rw 5": in which street or kelurahan
            area = {rd.AREA: True} if not rd.is_vague(place) else {}
            return {
                "complaint_location": None,
                "complaint_place": rd.place_dict(place) | {rd.PENDING: True} | area,
            }
        result: dict[str, Any] = {
            "complaint_location": rd.location_label(place),
            "complaint_place": rd.place_dict(place),
            "complaint_duplicate_of": None,
        }
        category = tracker.get_slot("complaint_category")
        if category and tracker.get_slot("complaint_duplicate_choice") is None:
            with context.get().session() as session:
                dups = svc.find_duplicates(session, category=category, place=place)
            if dups:
                result["complaint_duplicate_of"] = dups[0].ticket_code
        return result

    @staticmethod
    def _typed_place(text: str) -> svc.PlaceInfo:
        """A typed address; a vague one that names no street ("rumah saya") as said."""
        try:
            return svc.place_from_text("" if rd.is_command(text) else text)
        except svc.InvalidComplaintInput as error:
            vague = rd.place_of(text) if error.key == "location_unclear" else None
            if vague is None:
                raise
            return vague

    def validate_complaint_duplicate_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_duplicate_choice": None}
        text = str(value)
        choice = short_choice(text, ["Ikuti laporan itu", "Buat laporan baru"])
        words = svc.texts()["words"]
        norm = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
        if choice == 0 or norm in words["follow"] or answers.yes_no(text) is True:
            return {"complaint_duplicate_choice": "ikuti"}
        if choice == 1 or norm in words["new"] or answers.yes_no(text) is False:
            return {"complaint_duplicate_choice": "baru"}
        invalid(dispatcher, svc.ComplaintError("choice_unclear"))
        return {"complaint_duplicate_choice": None}

    def validate_complaint_photo(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_photo": None}
        text = str(value)
        if text.startswith('{"attachments"'):
            try:
                return {"complaint_photo": checked_photo(json.loads(text)["attachments"])}
            except svc.ComplaintError as error:
                invalid(dispatcher, error)
                return {"complaint_photo": None}
        declined = answers.is_skip(text) or answers.yes_no(text) is False
        if text == NONE or declined or declines_photo(text):  # "nnt aj fotony", "hp saya jadul"
            longer = detail_beside(text, tracker.get_slot("complaint_description"))
            if longer is not None:  # "fotonya ga ada, tapi lubangnya sedalam lutut": kept
                dispatcher.utter_message(text=t("actions.complaint_detail_added"))
                return {"complaint_photo": NONE, "complaint_description": longer}
            return {"complaint_photo": NONE}
        if text.startswith("media/"):  # already checked (a corrected summary)
            return {"complaint_photo": text}
        longer = rd.more_detail(text, tracker.get_slot("complaint_description"))
        if longer is not None:  # "lubangnya besar, motor sampai jatuh": kept, photo asked again
            dispatcher.utter_message(text=t("actions.complaint_detail_added"))
            return {"complaint_photo": None, "complaint_description": longer}
        key = "photo_send_now" if answers.yes_no(text) is True else "photo_missing"
        invalid(dispatcher, svc.ComplaintError(key))
        return {"complaint_photo": None}

    def validate_complaint_privacy(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_privacy": None}
        text = str(value)
        level = answers.privacy_choice(text)
        if level is None:
            picked = short_choice(text, ["Biasa", "Anonim", "Rahasia"])
            level = ["biasa", "anonim", "rahasia"][picked] if picked is not None else None
        if level is None:
            invalid(dispatcher, svc.ComplaintError("privacy_unclear"))
            return {"complaint_privacy": None}
        return {"complaint_privacy": level}

    def validate_complaint_contact_ok(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_contact_ok": None}
        text = str(value)
        phone = ids.find_phone(text)
        said = answers.yes_no(text)
        if said is False and phone is None:
            return {"complaint_contact_ok": "tidak", **CONTACT_CLEARED}
        if phone is not None:  # "iya boleh, 0857...", or just the number
            return {"complaint_contact_ok": "ya", "complaint_phone": phone}
        if said is True:
            return {"complaint_contact_ok": "ya"}
        invalid(dispatcher, svc.ComplaintError("contact_unclear"))
        return {"complaint_contact_ok": None}

    def validate_complaint_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_phone": None}
        text = str(value)
        phone = ids.find_phone(text)
        if phone is not None:
            return {"complaint_phone": phone}
        if answers.yes_no(text) is False or answers.is_skip(text):  # changed their mind
            return {"complaint_contact_ok": "tidak", **CONTACT_CLEARED}
        invalid(dispatcher, svc.ComplaintError("phone_invalid"))
        return {"complaint_phone": None}

    def validate_complaint_nik(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_nik": None}
        text = str(value)
        if text == NONE or answers.is_skip(text) or answers.yes_no(text) is False:
            return {"complaint_nik": NONE, "complaint_nik_masked": None}
        if not re.search(r"\d", text) and GO_ON.search(text):  # "kirim aja": no NIK, go on
            return {"complaint_nik": NONE, "complaint_nik_masked": None}
        if re.fullmatch(r"[0-9a-f]{32,64}", text):  # already the HMAC
            return {"complaint_nik": text}
        token = NIK_TOKEN.search(text)  # the app replaced the NIK before it reached Rasa
        if token is not None:
            if token.group(3) != "v":
                invalid(dispatcher, svc.ComplaintError("nik_invalid"))
                return {"complaint_nik": None}
            return {"complaint_nik": token.group(1), "complaint_nik_masked": "*" * 12 + token[2]}
        nik = ids.find_nik(text) or text
        try:
            nik = svc.validate_nik(nik)
        except svc.InvalidComplaintInput as error:
            invalid(dispatcher, error)
            return {"complaint_nik": None}
        # Only the HMAC and a masked form stay in the conversation state.
        return {
            "complaint_nik": svc.nik_hmac(context.get().settings.secret_key, nik),
            "complaint_nik_masked": svc.mask_nik(nik),
        }

    def validate_complaint_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_confirm": None}
        text = str(value)
        if text in ("kirim", "batal"):
            return {"complaint_confirm": text}
        if is_correction(text) and not text.lower().startswith(("ubah", "ganti")):
            return {"complaint_confirm": None}  # a correction, taken by the extraction
        # the summary's own buttons (kirim, ubah ..., batal) named by a short reply
        buttons = response_buttons(domain, BUTTONS_FROM["complaint_confirm"])
        picked = short_choice(text, [b["title"] for b in buttons])
        chosen = str(buttons[picked]["payload"]) if picked is not None else ""
        norm = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
        if (
            chosen == "kirim"
            or norm in svc.texts()["words"]["send"]
            or answers.yes_no(text) is True
        ):
            return {"complaint_confirm": "kirim"}
        if chosen == "batal":
            return {"complaint_confirm": "batal"}
        if answers.yes_no(text) is False:  # "ga": not sent yet; a second no cancels
            if attempts(tracker, "complaint_confirm") >= 1:
                return {"complaint_confirm": "batal"}
            dispatcher.utter_message(text=t("actions.complaint_confirm_no"), buttons=buttons)
            return {"complaint_confirm": None}
        edit = chosen or text
        for slot, words in svc.texts()["words"]["edit"].items():
            if any(re.search(rf"\b{w}(?:nya)?\b", edit.lower()) for w in words):
                cleared: dict[str, Any] = {slot: None, "complaint_confirm": None}
                if slot == "complaint_location":
                    cleared |= {"complaint_place": None, "complaint_duplicate_of": None}
                if slot == "complaint_contact_ok":
                    cleared |= CONTACT_CLEARED
                return cleared
        invalid(dispatcher, svc.ComplaintError("confirm_unclear"))
        return {"complaint_confirm": None}


def details_given(text: str) -> svc.PlaceInfo:
    """The details of a vague place joined to it (reading.with_details): read like any
    address, or kept as said when they name no street or kelurahan (the details were asked
    once; the dinas asks the citizen)."""
    try:
        return svc.place_from_text(text)
    except svc.InvalidComplaintInput as error:
        if error.key != "location_unclear":
            raise
        return svc.PlaceInfo(address=text[:300])


def map_events(values: dict[str, Any]) -> list[EventType]:
    return [SlotSet(k, v) for k, v in values.items()]
