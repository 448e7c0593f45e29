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

:func:`decide` is the whole choice for one message (pure: knowledge base + parse + last
topic); ``make eval`` scores it on the held-out sets (scripts/eval_system.py).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.handoff import REASON_SLOT as HANDOFF_REASON_SLOT
from app.services.knowledge import Aspect, KnowledgeBase, Suggestion, Topic, get_knowledge_base

log = logging.getLogger(__name__)

FAILURE_RESPONSES = frozenset({"utter_clarify", "utter_default", "utter_offer_officer"})
MAX_SUGGESTIONS = 3
# ResponseSelector candidates below this confidence are not worth a button.
MIN_CANDIDATE_CONFIDENCE = 0.1
# An unsure ResponseSelector guess is answered when BM25 clearly agrees (agreed_topic).
AGREEMENT_MIN_CONFIDENCE = 0.2
AGREEMENT_MARGIN = 1.5
# A confident ResponseSelector answer is vetoed (we ask instead) when BM25 clearly points to
# another topic with at least this score and does not list the selector's topic at all.
VETO_MIN_BM25 = 10.0
# A follow-up is short: at most this many content words besides the aspect phrase ("biaya
# cetak ulangnya berapa"); a longer message is a question of its own.
FOLLOWUP_MAX_TERMS = 3
# Reciprocal-rank fusion constant (the usual 60 flattens a 3-deep ranking; a small k keeps
# the first places apart).
RRF_K = 2
LAST_TOPIC_SLOT = "last_topic"


@dataclass(frozen=True)
class Reply:
    """What to do with one message: answer a topic, answer one aspect of it, or clarify."""

    kind: str  # "answer" | "aspect" | "clarify"
    topic: Topic | None = None
    aspect: Aspect | None = None
    candidates: list[tuple[str, float]] = field(default_factory=list)


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


def selector_candidates(message: dict[str, Any]) -> list[tuple[str, float]]:
    """(topic id, confidence) from the ResponseSelector output, best first."""
    selectors = message.get("response_selector") or {}
    sel = selectors.get("faq") or selectors.get("default") or {}
    out: list[tuple[str, float]] = []
    for item in sel.get("ranking") or []:
        key = str(item.get("intent_response_key") or "")
        if key.startswith("faq/"):
            out.append((key.split("/", 1)[1], float(item.get("confidence") or 0.0)))
    if not out:
        resp = sel.get("response") or {}
        key = str(resp.get("intent_response_key") or "")
        if key.startswith("faq/"):
            out.append((key.split("/", 1)[1], float(resp.get("confidence") or 0.0)))
    return out


def semantic_candidates(message: dict[str, Any]) -> list[tuple[str, float]]:
    """(topic id, cosine) from the e5 topic index (``semantic_topics``), best first."""
    return [
        (str(item.get("topic")), float(item.get("score") or 0.0))
        for item in message.get("semantic_topics") or []
    ]


def majority_topic(
    kb: KnowledgeBase,
    candidates: list[tuple[str, float]],
    semantic: list[tuple[str, float]],
    hits: list[Suggestion],
) -> Topic | None:
    """The topic at least two of the three rankers put first: the ResponseSelector (when not
    lost), the e5 topic index and BM25. Independent tiers that agree are trusted even when
    each alone is unsure; this is how the clear-favourite rule reads with three tiers."""
    tops = []
    if candidates and candidates[0][1] >= MIN_CANDIDATE_CONFIDENCE:
        tops.append(candidates[0][0])
    if semantic:
        tops.append(semantic[0][0])
    if hits:
        tops.append(hits[0].topic.id)
    for topic_id in tops:
        if tops.count(topic_id) >= 2 and topic_id in kb.by_id:
            return kb.by_id[topic_id]
    return None


