"""Starting a complaint and filing it (idempotent per conversation message), or following
a duplicate."""

from __future__ import annotations

import hashlib
import json
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.complaint import question, second
from actions.complaint import reading as rd
from actions.complaint.earlier import from_earlier
from actions.complaint.form import invalid
from actions.complaint.opening import said_up_front
from actions.elsewhere_guard import answered_elsewhere
from actions.forms import prompts, resume
from app.models import Privacy
from app.services import complaints as svc
from app.services.knowledge import get_knowledge_base
from core.lang.mood import is_upset
from core.texts import t

log = logging.getLogger(__name__)
# answers the form asks for: one the service refuses is asked again (slot complaint_<field>)
ASKED_FIELDS = frozenset({"category", "description", "location", "nik", "phone"})
NONE = rd.NONE
FORM_SLOTS = rd.FORM_SLOTS


def tracking_url(code: str) -> str:
    """The report's public status (Open311 GeoReport v2), absolute when the app knows its
    public address."""
    base = context.get().settings.public_url.rstrip("/")
    return f"{base}/open311/v2/requests/{code}.json"


def ask_which(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "Maksud Anda ...?" with the topics the question may be about and a report button;
    the form does not open."""
    from actions.inquiry import topic_payload  # inquiry imports this package
    from actions.inquiry_choice import selector_candidates, suggestions

    message = tracker.latest_message or {}
    topics = suggestions(get_knowledge_base(), rd.text_of(tracker), selector_candidates(message))
    buttons = [{"title": topic.title, "payload": topic_payload(topic.id)} for topic in topics]
    buttons.append({"title": t("actions.complaint_offer_button"), "payload": "/file_complaint"})
    log.info("unsure complaint question from %s: asked back", tracker.sender_id)
    dispatcher.utter_message(response="utter_clarify", buttons=buttons)
    return [FollowupAction("action_listen")]


class ActionComplaintStart(Action):
    """Clears a previous draft and takes what the opening message already says (the form's
    first question follows; a location outside the city is explained).

    Started by the ``file_complaint`` rule, it first checks that the message is no question
    taken for a complaint (:mod:`actions.complaint.question`): such a question is answered,
    the complaint offered by a button, and the form does not open. Started from another
    form or skill (``answer_questions=False``, actions/switch.py) it always opens it."""

    def __init__(self, answer_questions: bool = True) -> None:
        self.answer_questions = answer_questions

    def name(self) -> str:
        return "action_complaint_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if self.answer_questions:
            away = answered_elsewhere(dispatcher, tracker)  # "listrik mati sekampung": PLN
            if away is not None:
                return away
            topic = question.answer_instead(get_knowledge_base(), tracker.latest_message or {})
            if topic is not None:
                return question.answer_and_offer(dispatcher, tracker, topic)
            if question.unsure_question(tracker.latest_message or {}):
                return ask_which(dispatcher, tracker)
            if question.follows_answer(tracker):  # "di kelurahan atanapi di kecamatan?"
                from actions.inquiry import ActionAnswerFollowup  # inquiry imports this package

                said = await ActionAnswerFollowup().run(dispatcher, tracker, domain)
                return [*said, FollowupAction("action_listen")]  # the form does not open
        stopped = resume.draft(tracker, "complaint_form")
        if stopped is not None and resume.wants_back(rd.text_of(tracker)):
            dispatcher.utter_message(response="utter_form_resume")  # "jadi deh lapor yg tadi"
            return resume.restored(stopped)
        events: list[EventType] = [SlotSet(s, None) for s in FORM_SLOTS]
        if stopped is not None:  # a new complaint: the one given up stays given up
            events.append(SlotSet(resume.STOPPED, None))
        found, error = rd.from_message(tracker)
        found |= from_earlier(tracker, found)  # the place said before the form (bench y-04)
        if is_upset(rd.text_of(tracker)):  # "UDAH LAPOR BERKALI2 GA ADA TINDAKAN!!!": heard
            dispatcher.utter_message(text=t("actions.complaint_upset_heard"))
        if error is not None:
            invalid(dispatcher, error)
        events += [SlotSet(k, v) for k, v in found.items()]
        text = rd.text_of(tracker)
        if not rd.is_command(text):  # "..., ga ada foto, ga usah hubungin saya": not asked again
            events += [SlotSet(k, v) for k, v in said_up_front(text).items()]
        return events


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
            with ctx.session() as session:
                svc.follow(session, svc.get_by_code(session, code), tracker.sender_id)
            dispatcher.utter_message(
                response="utter_complaint_following",
                code=code,
                json_message=prompts.receipt("complaint", code, tracking_url(code)),
            )
            return reset
        if tracker.get_slot("complaint_confirm") == "batal":
            dispatcher.utter_message(response="utter_complaint_cancelled")
            answered = [s for s in FORM_SLOTS if s != "complaint_confirm"]
            return reset + resume.kept_aside(tracker, "complaint_form", answered)
        place = rd.place_from_slot(tracker.get_slot("complaint_place"))
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
            nik_hmac=nik if nik and nik != NONE else None,
            source="chat",
        )
        key = self._idempotency_key(tracker, draft)
        try:
            with ctx.session() as session:
                complaint = svc.create_complaint(
                    session, draft, secret_key=ctx.settings.secret_key, idempotency_key=key
                )
                code = complaint.ticket_code
                dinas = svc.routing().dinas_name(complaint.dinas_code)
                expected = svc.format_date(complaint.expected_date)
        except svc.InvalidComplaintInput as error:
            if error.key == "complaint_quota":
                # too many reports today from this person: said plainly, an officer offered
                log.info("complaint from %s refused: %s", tracker.sender_id, error.key)
                invalid(dispatcher, error)
                return reset
            if error.field in ASKED_FIELDS:
                # an answer the service refuses (not a system failure): said plainly, that
                # question asked again, every other answer kept
                log.warning("complaint from %s refused at filing: %s", tracker.sender_id, error.key)
                invalid(dispatcher, error)
                return [
                    SlotSet(f"complaint_{error.field}", None),
                    SlotSet("complaint_confirm", None),
                    FollowupAction("complaint_form"),
                ]
            log.exception("filing complaint for %s refused; answers kept", tracker.sender_id)
            dispatcher.utter_message(response="utter_complaint_filing_failed")
            return [SlotSet("complaint_confirm", None), FollowupAction("complaint_form")]
        except Exception:
            # Keep every answer (slots untouched); the citizen can say "kirim" again.
            log.exception("filing complaint for %s failed; answers kept", tracker.sender_id)
            dispatcher.utter_message(response="utter_complaint_filing_failed")
            return [
                SlotSet("complaint_confirm", None),
                FollowupAction("complaint_form"),
            ]
        public = draft.privacy is not Privacy.RAHASIA  # a secret report has no public page
        dispatcher.utter_message(
            response="utter_complaint_filed",
            code=code,
            dinas=dinas,
            expected=expected,
            json_message=prompts.receipt("complaint", code, tracking_url(code) if public else None),
        )
        other = second.other_problem(draft.description, draft.category)
        if other is not None:  # "..., trus got depannya jg mampet": a report of its own
            button = {
                "title": t("actions.complaint_offer_button"),
                "payload": second.payload(other),
            }
            name = rd.category_name(other)
            dispatcher.utter_message(
                text=t("actions.complaint_second_problem", name=name), buttons=[button]
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
