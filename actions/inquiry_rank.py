"""The rankers of the inquiry choice (pure: knowledge base + parse, no I/O).

Three tiers rank the knowledge-base topics: Rasa's ResponseSelector (``response_selector``),
the e5 topic index (``semantic_topics``, :mod:`bot.components.e5_topics`) and BM25
(:class:`app.services.knowledge.KnowledgeBase`). ``actions/inquiry_choice.py`` decides with
them; split out of it when it reached the 400-line limit.
"""

from __future__ import annotations

from typing import Any

from app.services.knowledge import KnowledgeBase, Suggestion, Topic

MAX_SUGGESTIONS = 3
WEAK_MIN_BM25 = 0.5  # a word shared by several topics ("ktp": 0.8 each), to fill a choice
# ResponseSelector candidates below this confidence are not worth a button.
MIN_CANDIDATE_CONFIDENCE = 0.1
# An unsure ResponseSelector guess is answered when BM25 clearly agrees (agreed_topic).
AGREEMENT_MIN_CONFIDENCE = 0.2
AGREEMENT_MARGIN = 1.5
# BM25 alone answers only a question of at least this many content words ("urusan ktp" is
# asked back: which KTP service?).
LONG_QUESTION_TERMS = 5
# listed_by_every_tier: how deep the classifier tiers' rankings are read.
SECOND_PLACE_DEPTH = 2
# Reciprocal-rank fusion constant (the usual 60 flattens a 3-deep ranking; a small k keeps
# the first places apart).
RRF_K = 2
# A confident ResponseSelector answer is vetoed (we ask instead) when BM25 clearly points to
# another topic with at least this score and does not list the selector's topic at all.
VETO_MIN_BM25 = 10.0
# A BM25 favourite scores at least this (twice KnowledgeBase.search's floor of one common word).
FAVOURITE_MIN_BM25 = 4.0


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
    if len(picked) == 1:
        # one guess alone is no choice: a bare word ("ktp") is in many topics, none clearly
        # (BM25 below its usual floor); the others that share it are offered with it
        for hit in kb.search(text, limit=MAX_SUGGESTIONS, min_score=WEAK_MIN_BM25):
            if len(picked) < MAX_SUGGESTIONS and hit.topic not in picked:
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
