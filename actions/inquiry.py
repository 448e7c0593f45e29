"""Inquiry actions: answer from the knowledge base, clarify when unsure, emergencies first.

- ``action_answer_faq`` (rule: intent ``faq``): answers with the ResponseSelector's topic when it
  is confident; otherwise asks "Maksud Anda ...?" with the best 2-3 topics as buttons
  (ResponseSelector ranking + BM25 over the knowledge base).
- ``action_clarify`` (rule: ``nlu_fallback``): the same clarification from BM25.
- A second failure in a row hands the conversation to an officer (``action_request_handoff``).
- A message with an emergency phrase gets ``utter_emergency`` (112 + officer), never a FAQ
  answer, whatever the classifier said.
- Follow-ups in context: the topic answered last stays in the ``last_topic`` slot; a short
  message that asks for one of its aspects ("berapa biayanya?", "kalau Sabtu buka?",
  ``knowledge_base/followups.yml``) is answered from that topic's field
  (``utter_followup_<aspect>``), and one that names another topic ("kalau akta kematian?")
  switches to it. ``action_answer_followup`` serves the ``ask_followup`` intent; the FAQ and
  clarify actions check for follow-ups first too.

:func:`actions.inquiry_choice.decide` is the whole choice for one message (pure: knowledge
base + parse + last topic); ``make eval`` scores it on the held-out sets
(scripts/eval_system.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.booking.facts import answer_facts
from actions.complaint.question import answer_and_offer
from actions.complaint.reading import is_vague, place_in
from actions.elsewhere_guard import warn_first
from actions.followup_context import LAST_ELSEWHERE_SLOT, last_elsewhere
from actions.handoff import REASON_SLOT as HANDOFF_REASON_SLOT
from actions.inquiry_choice import (
    LAST_TOPIC_SLOT,
    Reply,
    answer_followup,
    decide,
    faq_in_top_intents,
    handled_elsewhere,
    selector_candidates,
    suggestions,
    unclear,
)
from actions.switch import REPORT_WORDS, service_in_words, start_service
from app.services.complaint_signs import names_problem
from app.services.knowledge import KnowledgeBase, get_knowledge_base
from core.lang.calendar_id import WEEKDAYS
from core.lang.open_days import day_asked, open_on
from core.lang.questions import is_question
from core.lang.wishes import bare_wish_to_report
from core.texts import t

log = logging.getLogger(__name__)

FAILURE_RESPONSES = frozenset({"utter_clarify", "utter_default", "utter_offer_officer"})


def topic_payload(topic_id: str) -> str:
    return "/faq" + json.dumps({"faq_topic": topic_id}, separators=(",", ":"))


def previous_turn_failed(tracker: Tracker) -> bool:
    """Did the assistant fail to understand the citizen's previous message?

    True when the bot's replies to the previous user message included a clarification, the
    default "not understood" message, or an officer offer (read from the bot events'
    ``utter_action`` metadata).
    """
    user_seen = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            user_seen += 1
            if user_seen == 2:
                return False
        elif kind == "bot" and user_seen == 1:
            utter = (event.get("metadata") or {}).get("utter_action")
            if utter in FAILURE_RESPONSES:
                return True
    return False


DAY_ASPECTS = ("hours", "place")  # the aspects whose field names the opening days


def speak(dispatcher: CollectingDispatcher, reply: Reply, text: str = "") -> list[EventType]:
    """Say an answer or an aspect (clarifying is :func:`clarify`); remember the topic. A
    service of another office is named with that office and an officer offered; a weekday
    asked about (``text``) gets yes or no before the place and its times."""
    if reply.kind == "elsewhere" and reply.elsewhere is not None:
        away = reply.elsewhere
        warn_first(dispatcher, get_knowledge_base(), away)  # a broken power line: keep away
        dispatcher.utter_message(response="utter_elsewhere", service=away.service, where=away.where)
        # the conversation is now about that office's service: "trs lapornya kmn?" asks it
        return [SlotSet(LAST_TOPIC_SLOT, None), SlotSet(LAST_ELSEWHERE_SLOT, away.service)]
    topic = reply.topic
    assert topic is not None
    if reply.kind == "unknown":  # "kalau zonasi gimana?": not in the data, an officer knows
        dispatcher.utter_message(response="utter_followup_unknown", title=topic.title)
    elif reply.kind == "report":  # "kok udah 3 hari ga diangkut": sorry, and a report a tap away
        entity = json.dumps({"complaint_category": reply.category}) if reply.category else ""
        button = {
            "title": t("actions.complaint_offer_button"),
            "payload": f"/file_complaint{entity}",
        }
        dispatcher.utter_message(text=t("actions.followup_problem"), buttons=[button])
    elif reply.kind == "aspect" and reply.aspect is not None:
        value = reply.aspect.value(topic)
        name = f"utter_followup_{reply.aspect.name}" if value else "utter_followup_unknown"
        day = day_asked(text) if value and reply.aspect.name in DAY_ASPECTS else None
        is_open = open_on(value, day) if day is not None else None
        if day is not None and is_open is not None:
            key = "actions.followup_day_open" if is_open else "actions.followup_day_closed"
            dispatcher.utter_message(text=t(key, day=WEEKDAYS[day].capitalize()))
        dispatcher.utter_message(response=name, title=topic.title, value=value)
    else:
        dispatcher.utter_message(response=topic.response)
        if reply.also is not None:  # "... untuk ibu saya yang tidak bisa jalan": who comes
            also = reply.also
            dispatcher.utter_message(
                response=f"utter_followup_{also.name}", title=topic.title, value=also.value(topic)
            )
    return [SlotSet(LAST_TOPIC_SLOT, topic.id)]


def hand_off(reason: str) -> list[EventType]:
    """Events that pass the conversation to an officer (issue 9's handoff action)."""
    return [SlotSet(HANDOFF_REASON_SLOT, reason), FollowupAction("action_request_handoff")]


def answer_emergency(
    dispatcher: CollectingDispatcher, tracker: Tracker, where: str
) -> list[EventType]:
    """112 first, then an officer: never a FAQ answer or a clarification."""
    log.warning("emergency words in %s from %s", where, tracker.sender_id)
    dispatcher.utter_message(response="utter_emergency")
    return hand_off("emergency")


def clarify(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kb: KnowledgeBase,
    text: str,
    candidates: list[tuple[str, float]],
) -> list[EventType]:
    """Ask "Maksud Anda ...?" with topic buttons. The second failure in a row hands the
    conversation to an officer; the returned events say so (empty otherwise)."""
    if previous_turn_failed(tracker):
        log.info("second failure for %s: handing off (text %r)", tracker.sender_id, text)
        dispatcher.utter_message(response="utter_offer_officer")
        return hand_off("not_understood")
    topics = suggestions(kb, text, candidates)
    if not topics:
        log.info("nothing to suggest for %s (text %r)", tracker.sender_id, text)
        dispatcher.utter_message(response="utter_default")
        return []
    buttons = [{"title": topic.title, "payload": topic_payload(topic.id)} for topic in topics]
    buttons.append({"title": t("actions.officer_button"), "payload": "/request_human"})
    log.info("clarifying for %s: %s", tracker.sender_id, [topic.id for topic in topics])
    dispatcher.utter_message(response="utter_clarify", buttons=buttons)
    return []


def tells_problem(tracker: Tracker, text: str) -> bool:
    """An unclear message that tells a city problem (a thing and its problem), not as a
    question, with no topic answered just before: a report (bench u-25 got "Maksud Anda" with
    school admissions and the family card)."""
    if tracker.get_slot(LAST_TOPIC_SLOT) or is_question(text):
        return False
    return not text.startswith("/") and names_problem(text)


def reports_a_problem_at(text: str) -> bool:
    """A city problem (a thing and its problem) at a place one can find (a street, a
    kelurahan; not "depan rumah"): a report, however it is phrased ("..., kerjanya apa???")."""
    if text.startswith("/") or not names_problem(text):
        return False
    place = place_in(text)
    return place is not None and not is_vague(place)


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        kb = get_knowledge_base()
        if kb.is_emergency(text):
            return answer_emergency(dispatcher, tracker, "a FAQ question")
        if answer_facts(
            dispatcher, text, context.get().facilities
        ):  # "gor bisa dipake buat badminton?"
            return []

        threshold = context.get().settings.faq_min_confidence
        if REPORT_WORDS.search(text) and service_in_words(text) == "file_complaint":
            office = handled_elsewhere(kb, text)
            if office is not None:  # "kabel listrik putus ..., lapor kemane?": PLN's, no form
                return speak(dispatcher, office)
            # "ke mana saya harus melapor?": the answer, with the report a button away
            asked = decide(kb, message, None, threshold) if is_question(text) else None
            if asked is not None and asked.kind == "answer" and asked.topic is not None:
                return answer_and_offer(dispatcher, tracker, asked.topic)
            # "bukan itu, saya mau melapor, ktp belum jadi": a report, not a question
            return await start_service("file_complaint", dispatcher, tracker, domain)
        chosen = next(tracker.get_latest_entity_values("faq_topic"), None)
        in_form = bool((tracker.active_loop or {}).get("name"))  # a form's question: answered
        if chosen is None and not in_form and reports_a_problem_at(text):
            # "SAMPAH DI JL ASOKA KEBONSARI UDAH 2 MINGGU GA DIANGKUT, ... KERJANYA APA???"
            # got the rubbish schedule (bench w-03): a problem at a street is a report
            return await start_service("file_complaint", dispatcher, tracker, domain)
        if chosen is not None:  # a "Maksud Anda ...?" button
            topic = kb.by_id.get(str(chosen))
            if topic is None:
                log.warning("unknown FAQ topic %r from %s", chosen, tracker.sender_id)
                dispatcher.utter_message(response="utter_faq_unknown_topic")
                return []
            return speak(dispatcher, Reply("answer", topic))

        away = last_elsewhere(kb, tracker)
        reply = decide(kb, message, tracker.get_slot(LAST_TOPIC_SLOT), threshold, away)
        if reply.kind != "clarify":
            log.info(
                "FAQ %s %s for %s", reply.kind, reply.topic and reply.topic.id, tracker.sender_id
            )
            return speak(dispatcher, reply, text)
        return clarify(dispatcher, tracker, kb, text, reply.candidates)


class ActionAnswerFollowup(Action):
    """Rule for ``ask_followup`` ("berapa biayanya?", "kalau Sabtu?"): an aspect of the last
    topic, another topic it names, the last topic again, or a question back when there is
    no topic yet."""

    def name(self) -> str:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        kb = get_knowledge_base()
        if kb.is_emergency(text):
            return answer_emergency(dispatcher, tracker, "a follow-up")
        if bare_wish_to_report(text) and last_elsewhere(kb, tracker) is None:
            # "gimana cara laporinnya" after the answer about trees that may fall: the report
            # starts here (it got the same answer again); after another office's answer,
            # "trs lapornya kmn" is still about that office
            return await start_service("file_complaint", dispatcher, tracker, domain)
        if answer_facts(dispatcher, text, context.get().facilities):  # "tenis buka jam berapa"
            return []
        last = kb.by_id.get(tracker.get_slot(LAST_TOPIC_SLOT) or "")
        reply = answer_followup(kb, message, last, last_elsewhere(kb, tracker))
        if reply is None:
            dispatcher.utter_message(response="utter_followup_no_topic")
            return []
        return speak(dispatcher, reply, text)


class ActionClarify(Action):
    """Rule for ``nlu_fallback`` and RulePolicy's core fallback (no rule fits the turn).

    Like ``action_default_fallback`` it ends with ``UserUtteranceReverted``: the unclear
    message leaves no trace in the dialogue state, so the next turn starts clean and the
    core fallback cannot loop. (The bot's reply stays in the event log, which is what
    :func:`previous_turn_failed` reads.)
    """

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        kb = get_knowledge_base()
        if kb.is_emergency(text):
            return answer_emergency(dispatcher, tracker, "an unclear message")
        if answer_facts(dispatcher, text, context.get().facilities):
            return [UserUtteranceReverted()]
        # "motor sy dicuri td subuh di parkiran pasar": the police's, not a report (unclear)
        away = text.startswith("/") or handled_elsewhere(kb, text) is not None
        wanted = None if away else service_in_words(text)
        if wanted is None and not away and tells_problem(tracker, text):
            wanted = "file_complaint"  # "tiap mlm ad anak2 mabok nongkrong di pos ronda, ribut"
        if wanted is not None:  # "bisa pinjem ruang melati lusa gak", "batal BK-7K3M9Q"
            return await start_service(wanted, dispatcher, tracker, domain)
        last = kb.by_id.get(tracker.get_slot(LAST_TOPIC_SLOT) or "")
        reply = unclear(kb, message, last, last_elsewhere(kb, tracker))
        if reply is not None:
            # the message leaves the dialogue state as a fallback must (else the core
            # fallback predicts this action again and again); the topic is remembered
            return [UserUtteranceReverted(), *speak(dispatcher, reply, text)]
        candidates = selector_candidates(message) if faq_in_top_intents(message) else []
        handoff = clarify(dispatcher, tracker, kb, text, candidates)
        return handoff or [UserUtteranceReverted()]
