"""The inquiry choice for one message, pure (knowledge base + parse + last topic, no I/O).

Three tiers rank the knowledge-base topics: Rasa's ResponseSelector (``response_selector``),
the e5 topic index (``semantic_topics``, :mod:`bot.components.e5_topics`) and BM25
(:class:`app.services.knowledge.KnowledgeBase`). :func:`decide` answers a FAQ-like message,
:func:`followup` reads a short message against the last topic, :func:`unclear` rescues a
message the intent classifier was unsure of. ``actions/inquiry.py`` speaks the result;
``scripts/eval_system.py`` scores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from actions.followup_context import (
    PERSONAL,
    also_asked,
    asks_elsewhere_again,
    beyond_topic,
    for_someone_else,
    lost_instead,
    lost_topic,
    names_nobody_else,
    own_words,
)
from actions.inquiry_rank import (
    FAVOURITE_MIN_BM25,
    MAX_SUGGESTIONS,
    MIN_CANDIDATE_CONFIDENCE,
    VETO_MIN_BM25,
    agreed_topic,
    bm25_standing_alone,
    bm25_veto,
    clear_favourite,
    fused_ranking,
    listed_by_every_tier,
    majority_topic,
    one_word_many_topics,
    selector_candidates,
    semantic_candidates,
)
from actions.inquiry_rank import faq_in_top_intents as faq_in_top_intents
from actions.inquiry_rank import suggestions as suggestions
from app.services.complaint_signs import names_problem
from app.services.complaints.parsing import recognise_category
from app.services.knowledge import Aspect, Elsewhere, KnowledgeBase, Topic
from core.lang.power_line import POWER_SERVICE, reports_power_danger
from core.lang.text import normalise
from core.lang.theft import POLICE_SERVICE, reports_theft

# A question whether something is needed ("harus ...?", "wajib ...?", "perlu ...?").
NEEDED_FIRST = re.compile(r"^(harus|perlu|wajib|butuh|pakai)\b")
# A follow-up is short: at most this many content words besides the aspect phrase ("biaya
# cetak ulangnya berapa"); a longer message is a question of its own, unless it names no
# topic and has at most LONG_FOLLOWUP_TERMS (long_followup).
FOLLOWUP_MAX_TERMS = 3
LONG_FOLLOWUP_TERMS = 6
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

    # "answer" | "aspect" | "clarify" | "elsewhere" | "unknown" (not in the data) | "report"
    # (a problem told about the last topic: a report offered)
    kind: str
    topic: Topic | None = None
    aspect: Aspect | None = None
    candidates: list[tuple[str, float]] = field(default_factory=list)
    elsewhere: Elsewhere | None = None
    # an answer's question also asks what its full text leaves out: said after it
    also: Aspect | None = None
    category: str | None = None  # of the problem a "report" reply offers to file


def handled_elsewhere(kb: KnowledgeBase, text: str, last: Topic | None = None) -> Reply | None:
    """A service of another office the base has no topic for ("cara bikin paspor"): said so,
    never a city topic sharing a word. Unless what is left, without that service's names, is
    still a strong clear question of the base ("akta cerai dari pengadilan agama, KK-nya
    gimana": the divorce is the reason, the KK the question), or the message asks an aspect
    of the last topic with the service's name only as who would come ("harus ahli waris yang
    dateng?" after the death certificate: the heirs, not the heirs' certificate), whether it
    is needed for the last topic ("wajib lapor polisi dulu?" after a lost KTP), or in the last
    topic's own words."""
    if reports_power_danger(text):  # "kabel listrik putus, ngejuntai ke jalan": PLN, at once
        power = kb.elsewhere(POWER_SERVICE)
        if power is not None:
            return Reply("elsewhere", elsewhere=power[0])
    if reports_theft(text) and not kb.names_topic(text):
        # a theft, however told ("motor anak ibu hilang dicuri semalam"), wherever it
        # happened ("di parkiran pasar" is no question about parking): the police's
        police = kb.elsewhere(POLICE_SERVICE)
        if police is not None:
            return Reply("elsewhere", elsewhere=police[0])
    found = kb.elsewhere(text)
    if found is None:
        return None
    asked = kb.aspect_of(text, last) if last is not None else None
    if asked and last and asked[0].value(last):
        if kb.elsewhere(asked[1]) is None:  # the name was who would come
            return None
        # whether it is needed for the last topic ("wajib lapor polisi dulu?" after a lost
        # KTP, "perlu surat ahli waris?"), or in its own words
        if asked[0].name == "requirements" and NEEDED_FIRST.match(normalise(text)):
            return None
        if own_words(kb, sorted(set(kb.analyze(text)) - set(kb.analyze(found[1]))), last):
            return None
    hits = kb.search(found[1], limit=MAX_SUGGESTIONS)
    if clear_favourite(hits) is not None and hits[0].score >= VETO_MIN_BM25:
        return None
    return Reply("elsewhere", elsewhere=found[0])


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
    if last is not None and told_problem(last, text):
        # a problem told about it ("kok udah 3 hari ga diangkut" after the rubbish days)
        return Reply("report", last, category=recognise_category(last.title))
    other = for_someone_else(kb, text, last)
    if (
        other is not None
        and last is not None
        and (message is None or asked_anew(message, last) in ("", other.id))
    ):
        # for a child or someone deceased ("kalau punya anak saya, masih SD?" after a lost
        # KTP), unless it is a question of its own the classifiers are sure of
        return for_them(kb, text, other)
    found = kb.aspect_of(text, last)
    rest = found[1] if found else text
    terms = kb.analyze(rest)
    content = [term for term in terms if term not in SERVICE_VERBS]
    lost = lost_topic(kb, content, last)
    if lost is not None:
        return Reply("answer", lost)
    if len(terms) > FOLLOWUP_MAX_TERMS and not (found and last and long_followup(kb, rest, last)):
        return None
    asked = rest if len(content) == len(terms) else " ".join(content)
    named = kb.named_topic(asked) if content and not names_nobody_else(kb, content) else None
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


def for_them(kb: KnowledgeBase, text: str, topic: Topic) -> Reply:
    """The topic for someone else, or the aspect of it asked ("..., bisa saya yang urus?");
    not the age that told whom it is for ("kalau anaknya sudah 17 tahun?" after the KIA)."""
    wanted = kb.aspect_of(text, topic)
    if wanted is not None and wanted[0].value(topic) and wanted[0].name not in PERSONAL:
        return Reply("aspect", topic, wanted[0])
    return Reply("answer", topic)


def long_followup(kb: KnowledgeBase, rest: str, last: Topic) -> bool:
    """A longer message that asks an aspect is still a follow-up when what is left names the
    last topic, or names no topic at all and is not long ("kalo malem ada yg buka dua puluh
    empat jam ga" after the puskesmas; "umur anak minimal brp buat masuk sd" after school
    enrolment): BM25 over it lists the last topic or nothing strong."""
    named = kb.named_topic(rest)
    if named == last:
        return True
    if named is not None or len(kb.analyze(rest)) > LONG_FOLLOWUP_TERMS:
        return False
    if kb.names_topic(rest, besides=last.id):
        return False
    # no other topic clearly in its words ("berapa lama proses surat pindah ke luar kota"
    # after the new KTP is the moving-out question, though the two moving topics tie)
    hits = kb.search(rest, limit=MAX_SUGGESTIONS)
    return not hits or last in {h.topic for h in hits} or hits[0].score < FAVOURITE_MIN_BM25 + 1


def told_problem(last: Topic, text: str) -> bool:
    """A message that, said of the last topic, tells a city problem of its kind: the topic is
    about a thing a complaint category names (the rubbish collection), and the message with
    its title names a problem, as the title alone does not."""
    if recognise_category(last.title) is None or names_problem(last.title):
        return False
    return names_problem(f"{last.title} {text}")


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


def answer_followup(
    kb: KnowledgeBase,
    message: dict[str, Any],
    last: Topic | None,
    elsewhere: Elsewhere | None = None,
) -> Reply | None:
    """The reply to ``ask_followup``: an aspect of the last topic or a topic it names
    (:func:`followup`); else a topic the three rankers agree on ("balai kota alamatnya
    dimana" with no topic yet is a question of its own); else the last topic again.
    None: there is no topic to talk about."""
    text = str(message.get("text") or "")
    away = handled_elsewhere(kb, text, last)
    if away is not None:  # "kalau paspor?"
        return away
    if last is None and asks_elsewhere_again(kb, text, elsewhere):  # "trs lapornya kmn?" after PLN
        return Reply("elsewhere", elsewhere=elsewhere)
    reply = followup(kb, str(message.get("text") or ""), last, message)
    if reply is not None:
        return reply
    voted = voted_topic(kb, message)
    if voted is not None:
        return Reply("answer", voted)
    if last is None:
        return None
    # words the last topic never uses ("kalau zonasi gimana?"): say so, not its answer again
    return Reply("unknown", last) if beyond_topic(kb, text, last) else Reply("answer", last)


def voted_topic(kb: KnowledgeBase, message: dict[str, Any]) -> Topic | None:
    """The topic at least two of the three rankers put first (None without the e5 tier)."""
    semantic = semantic_candidates(message)
    text = str(message.get("text") or "")
    if not semantic or one_word_many_topics(kb, text):
        return None
    hits = kb.search(text, limit=MAX_SUGGESTIONS)
    return majority_topic(kb, selector_candidates(message), semantic, hits)


def decide(
    kb: KnowledgeBase,
    message: dict[str, Any],
    last_topic: str | None,
    min_confidence: float,
    elsewhere: Elsewhere | None = None,
) -> Reply:
    """The reply to a FAQ-like message, emergencies aside; a lost document: its ``lost``.
    ``elsewhere``: the other office's service said last (a follow-up about it gets it again)."""
    reply = chosen(kb, message, last_topic, min_confidence, elsewhere)
    if reply.kind == "answer" and reply.topic is not None:
        text = str(message.get("text") or "")
        lost = lost_instead(kb, text, reply.topic)
        topic = lost if lost is not None else reply.topic
        return Reply("answer", topic, also=also_asked(kb, text, topic))
    return reply


def chosen(
    kb: KnowledgeBase,
    message: dict[str, Any],
    last_topic: str | None,
    min_confidence: float,
    elsewhere: Elsewhere | None = None,
) -> Reply:
    text = str(message.get("text") or "")
    named = kb.by_id.get(str(message.get(TOPIC_NAME) or ""))
    if named is not None:  # the message is only this service's name ("LOAKK", "info SKPWNI")
        return Reply("answer", named)
    last = kb.by_id.get(last_topic or "")
    away = handled_elsewhere(kb, text, last)
    if away is not None:  # "cara bikin paspor": another office's service
        return away
    if last is None and asks_elsewhere_again(
        kb, text, elsewhere
    ):  # "nomor telponnya brp" after PLN
        return Reply("elsewhere", elsewhere=elsewhere)
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


def unclear(
    kb: KnowledgeBase,
    message: dict[str, Any],
    last: Topic | None,
    elsewhere: Elsewhere | None = None,
) -> Reply | None:
    """An answer for a message the intent classifier was unsure of (``nlu_fallback``): a
    follow-up of the last topic, or a topic the three rankers agree on (the classifier's
    doubt was about the intent; the content words still point to one topic). None: ask."""
    text = str(message.get("text") or "")
    away = handled_elsewhere(kb, text, last)
    if away is not None:
        return away
    if last is None and asks_elsewhere_again(kb, text, elsewhere):
        return Reply("elsewhere", elsewhere=elsewhere)
    reply = followup(kb, text, last, message) if last is not None else None
    if reply is not None:
        return reply
    voted = voted_topic(kb, message)
    return Reply("answer", voted) if voted is not None else None
