"""Shared machinery of the chat forms: the answer to the question just asked wins; never a loop.

Every form's validation action derives from :class:`CitizenForm`. Each turn:

1. Clear digressions first: stop ("batal", "nggak jadi"), an emergency, a request for an
   officer. These leave the form (an emergency or an officer gets everything collected).
2. The reply is read as the answer to the requested slot (the form's ``extract_<slot>`` and
   ``validate_<slot>`` methods, which read it through :mod:`core.lang`). Any slot filled or
   corrected counts as an answer.
3. No answer: a question about something else is answered and the form's question comes
   back once. Otherwise the question is asked a second time, as ONE message: the reason (or
   "not understood"), the question with an example, and buttons. A third failure takes the
   slot's sensible default (no photo, "biasa"...) or hands the conversation to an officer,
   passing on what was collected. So no question is ever asked three times in a row.
   A citizen who asks what the question means ("maksudnya apa?") gets it explained instead
   (:mod:`actions.forms.explain`): no failure counted, and the explanation is its second asking.
"""

from __future__ import annotations

import json
import logging
import re
from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import explain, prompts
from actions.forms.choice_guard import names_day_or_time
from actions.forms.turn import MAX_CHOICE_WORDS, Turn, offered_buttons
from core.lang import answers
from core.lang.questions import is_question

log = logging.getLogger(__name__)

ATTEMPTS = "form_attempts"  # "<slot>:<n>": failed answers in a row to the requested slot
REASKED = "form_reasked"  # the slot the validator already asked this turn (ask action silent)
HANDOFF_REASON = "handoff_reason"
EMERGENCY_INTENT_MIN = 0.95  # mid-form, the emergency phrases decide; the classifier only when sure
SWITCH_INTENT_MIN = 0.8
# a request for another service, said instead of an answer, changes to that service's form
SWITCH_INTENTS = {
    "book_facility": "booking_form",
    "file_complaint": "complaint_form",
    "cancel_booking": "cancel_booking_form",
    "reschedule_booking": "reschedule_booking_form",
}


def attempts(tracker: Tracker, slot: str) -> int:
    raw = str(tracker.get_slot(ATTEMPTS) or "")
    name, _, count = raw.rpartition(":")
    return int(count) if name == slot and count.isdigit() else 0


def response_buttons(domain: DomainDict, response: str) -> list[dict[str, str]]:
    """The buttons a response carries in the domain (its first variant)."""
    variants = (domain.get("responses") or {}).get(response) or []
    return list(variants[0].get("buttons") or []) if variants else []


def is_emergency(turn: Turn) -> bool:
    from app.services.knowledge import get_knowledge_base

    if turn.intent == "emergency" and turn.confidence >= EMERGENCY_INTENT_MIN:
        return True
    return bool(turn.text) and get_knowledge_base().is_emergency(turn.text)


def hand_off(reason: str) -> list[EventType]:
    """Leave the form and queue the conversation for an officer with every slot collected
    (``action_request_handoff`` puts the slots in the queue entry)."""
    return [
        SlotSet(HANDOFF_REASON, reason),
        SlotSet(ATTEMPTS, None),
        SlotSet(REASKED, None),
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        FollowupAction("action_request_handoff"),
    ]


def _other_number(text: str, title: str) -> bool:
    """ "4 jam" under the one button [1 jam] names its own number, not that button (bench
    b-aula-04 asked for 4 hours twice and was booked for 1 without a word)."""
    said = {int(n) for n in re.findall(r"\d+", text)}
    shown = {int(n) for n in re.findall(r"\d+", title)}
    return bool(said) and bool(shown) and not said & shown


