"""Complaint intake in chat: a form with one ``validate_<slot>`` per slot, filing, status
check by tracking number, following a duplicate, and the satisfaction rating.

Every value is parsed by the service functions in :mod:`app.services.complaints`; bad
input gets the response ``utter_complaint_invalid_<key>`` and keeps every other answer.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from actions import context
from app.models import Privacy
from app.services import complaints as svc
from app.services import media

log = logging.getLogger(__name__)

FORM_SLOTS = (
    "complaint_category",
    "complaint_description",
    "complaint_location",
    "complaint_place",
    "complaint_duplicate_of",
    "complaint_duplicate_choice",
    "complaint_photo",
    "complaint_privacy",
    "complaint_contact_ok",
    "complaint_phone",
    "complaint_nik",
    "complaint_nik_masked",
    "complaint_confirm",
)
NONE = "none"  # a slot answered with "no" (no photo, no NIK)
# "di jalan ...", also written (and transcribed) as one word: "dijalan melati"
PLACE_AFTER = re.compile(
    r"\b(?:(?:di|dekat|depan|samping|belakang|sekitar|lokasi)\s+|di(?=(?:jalan|jln|jl|gang|gg)\b))"
    r"(.+)$",
    re.I,
)


# ------------------------------------------------------------------ helpers


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "").strip()


def _intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def _entity(tracker: Tracker, name: str) -> str | None:
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == name and ent.get("value") not in (None, ""):
            return str(ent["value"])
    return None


def _metadata(tracker: Tracker) -> dict[str, Any]:
    meta = tracker.latest_message.get("metadata") or {}
    return meta if isinstance(meta, dict) else {}


def _words(key: str) -> list[str]:
    words: list[str] = svc.texts()["words"][key]
    return words


def _says(text: str, key: str) -> bool:
    norm = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()
    return norm in _words(key)


def _invalid(dispatcher: CollectingDispatcher, error: svc.ComplaintError, **kw: Any) -> None:
    log.info("complaint input refused: %s", error)
    dispatcher.utter_message(response=f"utter_complaint_invalid_{error.key}", **kw)


Validator = Callable[..., dict[str, Any]]


def _skip_cleared(method: Validator) -> Validator:
    """A slot cleared to None (a new draft, a correction) is not an answer: no message."""

    @functools.wraps(method)
    def wrapper(
        self: Any, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        if value is None:
            return {method.__name__.removeprefix("validate_"): None}
        return method(self, value, dispatcher, tracker, domain)

    return wrapper


def _is_command(text: str) -> bool:
    return text.startswith("/")


def _shared_point(tracker: Tracker) -> tuple[float, float] | None:
    loc = _metadata(tracker).get("location")
    if isinstance(loc, dict) and "latitude" in loc and "longitude" in loc:
        return float(loc["latitude"]), float(loc["longitude"])
    lat, lon = _entity(tracker, "latitude"), _entity(tracker, "longitude")
    if lat is not None and lon is not None:
        return float(lat), float(lon)
    return None


def _place_dict(place: svc.PlaceInfo) -> dict[str, Any]:
    return {
        "address": place.address,
        "kelurahan": place.kelurahan,
        "kecamatan": place.kecamatan,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def _place_from_slot(value: Any) -> svc.PlaceInfo | None:
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        return None
    return svc.PlaceInfo(**value)


def _location_label(place: svc.PlaceInfo) -> str:
    parts = [place.address]
    if place.kelurahan and place.kelurahan.lower() not in place.address.lower():
        parts.append(f"Kel. {place.kelurahan}")
    if place.kecamatan and place.kecamatan.lower() not in place.address.lower():
        parts.append(f"Kec. {place.kecamatan}")
    return ", ".join(parts)


def _category_name(code: str | None) -> str:
    if not code:
        return "-"
    cat = svc.routing().categories.get(code)
    return cat.name if cat else code


def _from_message(
    tracker: Tracker, dispatcher: CollectingDispatcher | None = None
) -> dict[str, Any]:
    """Category, description and location recognised in a free-text complaint. A shared
    location that cannot be used is explained to the citizen (when ``dispatcher`` is given)."""
    text = _text(tracker)
    found: dict[str, Any] = {}
    code = _entity(tracker, "complaint_category")
    if code and code not in svc.routing().categories:
        code = svc.recognise_category(code)
    if _is_command(text):
        if code:
            found["complaint_category"] = code
        point = _shared_point(tracker)
        if point is not None:
            try:
                place = svc.place_from_point(*point)
                found["complaint_location"] = _location_label(place)
                found["complaint_place"] = _place_dict(place)
            except svc.InvalidComplaintInput as error:
                if dispatcher is not None:
                    _invalid(dispatcher, error)
        return found
    code = code or svc.recognise_category(text)
    if code is None:
        return found
    found["complaint_category"] = code
    try:
        found["complaint_description"] = svc.clean_description(text)
    except svc.InvalidComplaintInput:
        return found
    match = PLACE_AFTER.search(text)
    if match:
        try:
            place = svc.place_from_text(match.group(1))
            found["complaint_location"] = _location_label(place)
            found["complaint_place"] = _place_dict(place)
        except svc.InvalidComplaintInput:
            pass
    return found


# ------------------------------------------------------------------ starting the form


class ActionComplaintStart(Action):
    """Clears a previous draft and takes what the opening message already says."""

    def name(self) -> str:
        return "action_complaint_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SlotSet(s, None) for s in FORM_SLOTS]
        found = _from_message(tracker, dispatcher)
        if not found and not dispatcher.messages:
            dispatcher.utter_message(response="utter_complaint_intro")
        events += [SlotSet(k, v) for k, v in found.items()]
        return events


# ------------------------------------------------------------------ the form


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> str:
        return "validate_complaint_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        # "batal" at any question stops the form; the draft is discarded by the submit action.
        if requested and _says(_text(tracker), "cancel"):
            return [SlotSet("complaint_confirm", "batal"), SlotSet("requested_slot", None)]
        # "terima kasih" is no answer: say the report is not sent yet; the question comes again
        if requested and _says(_text(tracker), "thanks"):
            dispatcher.utter_message(response="utter_complaint_not_sent_yet")
            return [SlotSet(requested, None)]
        return await super().run(dispatcher, tracker, domain)

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

    # Each slot is taken from the answer to its own question only.
    def _answer(self, tracker: Tracker, slot: str) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        return {slot: _text(tracker)}

    async def extract_complaint_category(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "complaint_category":
            return {}
        # a free description answers the category and the description at once
        found = _from_message(tracker, dispatcher)
        if found:
            return found
        return {"complaint_category": _text(tracker)}

    async def extract_complaint_description(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_description")

    async def extract_complaint_location(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "complaint_location":
            return {}
        point = _shared_point(tracker)
        if point is not None:
            return {"complaint_location": json.dumps({"point": point})}
        return {"complaint_location": _text(tracker)}

    async def extract_complaint_duplicate_choice(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_duplicate_choice")

    async def extract_complaint_photo(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "complaint_photo":
            return {}
        attachments = _metadata(tracker).get("attachments") or []
        if attachments or _intent(tracker) == "share_image" or _text(tracker) == "/share_image":
            return {"complaint_photo": json.dumps({"attachments": attachments})}
        return {"complaint_photo": _text(tracker)}

    async def extract_complaint_privacy(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_privacy")

    async def extract_complaint_contact_ok(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_contact_ok")

    async def extract_complaint_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_phone")

    async def extract_complaint_nik(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_nik")

    async def extract_complaint_confirm(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(tracker, "complaint_confirm")

    # --- validation, one method per slot

    @_skip_cleared
    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        code = text if text in svc.routing().categories else svc.recognise_category(text)
        if code is None:
            _invalid(dispatcher, svc.InvalidComplaintInput("category", "category_unknown", text))
            return {"complaint_category": None}
        return {"complaint_category": code}

    @_skip_cleared
    def validate_complaint_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if _is_command(text):
            text = ""
        try:
            return {"complaint_description": svc.clean_description(text)}
        except svc.InvalidComplaintInput as error:
            _invalid(dispatcher, error)
            return {"complaint_description": None}

    @_skip_cleared
    def validate_complaint_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        place: svc.PlaceInfo | None = None
        try:
            if text.startswith('{"point"'):
                lat, lon = json.loads(text)["point"]
                place = svc.place_from_point(float(lat), float(lon))
            else:
                existing = _place_from_slot(tracker.get_slot("complaint_place"))
                if existing is not None and text == _location_label(existing):
                    place = existing  # taken from the opening message, already checked
                else:
                    place = svc.place_from_text("" if _is_command(text) else text)
        except svc.InvalidComplaintInput as error:
            _invalid(dispatcher, error)
            return {"complaint_location": None, "complaint_place": None}
        result: dict[str, Any] = {
            "complaint_location": _location_label(place),
            "complaint_place": _place_dict(place),
            "complaint_duplicate_of": None,
        }
        category = tracker.get_slot("complaint_category")
        if category and tracker.get_slot("complaint_duplicate_choice") is None:
            with Session(context.get().engine) as session:
                dups = svc.find_duplicates(session, category=category, place=place)
            if dups:
                result["complaint_duplicate_of"] = dups[0].ticket_code
        return result

    @_skip_cleared
    def validate_complaint_duplicate_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if _says(text, "follow"):
            return {"complaint_duplicate_choice": "ikuti"}
        if _says(text, "new"):
            return {"complaint_duplicate_choice": "baru"}
        _invalid(dispatcher, svc.ComplaintError("choice_unclear"))
        return {"complaint_duplicate_choice": None}

    @_skip_cleared
    def validate_complaint_photo(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if text.startswith('{"attachments"'):
            try:
                return {"complaint_photo": self._checked_photo(json.loads(text)["attachments"])}
            except svc.ComplaintError as error:
                _invalid(dispatcher, error)
                return {"complaint_photo": None}
        if text == NONE or _says(text, "skip"):
            return {"complaint_photo": NONE}
        if text.startswith("media/"):  # already checked (a corrected summary)
            return {"complaint_photo": text}
        _invalid(dispatcher, svc.ComplaintError("photo_missing"))
        return {"complaint_photo": None}

    @staticmethod
    def _checked_photo(attachments: list[dict[str, Any]]) -> str:
        """The stored photo's reference; its bytes must be an image (media.sniff)."""
        if not attachments:
            raise svc.ComplaintError("photo_missing")
        att = attachments[0]
        url = str(att.get("url") or "")
        if not url.startswith("media/"):
            raise svc.ComplaintError("photo_missing", f"not stored by the app: {url!r}")
        runtime = context.get().settings.runtime_dir
        try:
            path = media.media_path(runtime, url)
            data = path.read_bytes()
        except (media.MediaRejected, OSError) as error:
            raise svc.ComplaintError("photo_missing", str(error)) from error
        found = media.sniff(data)
        if found is None or found[0] != "image":
            raise svc.ComplaintError("photo_not_image", f"{url}: {found}")
        if len(data) > media.MAX_IMAGE_BYTES:
            raise svc.ComplaintError("photo_too_large", f"{len(data)} bytes")
        return url

    @_skip_cleared
    def validate_complaint_privacy(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        norm = re.sub(r"[^\w\s]", " ", str(value or "").lower()).strip()
        for level, words in svc.texts()["words"]["privacy"].items():
            if norm == level or norm in words:
                return {"complaint_privacy": level}
        _invalid(dispatcher, svc.ComplaintError("choice_unclear"))
        return {"complaint_privacy": None}

    @_skip_cleared
    def validate_complaint_contact_ok(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if text in ("ya", "tidak"):
            return {"complaint_contact_ok": text}
        if _intent(tracker) == "deny" or _says(text, "refuse"):
            return {
                "complaint_contact_ok": "tidak",
                "complaint_phone": None,
                "complaint_nik": None,
                "complaint_nik_masked": None,
            }
        if _intent(tracker) == "affirm" or _says(text, "agree"):
            return {"complaint_contact_ok": "ya"}
        try:  # a phone number typed straight away means yes
            phone = svc.validate_phone(text)
            return {"complaint_contact_ok": "ya", "complaint_phone": phone}
        except svc.InvalidComplaintInput:
            pass
        _invalid(dispatcher, svc.ComplaintError("choice_unclear"))
        return {"complaint_contact_ok": None}

    @_skip_cleared
    def validate_complaint_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"complaint_phone": svc.validate_phone(str(value or ""))}
        except svc.InvalidComplaintInput as error:
            _invalid(dispatcher, error)
            return {"complaint_phone": None}

    @_skip_cleared
    def validate_complaint_nik(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if text == NONE or _says(text, "skip"):
            return {"complaint_nik": NONE, "complaint_nik_masked": None}
        if re.fullmatch(r"[0-9a-f]{64}", text):  # already the HMAC
            return {"complaint_nik": text}
        try:
            nik = svc.validate_nik(text)
        except svc.InvalidComplaintInput as error:
            _invalid(dispatcher, error)
            return {"complaint_nik": None}
        # Only the HMAC and a masked form stay in the conversation state.
        return {
            "complaint_nik": svc.nik_hmac(context.get().settings.secret_key, nik),
            "complaint_nik_masked": svc.mask_nik(nik),
        }

    @_skip_cleared
    def validate_complaint_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        norm = re.sub(r"[^\w\s]", " ", text.lower()).strip()
        if text in ("kirim", "batal"):
            return {"complaint_confirm": text}
        if _says(text, "cancel"):
            return {"complaint_confirm": "batal"}
        if _says(text, "send") or _intent(tracker) == "affirm":
            return {"complaint_confirm": "kirim"}
        if norm.startswith(("ubah", "ganti", "koreksi", "perbaiki", "salah")):
            for slot, words in svc.texts()["words"]["edit"].items():
                if any(re.search(rf"\b{w}\b", norm) for w in words):
                    cleared: dict[str, Any] = {slot: None, "complaint_confirm": None}
                    if slot == "complaint_location":
                        cleared |= {"complaint_place": None, "complaint_duplicate_of": None}
                    if slot == "complaint_contact_ok":
                        cleared |= {
                            "complaint_phone": None,
                            "complaint_nik": None,
                            "complaint_nik_masked": None,
                        }
                    return cleared
        _invalid(dispatcher, svc.ComplaintError("choice_unclear"))
        return {"complaint_confirm": None}


# ------------------------------------------------------------------ questions with values


class ActionAskComplaintDescription(Action):
    def name(self) -> str:
        return "action_ask_complaint_description"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_complaint_ask_description",
            category_name=_category_name(tracker.get_slot("complaint_category")),
        )
        return []


class ActionAskComplaintDuplicateChoice(Action):
    def name(self) -> str:
        return "action_ask_complaint_duplicate_choice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = tracker.get_slot("complaint_duplicate_of")
        with Session(context.get().engine) as session:
            dup = svc.get_by_code(session, code)
            status = svc.status_label(dup.status)
        dispatcher.utter_message(
            response="utter_complaint_duplicate_found", duplicate_code=code, duplicate_status=status
        )
        return []


def summary_values(tracker: Tracker) -> dict[str, str]:
    words = svc.texts()["summary"]
    photo = tracker.get_slot("complaint_photo")
    privacy = tracker.get_slot("complaint_privacy") or "biasa"
    if tracker.get_slot("complaint_contact_ok") == "ya":
        contact = words["contact_yes"].format(phone=tracker.get_slot("complaint_phone"))
        if tracker.get_slot("complaint_nik_masked"):
            contact += ", " + words["nik"].format(nik=tracker.get_slot("complaint_nik_masked"))
    else:
        contact = words["contact_no"]
    return {
        "category_name": _category_name(tracker.get_slot("complaint_category")),
        "description": tracker.get_slot("complaint_description") or "-",
        "location": tracker.get_slot("complaint_location") or "-",
        "photo": words["photo_yes"] if photo and photo != NONE else words["photo_no"],
        "privacy": words["privacy"].get(privacy, privacy),
        "contact": contact,
    }


class ActionAskComplaintConfirm(Action):
    def name(self) -> str:
        return "action_ask_complaint_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_complaint_summary", **summary_values(tracker))
        return []


