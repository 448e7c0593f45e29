"""Follow-ups read against the last topic's own data (pure: knowledge base + words).

``actions/inquiry_choice.py`` (:func:`followup`) asks these before a short message switches
to the topic its words name: "kalau hilang?" after the birth certificate is the lost-document
topic (the last topic's ``lost``), and "harus pengantar RT dulu?" after SKTM asks about SKTM
(its requirements), not the RT letter's own topic.
"""

from __future__ import annotations

from app.services.knowledge import Aspect, KnowledgeBase, Topic

# Words (stemmed) that say a document is lost: "kalau hilang?" asks the last topic's `lost`.
LOST_WORDS = frozenset({"hilang", "raib", "lenyap", "curi", "copet"})
# Aspects asked with the asker's own circumstances ("saya janda", "anak saya 16 tahun").
PERSONAL = frozenset({"eligibility"})
# Words that place a thing without naming a service ("ke kantor polisi dulu?").
GENERIC = frozenset({"kantor", "tempat", "dulu"})


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