class CitizenForm(FormValidationAction):
    """Base of every form's validation action (see the module docstring)."""

    # slot -> value taken at the third failed answer (the citizen is told, see notes)
    defaults: ClassVar[dict[str, Any]] = {}
    # slots whose first value also counts as an answer (a part of the day for the time)
    refinements: ClassVar[set[str]] = set()
    # said when the citizen thanks mid-form (the form's question follows)
    thanks_response: ClassVar[str] = "utter_form_not_done_yet"
    # forms a switching intent never leaves this one for
    stays_against: ClassVar[frozenset[str]] = frozenset()

    # ---- hooks for the forms

    @abstractmethod
    async def stop(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The citizen stops the form ("batal")."""

    def slot_buttons(self, slot: str, tracker: Tracker, domain: DomainDict) -> list[dict[str, str]]:
        """Buttons offered when ``slot`` is asked a second time."""
        return response_buttons(domain, f"utter_ask_{slot}")

    def slot_limits(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        """Bounds of the answer to ``slot`` for its structured prompt (none by default)."""
        return {}

    def take_default(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        """The third failure: events that fill ``slot`` with a sensible default, or None to
        hand over to an officer."""
        if slot not in self.defaults:
            return None
        dispatcher.utter_message(response=f"utter_form_default_{slot}")
        return [SlotSet(slot, self.defaults[slot])]

    # ---- the turn

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = Turn.of(tracker)
        slot = turn.requested
        if slot is None:  # activation: take what the opening message says
            return await super().run(dispatcher, tracker, domain)
        if not turn.is_button and answers.is_cancel(turn.text):
            log.info("form %s stopped by the citizen at %s", self.form_name(), slot)
            return await self.stop(dispatcher, tracker, domain)
        if not turn.is_button and is_emergency(turn):
            log.warning("emergency words during %s (%s)", self.form_name(), tracker.sender_id)
            dispatcher.utter_message(response="utter_emergency")
            return hand_off("emergency")
        if turn.text.startswith("/request_human") or (not turn.is_button and turn.wants_officer()):
            return hand_off("request_human")
        if explain.wanted(tracker, slot, turn.text):  # "maksudnya apa?": no failed answer
            return self._explain(dispatcher, tracker, domain, slot)

        self._read_button_choice(tracker, turn)
        before = dict(tracker.slots)
        scratch = CollectingDispatcher()
        events = await super().run(scratch, tracker, domain)
        if self._progress(events, before, slot):
            dispatcher.messages.extend(scratch.messages)
            following = await self._next_slot(dispatcher, tracker, domain)
            asked = self._asked_already(scratch, following)
            if asked:  # the refusal with choices is the next question: its prompt goes with it
                self._tag(dispatcher.messages[-1], str(following), tracker, domain)
            # another answer corrected while this question is open: its failures still count
            still_open = following == slot and attempts(tracker, slot) > 0
            # (a check may have counted a refusal of a slot told ahead: booking/checks.py)
            counted = any(e.get("event") == "slot" and e.get("name") == ATTEMPTS for e in events)
            reset = [] if still_open or counted else [SlotSet(ATTEMPTS, None)]
            return [*events, *reset, *asked]
        return await self._no_answer(dispatcher, scratch, tracker, domain, turn, events, before)

    @staticmethod
    def _read_button_choice(tracker: Tracker, turn: Turn) -> None:
        """A short reply that names one of the buttons just offered ("yang kedua", "ya
        pesan", "tidak ada") is read as that button's tap."""
        if turn.is_button or len(turn.text.split()) > MAX_CHOICE_WORDS:
            return
        if re.search(r"\d{3,}|#", turn.text):  # a number or a NIK token is an answer itself
            return
        buttons = offered_buttons(tracker)
        if names_day_or_time(turn.text, buttons):  # "lusa jam 10": not "Kamis, 10 Desember"
            return  # "jam 9" is a time for the day being booked, not another day's button
        picked = answers.pick_choice(turn.text, [b.get("title", "") for b in buttons])
        if picked is None or _other_number(turn.text, str(buttons[picked].get("title", ""))):
            return
        payload = str(buttons[picked].get("payload") or "")
        message = tracker.latest_message
        message["text"] = payload
        if payload.startswith("/") and "{" in payload:
            try:
                values = json.loads(payload[payload.index("{") :])
            except ValueError:
                return
            message["entities"] = [
                *(message.get("entities") or []),
                *({"entity": k, "value": v} for k, v in values.items()),
            ]

    async def _next_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> str | None:
        """The slot the form asks next (the tracker already holds this turn's answers)."""
        slots = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return next((s for s in slots if tracker.get_slot(s) is None), None)

    @staticmethod
    def _asked_already(scratch: CollectingDispatcher, following: str | None) -> list[EventType]:
        """A refusal with choices (a taken time with the free ones) already asks for the slot
        it cleared: the form's own question for it stays silent this turn."""
        if following and scratch.messages and scratch.messages[-1].get("buttons"):
            return [SlotSet(REASKED, following)]
        return []

    def _progress(self, events: list[EventType], before: dict[str, Any], slot: str) -> bool:
        """Did this message answer the requested slot, or correct an earlier answer? (Answers
        to other questions given early are kept, but the question still counts as open.) A
        value the combination check refused afterwards is no answer."""
        ignored = {"requested_slot", ATTEMPTS, REASKED}
        after = {
            e.get("name"): e.get("value")
            for e in events
            if e.get("event") == "slot" and e.get("name") not in ignored
        }
        if after.get(slot) is not None:
            return True
        refused = slot in after
        for name, value in after.items():
            if name == slot or value == before.get(name):
                continue
            if name in self.refinements and not refused and value is not None:
                return True  # e.g. "sore saja" for the time: the afternoon's times come next
            if before.get(name) is not None:
                return True  # a correction
        return False

    def _new_answer(self, events: list[EventType], before: dict[str, Any], slot: str) -> bool:
        """Did this message answer a question not asked yet? (Each slot can be new once, so
        this never keeps a form going round; a refinement, "pagi", is no answer of its own.)"""
        ignored = {slot, "requested_slot", ATTEMPTS, REASKED, *self.refinements}
        return any(
            e.get("event") == "slot"
            and e.get("name") not in ignored
            and e.get("value") is not None
            and before.get(e.get("name")) is None
            for e in events
        )

    async def _no_answer(
        self,
        dispatcher: CollectingDispatcher,
        scratch: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        turn: Turn,
        events: list[EventType],
        before: dict[str, Any],
    ) -> list[EventType]:
        slot = str(turn.requested)
        if not turn.is_button:
            if turn.is_question():
                answered = await self._answer_question(dispatcher, tracker, domain, slot)
                if answered is not None:
                    return answered
            if answers.is_thanks(turn.text):
                dispatcher.utter_message(response=self.thanks_response)
                return [SlotSet(slot, None)]
        other = SWITCH_INTENTS.get(turn.intent)
        if (
            other
            and other != self.form_name()
            and other not in self.stays_against
            and turn.confidence >= SWITCH_INTENT_MIN
        ):
            return [
                SlotSet(ATTEMPTS, None),
                SlotSet("requested_slot", None),
                ActiveLoop(None),
                FollowupAction("action_switch_form"),
            ]
        if self._new_answer(events, before, slot) and not is_question(turn.text):
            # "jam delapan pagi" while the date is asked: kept, and the date asked again (with
            # its buttons); a citizen who answers ahead is not failing to answer (a question
            # is: "maksudnya bagaimana ya?" taken as the description, bench y-12)
            if not scratch.messages:
                return [*events, SlotSet(slot, None)]
            self._reask(dispatcher, scratch, tracker, domain, slot)
            return [*events, SlotSet(slot, None), SlotSet(REASKED, slot)]
        failures = attempts(tracker, slot) + 1
        if explain.explained_last(tracker, slot):  # explained: that was its second asking
            failures = max(failures, 2)
        log.info("form %s: no answer to %s (%d in a row)", self.form_name(), slot, failures)
        if failures >= 2:
            taken = self.take_default(slot, dispatcher, tracker, domain)
            kept = [
                e
                for e in events
                if e.get("event") == "slot" and e.get("name") not in (slot, "requested_slot")
            ]
            if taken is not None:
                done = [*kept, *taken, SlotSet(ATTEMPTS, None)]
                tracker.add_slots(done)
                following = await self.next_requested_slot(dispatcher, tracker, domain)
                return [*done, following] if following else done
            dispatcher.utter_message(response="utter_form_to_officer")
            return [*kept, *hand_off("not_understood")]
        # the second asking: the reason and the question in one message, with buttons
        self._reask(dispatcher, scratch, tracker, domain, slot)
        return [
            *events,
            SlotSet(slot, None),
            SlotSet(ATTEMPTS, f"{slot}:{failures}"),
            SlotSet(REASKED, slot),
        ]

    def _explain(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, slot: str
    ) -> list[EventType]:
        """The question said more simply, with an example and its buttons (actions/forms/
        explain.py); the failures counted so far stay as they are."""
        log.info("form %s: %s explained", self.form_name(), slot)
        buttons = self.slot_buttons(slot, tracker, domain)
        dispatcher.utter_message(text=explain.explanation(slot), buttons=buttons)
        self._tag(dispatcher.messages[-1], slot, tracker, domain)
        return [SlotSet(slot, None), SlotSet(REASKED, slot)]

    def _reask(
        self,
        dispatcher: CollectingDispatcher,
        scratch: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        slot: str,
    ) -> None:
        buttons = self.slot_buttons(slot, tracker, domain)
        if not scratch.messages:
            reask = f"utter_reask_{slot}"
            name = reask if reask in (domain.get("responses") or {}) else "utter_form_reask"
            dispatcher.utter_message(response=name, buttons=buttons)
        else:
            *earlier, last = scratch.messages
            dispatcher.messages.extend(earlier)
            if not last.get("buttons"):
                last = {**last, "buttons": buttons}
            dispatcher.messages.append(last)
        self._tag(dispatcher.messages[-1], slot, tracker, domain)

    def _tag(
        self, message: dict[str, Any], slot: str, tracker: Tracker, domain: DomainDict
    ) -> None:
        prompts.tag(message, slot, tracker, domain, self.slot_limits(slot, tracker))

    async def _answer_question(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        slot: str,
        resume: bool = True,
    ) -> list[EventType] | None:
        """Answer a question from the knowledge base, then the form's question comes back
        (``resume``). None when the knowledge base has no clear answer (no clarifying menu
        mid-form)."""
        from actions.inquiry import ActionAnswerFaq

        answer = CollectingDispatcher()
        extra = await ActionAnswerFaq().run(answer, tracker, domain)
        if any(e.get("event") == "followup" for e in extra):  # an emergency: 112 and an officer
            dispatcher.messages.extend(answer.messages)
            return hand_off("emergency")
        unsure = {
            "utter_clarify",
            "utter_default",
            "utter_offer_officer",
            "utter_faq_unknown_topic",
        }
        if not answer.messages or any(m.get("response") in unsure for m in answer.messages):
            return None
        dispatcher.messages.extend(answer.messages)
        if resume:
            dispatcher.utter_message(response="utter_form_resume")
        return [SlotSet(slot, None)]
