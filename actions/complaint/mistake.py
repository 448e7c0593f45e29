"""The complaint form opened by mistake: "eh salah pencet min, sy mau nanya bikin surat
domisili syaratnya apa aja" at its first question (the problem). The form is left with
nothing kept (nothing was told yet) and no "laporan dibatalkan"; what the message asks is
answered from the knowledge base, or the citizen is asked what they need (bench u-10 got the
answer, then "Baik, kita lanjutkan" and the problem question again)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import reading as rd
from actions.forms.base import ATTEMPTS, REASKED
from actions.forms.turn import Turn
from app.services import complaints as svc
from app.services.complaint_signs import names_problem
from core.lang.mistake import tapped_by_mistake
from core.texts import t

if TYPE_CHECKING:
    from actions.forms.base import CitizenForm

FIRST = "complaint_category"


async def left_by_mistake(
    form: CitizenForm, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType] | None:
    """The events that leave the form opened by mistake, or None: go on with the form."""
    turn = Turn.of(tracker)
    if turn.requested != FIRST or turn.is_button or tracker.get_slot("complaint_description"):
        return None
    rest = tapped_by_mistake(turn.text)
    if rest is None or (rest and (names_problem(rest) or svc.recognise_category(rest))):
        return None  # "salah pilih, maksudnya sampah numpuk": the problem itself
    answered = None
    if rest:
        answered = await form._answer_question(dispatcher, tracker, domain, FIRST, False)
    if answered is None:
        dispatcher.utter_message(text=t("actions.complaint_by_mistake"))
    return [
        *(SlotSet(s, None) for s in rd.FORM_SLOTS),
        SlotSet(ATTEMPTS, None),
        SlotSet(REASKED, None),
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        FollowupAction("action_listen"),
    ]