# ------------------------------------------------------------------ filing


class ActionComplaintSubmit(Action):
    """Files the ticket (idempotent per conversation message), or follows the duplicate."""

    def name(self) -> str:
        return "action_complaint_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = context.get()
        reset = [SlotSet(s, None) for s in FORM_SLOTS]
        if tracker.get_slot("complaint_duplicate_choice") == "ikuti":
            code = tracker.get_slot("complaint_duplicate_of")
            with Session(ctx.engine) as session:
                svc.follow(session, svc.get_by_code(session, code), tracker.sender_id)
            dispatcher.utter_message(response="utter_complaint_following", code=code)
            return reset
        if tracker.get_slot("complaint_confirm") == "batal":
            dispatcher.utter_message(response="utter_complaint_cancelled")
            return reset
        place = _place_from_slot(tracker.get_slot("complaint_place"))
        photo = tracker.get_slot("complaint_photo")
        nik = tracker.get_slot("complaint_nik")
        draft = svc.ComplaintDraft(
            category=tracker.get_slot("complaint_category") or "",
            description=tracker.get_slot("complaint_description") or "",
            place=place or svc.PlaceInfo(address=tracker.get_slot("complaint_location") or ""),
            privacy=Privacy(tracker.get_slot("complaint_privacy") or "biasa"),
            photo_url=photo if photo and photo != NONE else None,
            reporter_conversation_id=tracker.sender_id,
            reporter_phone=tracker.get_slot("complaint_phone"),
            source="chat",
        )
        key = self._idempotency_key(tracker, draft)
        try:
            with Session(ctx.engine) as session:
                complaint = svc.create_complaint(
                    session, draft, secret_key=ctx.settings.secret_key, idempotency_key=key
                )
                if nik and nik != NONE:
                    complaint.nik_hmac = nik
                    session.add(complaint)
                    session.commit()
                code = complaint.ticket_code
                dinas = svc.routing().dinas_name(complaint.dinas_code)
                expected = svc.format_date(complaint.expected_date)
        except Exception:
            # Keep every answer (slots untouched); the citizen can say "kirim" again.
            log.exception("filing complaint for %s failed; answers kept", tracker.sender_id)
            dispatcher.utter_message(response="utter_complaint_filing_failed")
            return [
                SlotSet("complaint_confirm", None),
                FollowupAction("complaint_form"),
            ]
        dispatcher.utter_message(
            response="utter_complaint_filed", code=code, dinas=dinas, expected=expected
        )
        return reset

    @staticmethod
    def _idempotency_key(tracker: Tracker, draft: svc.ComplaintDraft) -> str:
        message_id = tracker.latest_message.get("message_id")
        if message_id:
            return f"{tracker.sender_id}:{message_id}"[:200]
        digest = hashlib.sha256(
            json.dumps([draft.category, draft.description, draft.place.address]).encode()
        ).hexdigest()[:32]
        return f"{tracker.sender_id}:{digest}"[:200]


