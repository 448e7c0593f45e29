"""What the assistant is asking, read from its text the way a person reads it.

A citizen of the bench never sees slot names or intents: it reads the last message of the
assistant's turn (and its buttons) and decides which kind of question that is, by the words
in it. The rules are ordered: the first that matches wins (a summary mentions "Foto:" and
"Lokasi:", so summaries come before the photo and location questions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]

# kinds that end something (not questions) and kinds that are questions for a slot
OUTCOMES = {
    "handoff_queued",
    "after_hours",
    "complaint_filed",
    "booking_done",
    "cancel_done",
    "following",
    "status",
    "cancelled",
    "stopped",
    "offer_officer",
    "emergency",
}

_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("notice", (r"^sebelum mulai:", r"pelindungan data pribadi")),
    ("handoff_queued", (r"posisi anda", r"antrean petugas", r"posisi antrean")),
    ("after_hours", (r"sedang tidak bertugas",)),
    ("emergency", (r"seperti keadaan darurat",)),  # not "(keadaan darurat, telepon 110)"
    ("offer_officer", (r"sambungkan anda dengan petugas", r"menghubungkan anda dengan petugas")),
    ("complaint_filed", (r"sudah kami terima dengan nomor",)),
    ("following", (r"anda sekarang mengikuti laporan",)),
    ("booking_done", (r"pemesanan berhasil",)),
    ("cancel_done", (r"sudah dibatalkan",)),
    ("cancelled", (r"laporan dibatalkan",)),
    ("stopped", (r"tidak dilanjutkan",)),
    ("status", (r"status laporan lpr", r"laporan lpr-\S+ \(.*\).*: status")),
    ("complaint_summary", (r"periksa laporan", r"laporannya sudah benar")),
    ("booking_summary", (r"periksa pemesanan",)),
    ("cancel_confirm", (r"yakin ingin dibatalkan",)),
    ("reschedule_confirm", (r"dipindah dari",)),
    ("duplicate", (r"laporan serupa",)),
    ("not_sent_yet", (r"belum terkirim",)),
    ("description", (r"dengan singkat", r"\buraian")),
    ("problem", (r"masalah apa", r"jenis masalah", r"ceritakan masalahnya", r"mau lapor apa")),
    ("photo", (r"\bfoto",)),
    ("privacy", (r"ditampilkan", r"\banonim", r"\bprivasi", r"\brahasia\b")),
    ("contact", (r"menghubungi anda", r"boleh.*dihubungi")),
    ("nik", (r"\bnik\b",)),
    ("booking_code", (r"kode pemesanan", r"diawali bk")),
    ("ticket_code", (r"nomor laporan",)),
    ("phone", (r"nomor hp", r"\bno\.? hp", r"nomor telepon", r"nomor whatsapp")),
    ("facility", (r"fasilitas (mana|apa)", r"beberapa pilihan", r"daftar fasilitas")),
    ("duration", (r"berapa lama", r"lamanya", r"paling lama")),
    ("people", (r"berapa orang", r"jumlah orang", r"hanya muat", r"jumlah peserta")),
    ("name", (r"atas nama", r"nama pemesan", r"nama anda")),
    (
        "time",
        (
            r"jam berapa",
            r"jamnya",
            r"di luar jam buka",
            r"pilih jam",
            r"jam yang",
            r"dipesan warga lain",
            r"dimulai setiap",
            r"pukul berapa",
        ),
    ),
    ("date", (r"tanggal", r"\bkapan\b", r"hari lain", r"\bhari apa")),
    ("location", (r"lokasi", r"\bdi mana\b", r"\bdimana\b", r"alamat")),
    ("clarify", (r"maksud anda salah satu", r"yang anda maksud")),
    ("not_understood", (r"belum mengerti", r"belum saya pahami", r"kata lain")),
    ("out_of_scope", (r"di luar layanan",)),
    (
        "menu",
        (
            r"apa yang bisa saya bantu",
            r"ada lagi yang bisa",
            r"pilih salah satu layanan",
            r"saya bisa membantu",
        ),
    ),
    ("question_prompt", (r"tulis pertanyaan anda",)),
]
_COMPILED = [(kind, [re.compile(p) for p in pats]) for kind, pats in _RULES]


def kind_of(text: str) -> str:
    """The kind of one assistant message ("unknown" when no rule matches)."""
    low = " ".join(text.lower().split())
    for kind, patterns in _COMPILED:
        if any(p.search(low) for p in patterns):
            return kind
    return "unknown"


class FaqIndex:
    """Recognises the knowledge-base answers (so "rekam foto" in the KTP answer is not read
    as the photo question) and tells which topic an answer belongs to."""

    def __init__(self, kb_dir: Path = ROOT / "knowledge_base") -> None:
        self.prefix: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        for path in sorted(kb_dir.glob("*.yml")):
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for topic in data.get("topics") or []:
                answer = " ".join(str(topic.get("answer", "")).split())
                if answer:
                    self.prefix[topic["id"]] = answer[:60].lower()
                    self.titles[topic["id"]] = str(topic.get("title", ""))

    def topic_of(self, text: str) -> str | None:
        low = " ".join(text.lower().split())
        for topic, prefix in self.prefix.items():
            if prefix in low:
                return topic
        return None


def turn_kind(messages: Sequence[dict[str, Any]], faq: FaqIndex) -> tuple[str, str]:
    """(kind, text) of an assistant turn: the last message that is a recognisable question
    or outcome, skipping knowledge-base answers; ("faq_answer", topic) when the turn is only
    an answer; ("silent", "") for no message at all."""
    if not messages:
        return "silent", ""
    answers: list[str] = []
    for message in reversed(messages):
        text = str(message.get("text", ""))
        topic = faq.topic_of(text)
        if topic:
            answers.append(topic)
            continue
        kind = kind_of(text)
        if kind not in ("unknown", "notice"):  # the privacy notice asks nothing
            return kind, text
    if answers:
        return "faq_answer", answers[0]
    return "unknown", str(messages[-1].get("text", ""))


def buttons(messages: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """The buttons of the turn's last message that has any (what the web client shows)."""
    last: list[dict[str, str]] = []
    for message in messages:
        if message.get("buttons"):
            last = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in message["buttons"]
            ]
    return last


def tap_button(btns: list[dict[str, str]], *words: str) -> str | None:
    """The payload of the first button whose title or payload has one of the words."""
    for word in words:
        for b in btns:
            if word.lower() in (b["title"] + " " + b["payload"]).lower():
                return b["payload"]
    return None
