"""A question about the report itself, asked in the middle of the complaint form ("berapa
lama diprosesnya?", "lapor gini bayar gak?"): answered, then the form's question comes back.

The knowledge base has no such topic, so the question used to be read as an answer to the
question asked: "oh ya, biasanya berapa lama diprosesnya?" as the contact question's yes, "ini
lapor gini bayar gk min" as a photo that did not arrive (bench w-06, w-07). The time comes
from the routing table (the category's target in working days, or the range of all targets
while the category is not known yet); reporting is free.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms.turn import Turn
from app.services import complaints as svc
from app.services.complaint_signs import names_problem
from core.lang.questions import is_question
from core.lang.text import normalise
from core.texts import t

# the problem itself is asked there: "jalan rusak, kapan diperbaiki?" is the description
PROBLEM_SLOTS = {"complaint_category", "complaint_description"}
# how long: "berapa lama", "kapan ... diproses/ditangani/selesai", "lama nggak prosesnya"
HOW_LONG = re.compile(
    r"\bberapa lama\b|\b(kapan|lama)\b.*\b(di)?(proses|tangan|tindak|kerja|selesai|beres|perbaik)"
)
# what it costs: "bayar", "biaya", "gratis", "dipungut"...
COST = re.compile(r"\b(bayar|biaya|gratis|dipungut|pungut|tarif|ongkos|berbayar)\w*")
# a cost asked with a tag instead of a question word: "bayar gak", "gratis kan", "gratiskah"
COST_TAG = re.compile(r"\b(bayar|biaya|gratis|berbayar)\w*\s+(tidak|kan|ya|nih)\b|\bgratiskah\b")


# about the report, not another matter ("bayar pbb bisa di mana?" is a question for the
# knowledge base, bench c-jalan-06): it names the report ("lapor", "ini", "gini") or its
# handling with "-nya" ("diprosesnya"), or it is a few words only ("bayar gak?")
ABOUT_REPORT = re.compile(
    r"\b(lapor\w*|aduan|pengaduan|ini|gini|begini)\b"
    r"|\b(di)?(proses|tangan|tindaklanjut|kerja|perbaik|beres)\w*nya\b"
)
SHORT = 4


def report_answer(text: str, category: str | None) -> str | None:
    """The answer to a question about how long a report takes or what it costs, or None."""
    norm = normalise(text)
    if names_problem(text):
        return None
    if len(norm.split()) > SHORT and not ABOUT_REPORT.search(norm):
        return None
    if COST.search(norm) and (is_question(text) or COST_TAG.search(norm)):
        return t("actions.complaint_free_answer")
    if HOW_LONG.search(norm) and is_question(text):
        table = svc.routing()
        cat = table.categories.get(category or "")
        if cat is not None:
            return t(
                "actions.complaint_time_answer",
                dinas=table.dinas_name(cat.dinas),
                days=cat.sla_days,
            )
        days = sorted(c.sla_days for c in table.categories.values())
        return t("actions.complaint_time_answer_general", low=days[0], high=days[-1])
    return None


class ReportQuestions:
    """Mixin of the complaint form: answers :func:`report_answer`'s questions first."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = Turn.of(tracker)
        slot = turn.requested
        if slot and slot not in PROBLEM_SLOTS and not turn.is_button:
            said = report_answer(turn.text, tracker.get_slot("complaint_category"))
            if said is not None:
                dispatcher.utter_message(text=said)
                dispatcher.utter_message(response="utter_form_resume")
                return [SlotSet(slot, None)]
        parent: Any = super()
        return list(await parent.run(dispatcher, tracker, domain))