# ------------------------------------------------------------------ status check


LAST4 = re.compile(r"(?<![\d-])(\d{4})(?![\d-])")


class ActionComplaintStatus(Action):
    """Status by tracking number; details only for the reporter."""

    def name(self) -> str:
        return "action_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _text(tracker)
        code = svc.parse_ticket_code(
            _entity(tracker, "ticket_code") or ""
        ) or svc.parse_ticket_code(text)
        if code is None:
            dispatcher.utter_message(response="utter_ask_ticket_code")
            return []
        rest = svc.TICKET_RE.sub(" ", text)
        last4 = LAST4.search(rest)
        with Session(context.get().engine) as session:
            try:
                c = svc.get_by_code(session, code)
            except svc.ComplaintNotFound as error:
                _invalid(dispatcher, error, code=code)
                return []
            status = svc.status_label(c.status)
            if not svc.is_reporter(c, tracker.sender_id, last4.group(1) if last4 else None):
                dispatcher.utter_message(
                    response="utter_complaint_status_public", code=code, status=status
                )
                return []
            hist = svc.history(session, c)
            words = svc.texts()["summary"]
            reason = words["reason"].format(reason=c.status_reason) if c.status_reason else ""
            last_note = hist[-1].note if hist and hist[-1].note else words["no_history"]
            place = svc.PlaceInfo(address=c.address, kelurahan=c.kelurahan, kecamatan=c.kecamatan)
            dispatcher.utter_message(
                response="utter_complaint_status_detail",
                code=code,
                category_name=_category_name(c.category),
                location=_location_label(place),
                status=status,
                dinas=svc.routing().dinas_name(c.dinas_code),
                expected=svc.format_date(c.expected_date),
                reason=reason,
                last_note=last_note,
            )
        return []


