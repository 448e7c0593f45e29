"""Status check by tracking number, and the satisfaction rating with its comment."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context, recent
from actions.complaint import reading as rd
from actions.complaint.form import invalid
from app.services import complaints as svc
from app.services.knowledge import get_knowledge_base
from core.lang import answers
from core.lang.wishes import wants_to_report

if TYPE_CHECKING:
    from actions.inquiry_choice import Reply

NONE = rd.NONE


LAST4 = re.compile(r"(?<![\d-])(\d{4})(?![\d-])")
# a status check names what is checked: a report, a complaint, a ticket, its status
STATUS_WORDS = re.compile(
    r"\b(?:(?:me|di)?lapor\w*|aduan\w*|pengaduan\w*|mengadu\w*|keluhan\w*|tiket\w*|status\w*"
    r"|lacak\w*|tindak\s*lanjut\w*|ditindaklanjuti|perkembangan\w*|lpr)\b",
    re.I,
)


# a rating names stars, a mark or how pleased one is
RATING_WORDS = re.compile(
    r"\b(?:bintang\w*|nilai\w*|rating|skor|puas\w*|kecewa\w*|kasih|beri\w*|bagus|jelek)\b", re.I
)

NOT_FOUND = "utter_complaint_invalid_ticket_not_found"
NOT_FOUND_AGAIN = "utter_complaint_ticket_not_found_again"


def last_response(tracker: Tracker) -> str | None:
    """The response the assistant's last message came from (before this turn's)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot":
            return str((event.get("metadata") or {}).get("utter_action") or "") or None
    return None


class ActionComplaintStatus(Action):
    """Status by tracking number; details only for the reporter."""

    def name(self) -> str:
        return "action_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = rd.text_of(tracker)
        named = svc.parse_ticket_code(
            rd.entity(tracker, "ticket_code") or ""
        ) or svc.parse_ticket_code(text)
        code = named or recent.the_ticket(tracker)  # "laporan saya yang tadi": the one filed here
        if (
            code is None
            or self._followup(tracker, text)
            or (named is None and wants_to_report(text))
        ):
            # a question read as a status check: "kalau ayah saya meninggalnya sudah 2 tahun
            # lalu gimana" after the akta kematian answer, "bapak saya sudah meninggal minggu
            # lalu, ngurus surat kematiannya bagaimana"; else the number asked for
            return await answer_instead(dispatcher, tracker, domain, text)
        rest = svc.TICKET_RE.sub(" ", text)
        last4 = LAST4.search(rest)
        with context.get().session() as session:
            try:
                c = svc.get_by_code(session, code)
            except svc.ComplaintNotFound as error:
                if last_response(tracker) == NOT_FOUND:  # twice: where it is, and an officer
                    dispatcher.utter_message(response=NOT_FOUND_AGAIN, code=code)
                else:
                    invalid(dispatcher, error, code=code)
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
                category_name=rd.category_name(c.category),
                location=rd.location_label(place),
                status=status,
                dinas=svc.routing().dinas_name(c.dinas_code),
                expected=svc.format_date(c.expected_date),
                reason=reason,
                last_note=last_note,
            )
        return []

    @staticmethod
    def _followup(tracker: Tracker, text: str) -> bool:
        """A question after an answer that names no report, ticket or status: a follow-up
        about the topic just answered, not a status check."""
        if not tracker.get_slot("last_topic") or rd.entity(tracker, "ticket_code"):
            return False
        return svc.parse_ticket_code(text) is None and not STATUS_WORDS.search(text)

    @staticmethod
    def _question(tracker: Tracker, text: str) -> Reply | None:
        """The knowledge base's answer to a message that names no report, ticket or status
        and that its rankers agree is a question of one topic; else None."""
        if rd.entity(tracker, "ticket_code") or svc.parse_ticket_code(text):
            return None
        if STATUS_WORDS.search(text) or recent.the_ticket(tracker):
            return None
        from actions.inquiry_choice import decide

        threshold = context.get().settings.faq_min_confidence
        reply = decide(get_knowledge_base(), tracker.latest_message or {}, None, threshold)
        return reply if reply.kind == "answer" and reply.topic is not None else None


def not_a_rating(text: str) -> bool:
    """A message of more than three words with no word of rating: no rating, whatever the
    classifier said (a rating is "5", "bintang 4", "saya kasih 3, puas")."""
    return len(text.split()) > 3 and not RATING_WORDS.search(text)


async def answer_instead(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, text: str
) -> list[EventType]:
    """A message taken for a status check or a rating that is none: a wish to report (the
    complaint form), else a follow-up about the topic just answered, else the question's
    answer, else the ticket asked for."""
    from actions.inquiry import ActionAnswerFollowup, speak
    from actions.switch import start_service  # switch imports the complaint package

    if wants_to_report(text):
        # "saya mau lapor", "lapor aja deh", "gimana cara laporinnya" after an answer: the
        # report is started, not a report number asked for
        return await start_service("file_complaint", dispatcher, tracker, domain)
    if ActionComplaintStatus._followup(tracker, text):
        return await ActionAnswerFollowup().run(dispatcher, tracker, domain)
    asked = ActionComplaintStatus._question(tracker, text)
    if asked is not None:
        return speak(dispatcher, asked)
    dispatcher.utter_message(response="utter_ask_ticket_code")
    return []


# ------------------------------------------------------------------ rating


class ActionComplaintRate(Action):
    """A 1-5 rating (from the buttons pushed with the 'selesai' update); then a comment."""

    def name(self) -> str:
        return "action_complaint_rate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = rd.text_of(tracker)
        code = svc.parse_ticket_code(
            rd.entity(tracker, "ticket_code") or ""
        ) or svc.parse_ticket_code(text)
        raw = rd.entity(tracker, "rating")
        if raw is None:
            m = re.search(r"(?<!\d)([1-5])(?!\d)", svc.TICKET_RE.sub(" ", text))
            raw = m.group(1) if m else None
        if code is None and (not_a_rating(text) or wants_to_report(text)):
            # "sekeluarga 4 orang semua harus datang?" after moving house (rate_service 0.46)
            return await answer_instead(dispatcher, tracker, domain, text)
        if code is None:
            dispatcher.utter_message(response="utter_ask_ticket_code")
            return []
        with context.get().session() as session:
            try:
                c = svc.get_by_code(session, code)
                if not svc.is_reporter(c, tracker.sender_id) and tracker.sender_id not in (
                    svc.audience(session, c)
                ):
                    raise svc.ComplaintNotFound(code)
                svc.rate(session, c, rating=int(raw or 0), comment="")
            except svc.ComplaintError as error:
                invalid(dispatcher, error, code=code)
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
        return {"complaint_rating_comment": rd.text_of(tracker)}

    def validate_complaint_rating_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"complaint_rating_comment": None}
        text = str(value).strip()
        if (
            not text
            or answers.is_skip(text)
            or answers.yes_no(text) is False
            or rd.is_command(text)
        ):
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
            with context.get().session() as session:
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
