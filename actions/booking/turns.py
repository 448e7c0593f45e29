"""How a turn of the booking and reschedule forms goes beyond the shared form machinery
(actions/forms/base.py): the opening message's refusal is that turn's only question, and a
question about a place asked instead of an answer is answered (asides.py) with the booking
kept."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import common as c
from actions.booking.asides import aside, asks_about_another
from actions.booking.asking import date_buttons
from actions.booking.common import ASKING
from actions.booking.questions import asks_fee_only, facility_answer
from actions.forms import resume
from actions.forms.base import REASKED, CitizenForm
from actions.forms.turn import Turn
from app.services import bookings as svc
from core.lang import answers
from core.lang.leaving import leaves_to_ask
from core.lang.numbers import words_to_digits
from core.lang.questions import is_question
from core.lang.when import format_date
from core.texts import t


class BookingTurns(CitizenForm):
    """The booking forms' turn (see the module docstring)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        left = self._leaves_to_ask(tracker) if requested else None
        if left is not None:
            return await self._leave_to_ask(dispatcher, tracker, domain, str(requested), left)
        if requested and self._about_another(tracker):
            # "kalau GOR jam 3 kosong?": answered, nothing of it taken for this booking
            fac = c.facility(tracker)
            said = aside(c.text_of(tracker), fac, c.catalogue()) or {}
            if said:
                dispatcher.utter_message(text=said["text"], buttons=said["buttons"])
                dispatcher.utter_message(response="utter_form_resume")
                return [SlotSet(requested, None)]
        if requested is not None:
            return await super().run(dispatcher, tracker, domain)
        if self._resumed(tracker):
            # "sekarang saya lanjutkan pinjam aula yang tadi": the answers just restored stand
            # ("sekarang" read as today's date replaced the day given: bench t-02); the form
            # asks what is still missing
            return []
        # the opening message: a refusal of what it asked for ("... sudah dipesan warga lain.
        # Jam yang masih kosong: [..]") is that slot's question, with its choices; the form's
        # own question for it stays silent (it came as a second question: bookings5 (c))
        before = len(dispatcher.messages)
        events = await super().run(dispatcher, tracker, domain)
        slot = await self._next_slot(dispatcher, tracker, domain)  # (the tracker has them)
        refused = any(
            e.get("event") == "slot" and e.get("name") == slot and e.get("value") is None
            for e in events
        )
        if not slot or not refused or len(dispatcher.messages) <= before:
            return events
        last = dispatcher.messages[-1]
        asked = [e.get("value") for e in events if e.get("name") == slot and e.get("value")]
        if not last.get("buttons") and slot == "booking_date" and asked:
            last["buttons"] = date_buttons(tracker, around=_day(str(asked[0])))
        if not last.get("buttons"):
            last["buttons"] = self.slot_buttons(str(slot), tracker, domain)
        if not last["buttons"]:  # no choices to offer: the form's question says what to do
            return events
        self._tag(last, str(slot), tracker, domain)
        return [*events, SlotSet(REASKED, slot)]

    def _about_another(self, tracker: Tracker) -> bool:
        """A question about another facility, in the booking form (not a stop, not a wish
        for an officer: those stay the shared form's)."""
        turn = Turn.of(tracker)
        if self.form_name() != "booking_form" or turn.is_button or turn.wants_officer():
            return False
        if answers.is_cancel(turn.text):
            return False
        return asks_about_another(turn.text, c.facility(tracker), c.catalogue())

    def _resumed(self, tracker: Tracker) -> bool:
        """The form opened again by "lanjut yang tadi" with its answers restored (commit.py
        ActionBookingReset), the message naming no number of its own ("..., jam 5 aja")."""
        text = c.text_of(tracker)
        return (
            self.form_name() == "booking_form"
            and resume.wants_back(text)
            and c.slot_date(tracker) is not None
            and not re.search(r"\d", words_to_digits(text))
        )

    def _leaves_to_ask(self, tracker: Tracker) -> str | None:
        """The question of "ga jd, mau nanya dulu, ..." in the booking form ("" when none is
        asked yet; core/lang/leaving.py), or None."""
        turn = Turn.of(tracker)
        if self.form_name() != "booking_form" or turn.is_button:
            return None
        return leaves_to_ask(turn.text)

    async def _leave_to_ask(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        slot: str,
        question: str,
    ) -> list[EventType]:
        """The form left for a question: nothing booked, the answers kept aside (the stop
        action keeps them for "lanjut pesan", actions/forms/resume.py), and the question
        answered when the message asks it (about the place being booked, or from the
        knowledge base), else asked for."""
        fac = c.facility(tracker)
        paused = t("actions.booking_paused", facility=fac.name if fac else "")
        dispatcher.utter_message(text=" ".join(paused.split()))
        # (what follows "mau nanya" is a question, its question mark lost to normalising)
        said = aside(f"{question}?", fac, c.catalogue()) if question else None
        answered: list[EventType] | None = None
        if said is not None:
            dispatcher.utter_message(text=said["text"], buttons=said["buttons"])
        elif question:
            answered = await self._answer_question(dispatcher, tracker, domain, slot, False)
        if said is None and answered is None:
            dispatcher.utter_message(text=t("actions.booking_paused_ask"))
        return [SlotSet("booking_confirm", ASKING), SlotSet("requested_slot", None)]

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
        # "sewanya berapa?", "ada AC-nya?", "kalau lapangan basket ada?" mid-form: answered
        # (asides.py), then its question again, the booking kept; a fee question the
        # knowledge base answers ("parkir di sana bayar berapa?") goes there
        fac = c.facility(tracker)
        said = None if turn.is_button else aside(turn.text, fac, c.catalogue())
        slot = str(turn.requested)
        fee = facility_answer(turn.text, fac) if fac and said else None
        kb_first = fee == (said or {}).get("text") and not asks_fee_only(turn.text)
        if said is not None and kb_first and turn.is_question():
            answered = await self._answer_question(dispatcher, tracker, domain, slot)
            if answered is not None:
                return answered
        if said is None:
            ahead = noted(events, before, slot)
            if ahead and not scratch.messages and not is_question(turn.text):
                # "kita ber10 min" to "berapa lama?": taken, said so, and the same question
                # again (it came again without a word: bench v-12)
                dispatcher.utter_message(text=t("actions.booking_noted", what=ahead))
            return await super()._no_answer(
                dispatcher, scratch, tracker, domain, turn, events, before
            )
        dispatcher.utter_message(text=said["text"], buttons=said["buttons"])
        dispatcher.utter_message(response="utter_form_resume")
        kept = [e for e in events if e.get("event") == "slot" and e.get("name") != slot]
        return [*kept, SlotSet(slot, None)]


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def noted(events: list[EventType], before: dict[str, Any], asked: str) -> str:
    """What a message answered ahead of the question asked, as said back ("10 orang")."""
    said = []
    for e in events:
        name, value = e.get("name"), e.get("value")
        if e.get("event") != "slot" or name == asked or value in (None, before.get(name)):
            continue
        if name == "booking_people":
            said.append(t("actions.booking_noted_people", people=value))
        elif name == "booking_duration" and str(value).isdigit():
            said.append(t("actions.booking_noted_hours", hours=svc._hours(int(value))))
        elif name == "booking_time" and ":" in str(value):
            said.append(t("actions.booking_noted_time", time=str(value).replace(":", ".")))
        elif name == "booking_date" and (day := _day(str(value))) is not None:
            said.append(format_date(day))
    return ", ".join(said)
