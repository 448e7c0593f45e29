"""Follow-ups read against the last topic's own data (pure: knowledge base + words).

``actions/inquiry_choice.py`` (:func:`followup`) asks these before a short message switches
to the topic its words name: "kalau hilang?" after the birth certificate is the lost-document
topic (the last topic's ``lost``), and "harus pengantar RT dulu?" after SKTM asks about SKTM
(its requirements), not the RT letter's own topic.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from app.services.knowledge import Aspect, Elsewhere, KnowledgeBase, Topic
from core.lang.people import CHILD, whom
from core.lang.text import ASKING_AGAIN, POLITE_FILLERS, normalise

# the other office's service said last ("Listrik rumah": PLN); read while `last_topic` is empty
# (an answer about another office empties it, a topic's answer fills it)
LAST_ELSEWHERE_SLOT = "last_elsewhere"
# Words (stemmed) that say a document is lost: "kalau hilang?" asks the last topic's `lost`.
LOST_WORDS = frozenset({"hilang", "raib", "lenyap", "curi", "copet"})
# Aspects asked with the asker's own circumstances ("saya janda", "anak saya 16 tahun").
PERSONAL = frozenset({"eligibility"})
# Words that place a thing without naming a service ("ke kantor polisi dulu?").
GENERIC = frozenset({"kantor", "tempat", "dulu"})
# Words (stemmed) of asking how to reach a service, whatever the service ("terus ngurusnya
# ke mana", "lapornya gimana"): they name nothing.
ASKING_WORDS = frozenset({"urus", "buat", "daftar", "lapor", "adu", "hubung", "tanya", "terus"})
# Topic fields answered only when asked, never part of a topic's full answer.
ASKED_ONLY = frozenset({"representation", "eligibility", "late", "home_service"})


def lost_topic(kb: KnowledgeBase, content: list[str], last: Topic | None) -> Topic | None:
    """The topic for a lost document ("kalau hilang?", "kalau KK-nya hilang?" after the KK):
    the last topic's ``lost``, when the message says lost and names nothing but the last
    topic's own words."""
    if last is None or not last.lost or not LOST_WORDS & set(content):
        return None
    own = set(kb.analyze(" ".join([last.title, *last.names]))) | LOST_WORDS
    if any(term not in own and term.removesuffix("nya") not in own for term in content):
        return None
    return kb.by_id.get(last.lost)


def for_someone_else(kb: KnowledgeBase, text: str, last: Topic | None) -> Topic | None:
    """The topic for the last one's need when the message says it is for someone it changes
    ("kalau yang hilang punya anak saya, masih SD" after a lost KTP: a child's card is the
    KIA, a lost one the lost-papers topic; "kalau ktp almarhum bapak?": the death
    certificate): the last topic's ``for_whom``, unless the message names another topic by
    one of its names ("kalau akta lahir anak saya yang masih bayi?")."""
    if last is None or not last.for_whom:
        return None
    who = whom(text)
    target = dict(last.for_whom).get(who or "")
    asked = kb.aspect_of(text, last)
    if who == CHILD and asked and asked[0].name in PERSONAL and asked[0].value(last):
        return None  # who may get it, told with an age ("anak saya 16 tahun bisa bikin?")
    if target is None or target not in kb.by_id:
        return None
    if kb.topics_named(text) - {last.id, target}:
        return None
    return kb.by_id[target]


def own_words(
    kb: KnowledgeBase,
    content: list[str],
    last: Topic | None,
    aspect: Aspect | None = None,
    asked: str = "",
) -> bool:
    """Every content word is the last topic's own: in its title, names, answer or
    requirements ("kk barunya" after a KK change, whose answer says a new KK is printed;
    "pengantar RT" for SKTM, which requires it; "harus ke kantor polisi dulu?" after a lost
    KTP, whose answer says the police letter is no longer needed). Such a follow-up asks about
    the last topic, not about the topic those words would name alone. So does a question of
    who may get it told with one's own circumstances ("saya janda punya anak 3, apa bisa
    dapat?" after PKH), unless it names another service by name ("kalau SIM?")."""
    if last is None or not content:
        return False
    if aspect is not None and aspect.name in PERSONAL and aspect.value(last):
        return not kb.names_topic(asked, besides=last.id)
    own = " ".join([last.title, *last.names, last.answer, *last.requirements])
    words = set(content) - GENERIC
    return bool(words) and words <= set(kb.analyze(own.replace("/", " ")))