def fused_ranking(*rankings: list[str], k: int = RRF_K) -> list[str]:
    """Reciprocal-rank fusion: sum of 1 / (k + rank) over the rankings, best first."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, topic_id in enumerate(ranking, start=1):
            scores[topic_id] = scores.get(topic_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda t: -scores[t])


def faq_in_top_intents(message: dict[str, Any], n: int = 2) -> bool:
    ranking = message.get("intent_ranking") or []
    return any(item.get("name") == "faq" for item in ranking[:n])


def clear_favourite(hits: list[Suggestion]) -> Topic | None:
    """BM25's first hit when it stands alone or scores AGREEMENT_MARGIN x the runner-up."""
    if not hits or (len(hits) > 1 and hits[0].score < AGREEMENT_MARGIN * hits[1].score):
        return None
    return hits[0].topic


def suggestions(kb: KnowledgeBase, text: str, candidates: list[tuple[str, float]]) -> list[Topic]:
    """Up to three topics: BM25's clear favourite first (long polite sentences confuse the
    classifier while their content words still point to one topic), then the
    ResponseSelector's best guesses, then BM25's other hits."""
    picked: list[Topic] = []
    hits = kb.search(text, limit=MAX_SUGGESTIONS)
    favourite = clear_favourite(hits)
    if favourite is not None and hits[0].score >= VETO_MIN_BM25:
        picked.append(favourite)
    for topic_id, conf in candidates[:2]:
        topic = kb.by_id.get(topic_id)
        if topic is not None and conf >= MIN_CANDIDATE_CONFIDENCE and topic not in picked:
            picked.append(topic)
    for hit in hits:
        if len(picked) >= MAX_SUGGESTIONS:
            break
        if hit.topic not in picked:
            picked.append(hit.topic)
    return picked[:MAX_SUGGESTIONS]


def agreed_topic(kb: KnowledgeBase, text: str, candidates: list[tuple[str, float]]) -> Topic | None:
    """A topic both tiers agree on: the ResponseSelector's best guess (even when unsure) is
    also BM25's clear favourite (alone, or scoring 1.5x the runner-up). Long polite
    sentences dilute the classifier's confidence, while their content words still point
    to one topic."""
    if not candidates or candidates[0][1] < AGREEMENT_MIN_CONFIDENCE:
        return None
    favourite = clear_favourite(kb.search(text, limit=2))
    return favourite if favourite is not None and favourite.id == candidates[0][0] else None


def bm25_veto(kb: KnowledgeBase, text: str, topic_id: str) -> Topic | None:
    """BM25's clear favourite when it contradicts a confident selector answer, else None."""
    hits = kb.search(text, limit=3)
    if not hits or hits[0].score < VETO_MIN_BM25 or topic_id in {h.topic.id for h in hits}:
        return None
    return clear_favourite(hits)


def followup(
    kb: KnowledgeBase, text: str, last: Topic | None, message: dict[str, Any] | None = None
) -> Reply | None:
    """A short message read in the context of the last topic, or None when it is not one.

    It names another topic ("kalau akta kematian?"): that topic's answer, when the classifier
    tiers (the message's ResponseSelector and e5 rankings, top three) also list it, so that
    one shared word ("berapa lama keluarnya?") does not switch. It asks an aspect ("berapa
    lama jadinya?") and names no other topic: that aspect of the last topic."""
    found = kb.aspect_of(text)
    rest = found[1] if found else text
    terms = kb.analyze(rest)
    if len(terms) > FOLLOWUP_MAX_TERMS:
        return None
    named = kb.named_topic(rest) if terms else None
    if named is not None and message is not None:
        listed = {t for t, _ in selector_candidates(message)[:3]}
        listed |= {t for t, _ in semantic_candidates(message)[:3]}
        if listed and named.id not in listed:
            named = None
    if named is not None and (last is None or named.id != last.id):
        return Reply("answer", named)
    if found is not None and last is not None:
        return Reply("aspect", last, found[0])
    return None


