"""The 120-style knowledge base: topics as data, lexical search, the emergency safety net.

Topics live in ``knowledge_base/*.yml`` (edited by city staff). Rasa's ResponseSelector answers
confident FAQ questions; this module is the second tier for unsure ones: BM25 (rank-bm25) over
each topic's title, keywords, example questions and answer, after colloquial normalisation
(:mod:`bot.components.colloquial`) and Indonesian stemming (Sastrawi). It also recognises
emergency phrases (``knowledge_base/emergency.yml``), which must never get a FAQ answer.

Everything is loaded once, on first use (:func:`get_knowledge_base`), never at import.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.services.aspects import Aspect, parse_aspects
from bot.components.colloquial import normalize_text
from bot.components.emergency_phrases import EmergencyPhrases
from core.errors import HaloWargaError
from core.lang.text import word_set
from core.lang.wishes import is_hypothetical
from core.texts import t

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
KB_DIR = ROOT / "knowledge_base"
EMERGENCY_FILE = "emergency.yml"
FOLLOWUPS_FILE = "followups.yml"
ELSEWHERE_FILE = "elsewhere.yml"
NOT_TOPICS = frozenset({EMERGENCY_FILE, FOLLOWUPS_FILE, ELSEWHERE_FILE})
# A follow-up names another topic ("kalau akta kematian?") when BM25, over its words minus the
# aspect phrase, finds a clear favourite scoring at least this (one distinctive word: ~5-8).
SWITCH_MIN_BM25 = 4.0
TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")

# Sastrawi's stop-word list drops words that carry meaning for city services.
KEEP_WORDS = word_set(
    """
    datang keluar masuk besar baru hari bulan tempat naik jam buka lama dua
    kerja balik lanjut panjang dekat jalan orang sendiri mampu kecil masalah bapak ibu
    """
)


class KnowledgeBaseError(HaloWargaError):
    """A knowledge base file is malformed (the message names the file and topic)."""


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    answer: str
    area: str
    requirements: tuple[str, ...] = ()
    where_when: str = ""
    cost: str = ""
    processing_time: str = ""
    online: str = ""
    # whether someone else may come in the citizen's place ("bisa diwakilkan?"); who may get
    # it ("kalau belum 17 tahun bisa?"); what if it is done after the deadline ("kalau
    # telat?"): answered only as follow-ups, not part of the full answer
    representation: str = ""
    eligibility: str = ""
    late: str = ""
    # for whoever cannot come (old, ill, disabled): an officer comes to the house, or no need
    home_service: str = ""
    # the topic that tells what to do when this document is lost ("kalau hilang?")
    lost: str = ""
    # the topic for the same need when it is for someone else whom it changes ("child": a
    # KTP's is the KIA; "deceased"), by core.lang.people.whom
    for_whom: tuple[tuple[str, str], ...] = ()
    legal_basis: str | None = None
    reviewed: str = ""
    sample: bool = False
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default=(), compare=False)
    # what citizens type alone for this service ("LOAKK", "SKPWNI", "BPJS TK"): a message that
    # is only one of these asks about this topic (bot/components/topic_names.py)
    names: tuple[str, ...] = ()

    @property
    def intent(self) -> str:
        return f"faq/{self.id}"

    @property
    def response(self) -> str:
        return f"utter_faq/{self.id}"

    def full_text(self) -> str:
        """The answer as the citizen sees it: short answer, then the practical details."""
        lines = [" ".join(self.answer.split())]
        if self.requirements:
            lines.append(t("app.knowledge.requirements", items="; ".join(self.requirements)))
        if self.where_when:
            lines.append(t("app.knowledge.where_when", value=self.where_when))
        if self.cost:
            lines.append(t("app.knowledge.cost", value=self.cost))
        if self.processing_time:
            lines.append(t("app.knowledge.processing_time", value=self.processing_time))
        if self.online:
            lines.append(t("app.knowledge.online", value=self.online))
        if self.legal_basis:
            lines.append(t("app.knowledge.legal_basis", value=self.legal_basis))
        return "\n".join(lines)

    def search_text(self) -> str:
        # Title, names and keywords count twice: they are the words staff chose for the topic.
        chosen = [self.title, *self.names, *self.keywords]
        parts = [*chosen, *chosen, *self.examples]
        parts.append(self.answer)
        return " ".join(parts)


def _parse_topic(raw: Any, area: str, source: str) -> Topic:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{source}: each topic must be a mapping, got {raw!r}")
    missing = [k for k in ("id", "title", "answer", "reviewed") if not raw.get(k)]
    if missing:
        raise KnowledgeBaseError(f"{source}: topic {raw.get('id')!r} lacks {missing}")
    topic_id = str(raw["id"])
    if not TOPIC_ID.match(topic_id):
        raise KnowledgeBaseError(f"{source}: bad topic id {topic_id!r} (use a-z, 0-9, _)")
    examples = raw.get("examples") or []
    if len(examples) < 3:
        raise KnowledgeBaseError(f"{source}: topic {topic_id} needs at least 3 examples")
    return Topic(
        id=topic_id,
        title=str(raw["title"]).strip(),
        answer=" ".join(str(raw["answer"]).split()),
        area=area,
        requirements=tuple(str(r) for r in raw.get("requirements") or []),
        where_when=str(raw.get("where_when") or "").strip(),
        cost=str(raw.get("cost") or "").strip(),
        processing_time=str(raw.get("processing_time") or "").strip(),
        online=str(raw.get("online") or "").strip(),
        representation=" ".join(str(raw.get("representation") or "").split()),
        eligibility=" ".join(str(raw.get("eligibility") or "").split()),
        late=" ".join(str(raw.get("late") or "").split()),
        home_service=" ".join(str(raw.get("home_service") or "").split()),
        lost=str(raw.get("lost") or ""),
        for_whom=tuple((str(k), str(v)) for k, v in (raw.get("for_whom") or {}).items()),
        legal_basis=raw.get("legal_basis"),
        reviewed=str(raw["reviewed"]),
        sample=bool(raw.get("sample", False)),
        keywords=tuple(str(k) for k in raw.get("keywords") or []),
        examples=tuple(str(e).strip() for e in examples),
        names=tuple(str(n).strip() for n in raw.get("names") or []),
    )


def load_topics(kb_dir: Path = KB_DIR) -> list[Topic]:
    """Every topic of every knowledge base file, in file order; ids must be unique."""
    topics: list[Topic] = []
    seen: dict[str, str] = {}
    for path in sorted(kb_dir.glob("*.yml")):
        if path.name in NOT_TOPICS:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        area = str(data.get("area") or path.stem)
        for raw in data.get("topics") or []:
            topic = _parse_topic(raw, area, path.name)
            if topic.id in seen:
                raise KnowledgeBaseError(
                    f"{path.name}: topic id {topic.id!r} already used in {seen[topic.id]}"
                )
            seen[topic.id] = path.name
            topics.append(topic)
    unknown = [(t.id, t.lost) for t in topics if t.lost and t.lost not in seen]
    unknown += [(t.id, v) for t in topics for _, v in t.for_whom if v not in seen]
    if unknown:
        raise KnowledgeBaseError(f"`lost` or `for_whom` names no topic: {unknown}")
    return topics


def load_emergency_phrases(kb_dir: Path = KB_DIR) -> tuple[str, tuple[str, ...]]:
    net = EmergencyPhrases.load(kb_dir / EMERGENCY_FILE)
    return net.number, net.phrases


def load_aspects(kb_dir: Path = KB_DIR) -> tuple[Aspect, ...]:
    """The follow-up aspects (``followups.yml``); none when a base has no such file."""
    path = kb_dir / FOLLOWUPS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    try:
        return parse_aspects(data or {}, frozenset(Topic.__dataclass_fields__))
    except ValueError as exc:
        raise KnowledgeBaseError(f"{FOLLOWUPS_FILE}: {exc}") from exc


@dataclass(frozen=True)
class Elsewhere:
    """A service this base has no topic for, and the office that handles it."""

    service: str
    where: str
    names: tuple[str, ...]


def load_elsewhere(kb_dir: Path = KB_DIR) -> tuple[Elsewhere, ...]:
    """The services handled elsewhere (``elsewhere.yml``); none when a base has no such file."""
    path = kb_dir / ELSEWHERE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    out = []
    for raw in (data or {}).get("services") or []:
        names = tuple(n for n in (normalize_text(str(x)) for x in raw.get("names") or []) if n)
        if not raw.get("service") or not raw.get("where") or not names:
            raise KnowledgeBaseError(f"{ELSEWHERE_FILE}: {raw!r} needs service, where, names")
        out.append(Elsewhere(str(raw["service"]), str(raw["where"]), names))
    return tuple(out)


def load_elsewhere_again(kb_dir: Path = KB_DIR) -> frozenset[str]:
    """The words of a follow-up about the service just said to be handled elsewhere
    (``elsewhere.yml``, ``asked_again``), normalised."""
    path = kb_dir / ELSEWHERE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    words = (normalize_text(str(w)) for w in (data or {}).get("asked_again") or [])
    return frozenset(w for w in words if w)


@dataclass(frozen=True)
class Suggestion:
    topic: Topic
    score: float


class KnowledgeBase:
    """Topics plus a BM25 index over them (built once)."""

    def __init__(self, kb_dir: Path = KB_DIR) -> None:
        from rank_bm25 import BM25Okapi
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
        from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

        self.topics = load_topics(kb_dir)
        self.by_id = {t.id: t for t in self.topics}
        self.emergency_net = EmergencyPhrases.load(kb_dir / EMERGENCY_FILE)
        self.emergency_number = self.emergency_net.number
        self.emergency_phrases = self.emergency_net.phrases
        self.aspects = load_aspects(kb_dir)
        self.elsewhere_services = load_elsewhere(kb_dir)
        self.elsewhere_again = load_elsewhere_again(kb_dir)
        self._topic_names = {
            t.id: tuple(n for n in map(normalize_text, t.names) if n) for t in self.topics
        }
        self._stemmer = StemmerFactory().create_stemmer()
        stop = set(StopWordRemoverFactory().get_stop_words()) - KEEP_WORDS
        self._stop = frozenset(stop)
        # a topic whose words are all stop words is still findable by its id
        corpus = [self.analyze(t.search_text()) or [t.id] for t in self.topics]
        if not corpus:
            raise KnowledgeBaseError(f"{kb_dir}: no topics")
        self._bm25 = BM25Okapi(corpus)
        log.info(
            "knowledge base: %d topics, %d emergency phrases",
            len(self.topics),
            len(self.emergency_phrases),
        )

    def analyze(self, text: str) -> list[str]:
        """Normalise colloquial words, drop stop words, stem (Sastrawi)."""
        words = normalize_text(text).split()
        terms = []
        for word in words:
            if word in self._stop or len(word) < 2:
                continue
            stem = self._stemmer.stem(word) if word.isalpha() else word
            terms.append(stem or word)
        return terms

    def search(self, text: str, limit: int = 3, min_score: float = 2.0) -> list[Suggestion]:
        """Best topics for ``text`` by BM25, best first; only scores >= ``min_score``.

        Scores below ``min_score`` are matches on one common word; offering them as
        "Maksud Anda ...?" would only confuse.
        """
        terms = self.analyze(text)
        if not terms:
            return []
        scores = self._bm25.get_scores(terms)
        ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        top = ranked[0] if ranked else None
        if top is None or scores[top] < min_score:
            return []
        # keep close competitors only: at least 40% of the best score
        floor = max(min_score, 0.4 * float(scores[top]))
        return [
            Suggestion(self.topics[i], float(scores[i]))
            for i in ranked[:limit]
            if scores[i] >= floor
        ]

    def aspect_of(self, text: str, topic: Topic | None = None) -> tuple[Aspect, str] | None:
        """The aspect a message asks about and the message without any aspect phrase (what
        is left may name a topic), or None. The first aspect (file order) that the message
        asks wins; with ``topic``, the first that this topic has an answer for ("anak saya
        sudah 5 tahun belum punya akta": an age, but after the birth certificate it asks
        about registering late)."""
        norm = f" {normalize_text(text)} "
        asked = [
            a
            for a in self.aspects
            if a.asked_in(norm) and not (a.optional and (topic is None or not a.value(topic)))
        ]
        if not asked:
            return None
        answered = [a for a in asked if topic is not None and a.value(topic)]
        found = (answered or asked)[0]
        for pattern in found.patterns:  # before the phrase "umur" of "umur 6 tahun"
            norm = pattern.sub(" ", norm)
        for phrase in sorted(
            {p for a in self.aspects for p in a.phrases}, key=lambda p: (-len(p), p)
        ):
            norm = norm.replace(f" {phrase} ", " ")
        for word in found.people:  # "diwakilkan anak saya", "neneknya": who, not a topic
            norm = norm.replace(f" {word} ", " ").replace(f" {word}nya ", " ")
        return found, " ".join(norm.split())

    def named_topic(self, text: str) -> Topic | None:
        """The topic a short message names by its own words ("kalau akta kematian?"): BM25's
        clear favourite (alone, or 1.5x the runner-up) scoring at least SWITCH_MIN_BM25."""
        hits = self.search(text, limit=2, min_score=SWITCH_MIN_BM25)
        if not hits or (len(hits) > 1 and hits[0].score < 1.5 * hits[1].score):
            return None
        return hits[0].topic

    def elsewhere(self, text: str) -> tuple[Elsewhere, str] | None:
        """The service handled by another office that the message names ("cara bikin
        paspor") and the message without its names; None also when the rest names a topic
        of this base by one of its names."""
        norm = f" {normalize_text(text)} "
        found = next(
            (e for e in self.elsewhere_services for n in e.names if f" {n} " in norm), None
        )
        if found is None:
            return None
        for name in sorted(found.names, key=len, reverse=True):
            norm = norm.replace(f" {name} ", " ")
        if self.names_topic(norm):  # not "balik nama sertifikat"
            return None
        return found, " ".join(norm.split())

    def names_topic(self, text: str, besides: str | None = None) -> bool:
        """True when ``text`` names a topic of this base (other than ``besides``) by one of
        its names ("kalau SIM?")."""
        return bool(self.topics_named(text) - {besides})

    def topics_named(self, text: str) -> set[str]:
        """The ids of the topics ``text`` names by one of their names."""
        norm = f" {normalize_text(text)} "
        return {
            tid for tid, names in self._topic_names.items() if any(f" {n} " in norm for n in names)
        }

    def is_emergency(self, text: str) -> bool:
        """True when the message contains an emergency phrase (after normalisation), but for
        papers lost in a disaster ("dokumen saya hanyut kena banjir") and for a question about
        one that has not happened ("kalau ada kebakaran nomor darurat berapa?")."""
        return self.emergency_net.matches(text) and not is_hypothetical(text)


@lru_cache(maxsize=1)
def get_knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()
