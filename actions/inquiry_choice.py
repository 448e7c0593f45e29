"""The inquiry choice for one message, pure (knowledge base + parse + last topic, no I/O).

Three tiers rank the knowledge-base topics: Rasa's ResponseSelector (``response_selector``),
the e5 topic index (``semantic_topics``, :mod:`bot.components.e5_topics`) and BM25
(:class:`app.services.knowledge.KnowledgeBase`). :func:`decide` answers a FAQ-like message,
:func:`followup` reads a short message against the last topic, :func:`unclear` rescues a
message the intent classifier was unsure of. ``actions/inquiry.py`` speaks the result;
``scripts/eval_system.py`` scores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actions.followup_context import lost_instead, lost_topic, own_words
from app.services.complaints.parsing import recognise_category
from app.services.knowledge import Aspect, Elsewhere, KnowledgeBase, Suggestion, Topic

MAX_SUGGESTIONS = 3
# ResponseSelector candidates below this confidence are not worth a button.
MIN_CANDIDATE_CONFIDENCE = 0.1
# An unsure ResponseSelector guess is answered when BM25 clearly agrees (agreed_topic).
AGREEMENT_MIN_CONFIDENCE = 0.2
AGREEMENT_MARGIN = 1.5
# A confident ResponseSelector answer is vetoed (we ask instead) when BM25 clearly points to
# another topic with at least this score and does not list the selector's topic at all.
VETO_MIN_BM25 = 10.0
# A BM25 favourite scores at least this (twice KnowledgeBase.search's floor of one common word).
FAVOURITE_MIN_BM25 = 4.0
# A follow-up is short: at most this many content words besides the aspect phrase ("biaya
# cetak ulangnya berapa"); a longer message is a question of its own.
FOLLOWUP_MAX_TERMS = 3
# BM25 alone answers only a question of at least this many content words ("urusan ktp" is
# asked back: which KTP service?).
LONG_QUESTION_TERMS = 5
# listed_by_every_tier: how deep the classifier tiers' rankings are read.
SECOND_PLACE_DEPTH = 2
# Reciprocal-rank fusion constant (the usual 60 flattens a 3-deep ranking; a small k keeps
# the first places apart).
RRF_K = 2
LAST_TOPIC_SLOT = "last_topic"
# set by bot/components/topic_names.py when a message is only a service's name
TOPIC_NAME = "topic_name"
# The classifier alone calls a message an emergency above this confidence.
EMERGENCY_SURE = 0.75
# What doing a service is called, whatever the service ("dimana bikinnya", "berapa lama
# ngurusnya"): in a follow-up these (stemmed) words name no topic.
SERVICE_VERBS = frozenset({"bikin", "buat", "urus", "daftar", "aju", "proses", "ambil", "minta"})
# A follow-up that asks a topic by itself: the selector at least this sure, e5 agreeing.
SWITCH_SELECTOR_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Reply:
    """What to do with one message: answer a topic, answer one aspect of it, or clarify."""

    kind: str  # "answer" | "aspect" | "clarify" | "elsewhere"
    topic: Topic | None = None
    aspect: Aspect | None = None
    candidates: list[tuple[str, float]] = field(default_factory=list)
    elsewhere: Elsewhere | None = None


def handled_elsewhere(kb: KnowledgeBase, text: str) -> Reply | None:
    """A service of another office the base has no topic for ("cara bikin paspor"): said so,
    never a city topic sharing a word. Unless what is left, without that service's names, is
    still a strong clear question of the base ("akta cerai dari pengadilan agama, KK-nya
    gimana": the divorce is the reason, the KK the question)."""
    found = kb.elsewhere(text)
    if found is None:
        return None
    hits = kb.search(found[1], limit=MAX_SUGGESTIONS)
    if clear_favourite(hits) is not None and hits[0].score >= VETO_MIN_BM25:
        return None
    return Reply("elsewhere", elsewhere=found[0])


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
    """BM25's first hit when it stands alone or scores AGREEMENT_MARGIN x the runner-up, and
    matches on more than one common word ("urusan ktp" is no favourite of any KTP topic)."""
    if not hits or hits[0].score < FAVOURITE_MIN_BM25:
        return None
    if len(hits) > 1 and hits[0].score < AGREEMENT_MARGIN * hits[1].score:
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
    one shared word ("berapa lama keluarnya?") does not switch; nor do words of the last
    topic's own text ("harus pengantar RT dulu?" after SKTM, which requires it). It says the
    document is lost ("kalau hilang?"): the topic the last one names for that. It asks an
    aspect ("berapa lama jadinya?") and names no other topic: that aspect of the last topic,
    however long, when it names only the last topic ("maaf nak, kalau bapak ... sudah tiga
    tahun lalu, apa masih bisa dibuatkan aktanya?")."""
    found = kb.aspect_of(text, last)
    rest = found[1] if found else text
    terms = kb.analyze(rest)
    content = [term for term in terms if term not in SERVICE_VERBS]
    lost = lost_topic(kb, content, last)
    if lost is not None:
        return Reply("answer", lost)
    if len(terms) > FOLLOWUP_MAX_TERMS and not (found and last and kb.named_topic(rest) == last):
        return None
    asked = rest if len(content) == len(terms) else " ".join(content)
    named = kb.named_topic(asked) if content else None
    if named is not None and message is not None:
        listed = {t for t, _ in selector_candidates(message)[:3]}
        listed |= {t for t, _ in semantic_candidates(message)[:3]}
        if listed and named.id not in listed:
            named = None
    own = found is not None and own_words(kb, content, last, found[0], asked)
    if named is not None and not own and (last is None or named.id != last.id):
        return Reply("answer", named)
    if found is not None and last is not None:
        anew = kb.by_id.get(asked_anew(message, last) if message is not None and not own else "")
        if anew is not None:  # "kantor disdukcapil alamatnya di mana?" after another topic
            return Reply("answer", anew)
        return Reply("aspect", last, found[0])
    return None


def asked_anew(message: dict[str, Any], last: Topic) -> str:
    """The topic a message with a follow-up's words asks by itself, else "": the intent is
    faq, the ResponseSelector is sure of another topic than the last, and e5 puts it first."""
    if (message.get("intent") or {}).get("name") != "faq":
        return ""
    selector, semantic = selector_candidates(message), semantic_candidates(message)
    if not selector or not semantic or selector[0][1] < SWITCH_SELECTOR_CONFIDENCE:
        return ""
    topic = selector[0][0]
    return topic if topic == semantic[0][0] and topic != last.id else ""


def emergency_reading(kb: KnowledgeBase, message: dict[str, Any]) -> str | None:
    """ "emergency" (112 and an officer), "complaint" or None (not the emergency intent).

    An emergency phrase or a sure classifier is an emergency; a message the classifier only
    half-thinks is one and which describes a city problem ("air kran keruh dan bau",
    "sering kebanjiran tiap hujan") is a complaint. Anything else unsure is still an
    emergency: a missed one costs more."""
    text = str(message.get("text") or "")
    if kb.is_emergency(text):
        return "emergency"
    intent = message.get("intent") or {}
    if intent.get("name") != "emergency":
        return None
    sure = float(intent.get("confidence") or 0.0) >= EMERGENCY_SURE
    if not sure and recognise_category(text) is not None:
        return "complaint"
    return "emergency"


def answer_followup(kb: KnowledgeBase, message: dict[str, Any], last: Topic | None) -> Reply | None:
    """The reply to ``ask_followup``: an aspect of the last topic or a topic it names
    (:func:`followup`); else a topic the three rankers agree on ("balai kota alamatnya
    dimana" with no topic yet is a question of its own); else the last topic again.
    None: there is no topic to talk about."""
    away = handled_elsewhere(kb, str(message.get("text") or ""))
    if away is not None:  # "kalau paspor?"
        return away
    reply = followup(kb, str(message.get("text") or ""), last, message)
    if reply is not None:
        return reply
    voted = voted_topic(kb, message)
    if voted is not None:
        return Reply("answer", voted)
    return Reply("answer", last) if last is not None else None


def voted_topic(kb: KnowledgeBase, message: dict[str, Any]) -> Topic | None:
    """The topic at least two of the three rankers put first (None without the e5 tier)."""
    semantic = semantic_candidates(message)
    text = str(message.get("text") or "")
    if not semantic or one_word_many_topics(kb, text):
        return None
    hits = kb.search(text, limit=MAX_SUGGESTIONS)
    return majority_topic(kb, selector_candidates(message), semantic, hits)


def decide(
    kb: KnowledgeBase, message: dict[str, Any], last_topic: str | None, min_confidence: float
) -> Reply:
    """The reply to a FAQ-like message, emergencies aside; a lost document: its ``lost``."""
    reply = chosen(kb, message, last_topic, min_confidence)
    if reply.kind == "answer" and reply.topic is not None:
        lost = lost_instead(kb, str(message.get("text") or ""), reply.topic)
        return Reply("answer", lost) if lost is not None else reply
    return reply


def chosen(
    kb: KnowledgeBase, message: dict[str, Any], last_topic: str | None, min_confidence: float
) -> Reply:
    text = str(message.get("text") or "")
    named = kb.by_id.get(str(message.get(TOPIC_NAME) or ""))
    if named is not None:  # the message is only this service's name ("LOAKK", "info SKPWNI")
        return Reply("answer", named)
    away = handled_elsewhere(kb, text)
    if away is not None:  # "cara bikin paspor": another office's service
        return away
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
        if voted is not None and not one_word_many_topics(kb, text):
            return Reply("answer", voted)
        fused = fused_ranking(
            [t for t, c in candidates[:3] if c >= MIN_CANDIDATE_CONFIDENCE],
            [t for t, _ in semantic[:3]],
            [h.topic.id for h in hits],
        )
        unsure = [(t, 1.0) for t in fused[:2]]
    if one_word_many_topics(kb, text):  # "ktp", "akta": which service of it? ask
        return Reply("clarify", candidates=unsure)
    listed = listed_by_every_tier(kb, text, message)
    if candidates and candidates[0][1] >= min_confidence and candidates[0][0] in kb.by_id:
        veto = bm25_veto(kb, text, candidates[0][0])
        if veto is None:
            return Reply("answer", kb.by_id[candidates[0][0]])
        if listed is not None:
            return Reply("answer", listed)
        return Reply("clarify", candidates=[(veto.id, 1.0), *candidates])
    agreed = agreed_topic(kb, text, candidates)
    if agreed is not None:
        return Reply("answer", agreed)
    standing = bm25_standing_alone(kb, text)
    if standing is not None:
        return Reply("answer", standing)
    if listed is not None:
        return Reply("answer", listed)
    return Reply("clarify", candidates=unsure)


def listed_by_every_tier(kb: KnowledgeBase, text: str, message: dict[str, Any]) -> Topic | None:
    """BM25's strong clear favourite (the veto's bar) when both classifier tiers list it
    among their first SECOND_PLACE_DEPTH topics: no majority on the first places, but all
    three tiers name it ("mutasi kendaraan dari luar kota": the selector says pindah_datang,
    e5 pindah_keluar, both have bbnkb second, BM25 clearly bbnkb). Measured on the
    development set (tests/data/nlu_dev_*.yml): 2 of 320 questions answered instead of
    asked back, none wrong. None without the e5 tier."""
    semantic = [t for t, _ in semantic_candidates(message)[:SECOND_PLACE_DEPTH]]
    if not semantic:
        return None
    hits = kb.search(text, limit=MAX_SUGGESTIONS)
    favourite = clear_favourite(hits)
    if favourite is None or hits[0].score < VETO_MIN_BM25:
        return None
    selector = [t for t, _ in selector_candidates(message)[:SECOND_PLACE_DEPTH]]
    return favourite if favourite.id in selector and favourite.id in semantic else None


def one_word_many_topics(kb: KnowledgeBase, text: str) -> bool:
    """One content word that several topics share ("ktp": new, lost, damaged; "akta"): the
    classifiers' favourite is a guess, so the citizen is asked which (measured: no question
    of the held-out sets is a single word of that kind)."""
    return len(kb.analyze(text)) == 1 and clear_favourite(kb.search(text, limit=2)) is None


def bm25_standing_alone(kb: KnowledgeBase, text: str) -> Topic | None:
    """BM25's clear favourite with a strong score (the veto's bar), when the classifier tiers
    agreed on nothing: the content words of a long, rambling question ("rumah kemalingan,
    tas dibawa kabur ... ktpnya gimana bikin lagi") point to one topic while the tiers
    trained on short questions scatter. Measured on the four held-out sets: 4 of 4 such
    answers right, none wrong (docs/nlu_report.md)."""
    if len(kb.analyze(text)) < LONG_QUESTION_TERMS:
        return None
    hits = kb.search(text, limit=MAX_SUGGESTIONS)
    if not hits or hits[0].score < VETO_MIN_BM25:
        return None
    return clear_favourite(hits)


def unclear(kb: KnowledgeBase, message: dict[str, Any], last: Topic | None) -> Reply | None:
    """An answer for a message the intent classifier was unsure of (``nlu_fallback``): a
    follow-up of the last topic, or a topic the three rankers agree on (the classifier's
    doubt was about the intent; the content words still point to one topic). None: ask."""
    text = str(message.get("text") or "")
    away = handled_elsewhere(kb, text)
    if away is not None:
        return away
    reply = followup(kb, text, last, message) if last is not None else None
    if reply is not None:
        return reply
    voted = voted_topic(kb, message)
    return Reply("answer", voted) if voted is not None else None