# ------------------------------------------------------------------ rating


class ActionComplaintRate(Action):
    """A 1-5 rating (from the buttons pushed with the 'selesai' update); then a comment."""

    def name(self) -> str:
        return "action_complaint_rate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _text(tracker)
        code = svc.parse_ticket_code(
            _entity(tracker, "ticket_code") or ""
        ) or svc.parse_ticket_code(text)
        raw = _entity(tracker, "rating")
        if raw is None:
            m = re.search(r"(?<!\d)([1-5])(?!\d)", svc.TICKET_RE.sub(" ", text))
            raw = m.group(1) if m else None
        if code is None:
            dispatcher.utter_message(response="utter_ask_ticket_code")
            return []
        with Session(context.get().engine) as session:
            try:
                c = svc.get_by_code(session, code)
                if not svc.is_reporter(c, tracker.sender_id) and tracker.sender_id not in (
                    svc.audience(session, c)
                ):
                    raise svc.ComplaintNotFound(code)
                svc.rate(session, c, rating=int(raw or 0), comment="")
            except svc.ComplaintError as error:
                _invalid(dispatcher, error, code=code)
                return []
        return [
            SlotSet("complaint_rating_ticket", code),
            SlotSet("complaint_rating_comment", None),
            FollowupAction("complaint_rating_form"),
        ]


class ValidateComplaintRatingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_complaint_rating_form"

    async def extract_complaint_rating_comment(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "complaint_rating_comment":
            return {}
        return {"complaint_rating_comment": _text(tracker)}

    @_skip_cleared
    def validate_complaint_rating_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text or _says(text, "skip") or _is_command(text):
            return {"complaint_rating_comment": NONE}
        return {"complaint_rating_comment": text[: svc.DESCRIPTION_MAX_CHARS]}


class ActionComplaintSaveComment(Action):
    def name(self) -> str:
        return "action_complaint_save_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = tracker.get_slot("complaint_rating_ticket")
        comment = tracker.get_slot("complaint_rating_comment")
        flag = ""
        if code:
            with Session(context.get().engine) as session:
                c = svc.get_by_code(session, code)
                if comment and comment != NONE:
                    svc.set_rating_comment(session, c, comment)
                if c.flagged_for_review:
                    flag = svc.texts()["summary"]["rating_flag"]
        dispatcher.utter_message(response="utter_complaint_rating_saved", code=code, flag=flag)
        return [
            SlotSet("complaint_rating_ticket", None),
            SlotSet("complaint_rating_comment", None),
        ]