def lost_instead(kb: KnowledgeBase, text: str, topic: Topic) -> Topic | None:
    """The lost-document topic for a question that says the document of ``topic`` is lost
    ("akte lahir anak saya hilang": not how to make a birth certificate), else None."""
    if not topic.lost or not LOST_WORDS & set(kb.analyze(text)):
        return None
    return kb.by_id.get(topic.lost)


def last_elsewhere(kb: KnowledgeBase, tracker: Any) -> Elsewhere | None:
    """The other office's service said last (the ``last_elsewhere`` slot), else None."""
    return elsewhere_named(kb, tracker.get_slot(LAST_ELSEWHERE_SLOT))


def elsewhere_named(kb: KnowledgeBase, service: str | None) -> Elsewhere | None:
    """The other office's service of that name, else None."""
    return next((e for e in kb.elsewhere_services if e.service == service), None)


def asks_elsewhere_again(kb: KnowledgeBase, text: str, away: Elsewhere | None) -> bool:
    """A short follow-up about the other office's service just named ("trs lapornya kmn
    min", "nomor telponnya brp", "buka jam berapa" after PLN): it asks an aspect or a contact
    (``elsewhere.yml``'s ``asked_again``) and names no topic of this base ("kalau SIM
    dimana?", "kalau bikin ktp baru?", "lapor jalan rusak kemana" are questions of their own:
    every other word is the service's own or a word of asking)."""
    if away is None or not text or text.startswith("/") or kb.names_topic(text):
        return False
    found = kb.aspect_of(text)
    norm = f" {found[1] if found else normalise(text)} "
    contact = [w for w in kb.elsewhere_again if f" {w} " in norm]
    if found is None and not contact:
        return False
    for word in sorted(contact, key=lambda w: (-len(w), w)):
        norm = norm.replace(f" {word} ", " ")
    own = set(kb.analyze(" ".join([away.service, away.where, *away.names])))
    return all(
        term in own or term in ASKING_WORDS or term in POLITE_FILLERS
        for term in kb.analyze(" ".join(norm.split()))
    )


def also_asked(kb: KnowledgeBase, text: str, topic: Topic) -> Aspect | None:
    """What a question also asks that the topic's full answer leaves out ("bikin ktp untuk
    ibu saya yang sudah tidak bisa jalan": the officer who comes to the house; "bisa
    diwakilkan?"), when the topic has an answer for it; said after the full answer."""
    found = kb.aspect_of(text, topic)
    if found is None or found[0].field not in ASKED_ONLY or not found[0].value(topic):
        return None
    return found[0]


def beyond_topic(kb: KnowledgeBase, text: str, last: Topic) -> bool:
    """A follow-up with words of the base that the last topic's data never uses ("kalau
    pensiunnya gimana?" after the death certificate): it asks what the base does not say of
    it, and its answer again would not tell it. Not one that only asks again ("caranya
    gimana?", "jelasin lagi"), about someone else ("kalau punya anak saya?"), or in words the
    base does not know at all (a dialect's "biayana sabaraha?": the answer is the best guess)."""
    own = _topic_terms(kb, last.id)
    plain = _plain_terms(kb)
    known = _vocabulary(kb)
    return any(t in known and t not in own and t not in plain for t in kb.analyze(text))


@lru_cache(maxsize=256)
def _topic_terms(kb: KnowledgeBase, topic_id: str) -> frozenset[str]:
    """The terms of a topic's data: what it is searched by (examples included) and says."""
    topic = kb.by_id[topic_id]
    return frozenset(kb.analyze(f"{topic.search_text()} {topic.full_text()}"))


@lru_cache(maxsize=4)
def _vocabulary(kb: KnowledgeBase) -> frozenset[str]:
    """Every term of every topic's data."""
    return frozenset().union(*(_topic_terms(kb, t.id) for t in kb.topics))


def names_nobody_else(kb: KnowledgeBase, content: list[str]) -> bool:
    """True when a follow-up's content words are only who it is for and polite address
    ("kalau untuk bapak saya, nak?"): they name no topic, however BM25 ranks them."""
    return all(term in _people_terms(kb) for term in content)


@lru_cache(maxsize=4)
def _people_terms(kb: KnowledgeBase) -> frozenset[str]:
    """Terms of who may come or be meant, and of polite address."""
    people = {p for a in kb.aspects for p in a.people}
    return frozenset(kb.analyze(" ".join(POLITE_FILLERS | people)))


@lru_cache(maxsize=4)
def _plain_terms(kb: KnowledgeBase) -> frozenset[str]:
    """Terms that ask again, are polite, or name who asks."""
    people = {p for a in kb.aspects for p in a.people}
    words = " ".join(ASKING_AGAIN | POLITE_FILLERS | people)
    return frozenset(kb.analyze(words)) | ASKING_WORDS