def decide(
    kb: KnowledgeBase,
    message: dict[str, Any],
    last_topic: str | None,
    min_confidence: float,
) -> Reply:
    """The reply to a FAQ-like message (intent faq or ask_followup), emergencies aside."""
    text = str(message.get("text") or "")
    last = kb.by_id.get(last_topic or "")
    if last is not None or (message.get("intent") or {}).get("name") == "ask_followup":
        reply = followup(kb, text, last, message)
        if reply is not None:
            return reply
    candidates = selector_candidates(message)
    semantic = semantic_candidates(message)
    unsure = candidates
    if semantic:  # three tiers: a majority answers; else as with two, asking in fused order
        hits = kb.search(text, limit=MAX_SUGGESTIONS)
        voted = majority_topic(kb, candidates, semantic, hits)
        if voted is not None:
            return Reply("answer", voted)
        fused = fused_ranking(
            [t for t, c in candidates[:3] if c >= MIN_CANDIDATE_CONFIDENCE],
            [t for t, _ in semantic[:3]],
            [h.topic.id for h in hits],
        )
        unsure = [(t, 1.0) for t in fused[:2]]
    if candidates and candidates[0][1] >= min_confidence and candidates[0][0] in kb.by_id:
        veto = bm25_veto(kb, text, candidates[0][0])
        if veto is None:
            return Reply("answer", kb.by_id[candidates[0][0]])
        return Reply("clarify", candidates=[(veto.id, 1.0), *candidates])
    agreed = agreed_topic(kb, text, candidates)
    if agreed is not None:
        return Reply("answer", agreed)
    return Reply("clarify", candidates=unsure)


def speak(dispatcher: CollectingDispatcher, reply: Reply) -> list[EventType]:
    """Say an answer or an aspect (clarifying is :func:`clarify`); remember the topic."""
    topic = reply.topic
    assert topic is not None
    if reply.kind == "aspect" and reply.aspect is not None:
        value = reply.aspect.value(topic)
        name = f"utter_followup_{reply.aspect.name}" if value else "utter_followup_unknown"
        dispatcher.utter_message(response=name, title=topic.title, value=value)
    else:
        dispatcher.utter_message(response=topic.response)
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
    buttons = [{"title": t.title, "payload": topic_payload(t.id)} for t in topics]
    buttons.append({"title": "Bicara dengan petugas", "payload": "/request_human"})
    log.info("clarifying for %s: %s", tracker.sender_id, [t.id for t in topics])
    dispatcher.utter_message(response="utter_clarify", buttons=buttons)
    return []


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

        chosen = next(tracker.get_latest_entity_values("faq_topic"), None)
        if chosen is not None:  # a "Maksud Anda ...?" button
            topic = kb.by_id.get(str(chosen))
            if topic is None:
                log.warning("unknown FAQ topic %r from %s", chosen, tracker.sender_id)
                dispatcher.utter_message(response="utter_faq_unknown_topic")
                return []
            return speak(dispatcher, Reply("answer", topic))

        threshold = context.get().settings.faq_min_confidence
        reply = decide(kb, message, tracker.get_slot(LAST_TOPIC_SLOT), threshold)
        if reply.kind != "clarify":
            log.info(
                "FAQ %s %s for %s", reply.kind, reply.topic and reply.topic.id, tracker.sender_id
            )
            return speak(dispatcher, reply)
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
        last = kb.by_id.get(tracker.get_slot(LAST_TOPIC_SLOT) or "")
        reply = followup(kb, text, last, message)
        if reply is None and last is not None:
            reply = Reply("answer", last)
        if reply is None:
            dispatcher.utter_message(response="utter_followup_no_topic")
            return []
        return speak(dispatcher, reply)


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
        last = kb.by_id.get(tracker.get_slot(LAST_TOPIC_SLOT) or "")
        reply = followup(kb, text, last, message) if last is not None else None
        if reply is not None:
            return speak(dispatcher, reply)
        candidates = selector_candidates(message) if faq_in_top_intents(message) else []
        handoff = clarify(dispatcher, tracker, kb, text, candidates)
        return handoff or [UserUtteranceReverted()]
