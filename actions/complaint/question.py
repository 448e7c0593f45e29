"""A question taken for a complaint: answered, with the complaint offered by a button.

The intent classifier sometimes reads a knowledge-base question as ``file_complaint``
("Mohon maaf, saya ingin menanyakan alamat lengkap Balai Kota", "ke mana permohonan
pemangkasan pohon ditujukan?"), and the citizen would get a complaint form instead of an
answer. :func:`answer_instead` is the choice (pure: knowledge base + parse), made where the
complaint starts (``action_complaint_start``) and scored by ``scripts/eval_system.py``:
the topic is answered instead of opening the form when all of these hold:

- the message is phrased as a question: a word that asks (:func:`core.lang.questions.asks`:
  "menanyakan", "berapa", "ke mana", not "bagaimana ini"), or a question mark when it names
  no thing a complaint is about ("alamat balai kota?", not "sampah berceceran di jl
  salak?");
- it names no city problem the complaint reader knows
  (:func:`app.services.complaint_signs.names_problem`): "jalan rusak parah, kapan
  diperbaiki?" is a report with a question mark, and stays a report;
- it does not say that the citizen wants to report ("saya mau melapor ...") or have
  something fixed ("kapan dibenahi?", FIX_WORDS), is no button payload, and has no
  emergency phrase;
- the three topic rankers (ResponseSelector, e5 topics, BM25) all put the same topic first.

A message that tells that documents were lost or ruined ("rumah saya kebanjiran, dokumen
hilang semua") is answered too, question or not, with the lost-document topic its words fit
best (:func:`lost_documents`): what the citizen needs first is how to get them again; the
flood itself is a button away, reported only if the citizen wants.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint.reading import REPORT_WORDS
from actions.inquiry_choice import (
    LAST_TOPIC_SLOT,
    selector_candidates,
    semantic_candidates,
    voted_topic,
)
from app.services.complaint_signs import names_problem, names_thing
from app.services.knowledge import KnowledgeBase, Topic
from core.lang.questions import asks
from core.texts import t

log = logging.getLogger(__name__)
COMPLAINT_PAYLOAD = "/file_complaint"
# asking the city to fix or deal with something, or complaining: a report even when asked as
# a question ("kabel menjuntai di gang kami, kapan dibenahi?")
FIX_WORDS = re.compile(
    r"\b(perbaiki|diperbaiki|dibetulkan|dibetulin|dibenerin|dibenahi|benahi|ditangani|"
    r"ditindak\w*|ditertibkan|dibereskan|diberesin|dikeruk|dibersihkan|keluhan|mengeluh\w*)\b",
    re.I,
)


def phrased_as_question(text: str) -> bool:
    """A word that asks, or a question mark on a message that names no complaint thing."""
    return asks(text) or ("?" in text and not names_thing(text))


def first_places(kb: KnowledgeBase, message: dict[str, Any]) -> list[str | None]:
    """The topic each ranker puts first: ResponseSelector, e5 topics, BM25."""
    text = str(message.get("text") or "")
    selector = selector_candidates(message)
    semantic = semantic_candidates(message)
    hits = kb.search(text, limit=1)
    return [
        selector[0][0] if selector else None,
        semantic[0][0] if semantic else None,
        hits[0].topic.id if hits else None,
    ]


# documents and what happened to them ("dokumen hilang semua", "kk dan akta basah")
DOCUMENTS = re.compile(
    r"\b(dokumen\w*|surat2|surat-surat|surat|berkas\w*|ktp\w*|kk|kartu keluarga|akta\w*|"
    r"akte\w*|ijazah\w*|kia)\b",
    re.I,
)
LOST = re.compile(
    r"\b(hilang|ilang|raib|lenyap|rusak|basah|musnah|hancur|sobek|robek|kebawa|terbawa)\b", re.I
)


def lost_documents(kb: KnowledgeBase, text: str) -> Topic | None:
    """The lost-document topic (a topic some other topic names as its ``lost``) that BM25
    ranks best for a message naming documents and their loss; None otherwise."""
    if not DOCUMENTS.search(text) or not LOST.search(text):
        return None
    targets = {t.lost for t in kb.topics if t.lost}
    hits = [h for h in kb.search(text, limit=len(kb.topics)) if h.topic.id in targets]
    return hits[0].topic if hits else None


def answer_instead(kb: KnowledgeBase, message: dict[str, Any]) -> Topic | None:
    """The topic to answer instead of starting a complaint, or None: start it (see the
    module's docstring for when)."""
    text = str(message.get("text") or "").strip()
    if not text or text.startswith("/") or kb.is_emergency(text):
        return None
    if REPORT_WORDS.search(text) or FIX_WORDS.search(text):
        return None
    lost = lost_documents(kb, text)
    if lost is not None:
        return lost
    if not phrased_as_question(text) or names_problem(text):
        return None
    voted = voted_topic(kb, message)
    if voted is None or any(place != voted.id for place in first_places(kb, message)):
        return None
    return voted


# below this the classifier is unsure that a question is a complaint ("telat lapor kena
# denda?" 0.44: a question about late registration, not a report)
UNSURE_COMPLAINT = 0.55
WISH_TO_REPORT = re.compile(
    r"\b(mau|ingin|pengen|pingin|hendak|akan|perlu|harus)\s+(me)?(lapor|ngadu|mengadu)", re.I
)


def unsure_question(message: dict[str, Any]) -> bool:
    """A question the classifier only guessed was a complaint: phrased as a question, no
    city problem named, no wish to report or to have something fixed, and file_complaint
    under UNSURE_COMPLAINT. Asked back (topics or a report) instead of opening the form."""
    text = str(message.get("text") or "").strip()
    confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
    if not text or text.startswith("/") or confidence >= UNSURE_COMPLAINT:
        return False
    if WISH_TO_REPORT.search(text) or FIX_WORDS.search(text):
        return False
    return phrased_as_question(text) and not names_problem(text)


def answer_and_offer(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic
) -> list[EventType]:
    """The topic's answer, then the complaint offered by a button; the turn ends there (the
    rule's form does not open) and the topic stays for follow-ups."""
    log.info("question taken for a complaint from %s: answered %s", tracker.sender_id, topic.id)
    dispatcher.utter_message(response=topic.response)
    dispatcher.utter_message(
        text=t("actions.complaint_offer"),
        buttons=[{"title": t("actions.complaint_offer_button"), "payload": COMPLAINT_PAYLOAD}],
    )
    return [SlotSet(LAST_TOPIC_SLOT, topic.id), FollowupAction("action_listen")]


def follows_answer(tracker: Tracker) -> bool:
    """A question right after a topic's answer that names no city problem and no wish to
    report ("di kelurahan atanapi di kecamatan?" after SKTM, bench y-27): a follow-up about
    that topic, whatever the classifier said."""
    message = tracker.latest_message or {}
    text = str(message.get("text") or "").strip()
    if not tracker.get_slot(LAST_TOPIC_SLOT) or not text or text.startswith("/"):
        return False
    if REPORT_WORDS.search(text) or WISH_TO_REPORT.search(text) or FIX_WORDS.search(text):
        return False
    return phrased_as_question(text) and not names_problem(text)
