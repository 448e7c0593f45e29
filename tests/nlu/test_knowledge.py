"""The knowledge base as data, BM25 search with Sastrawi, the emergency safety net."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.services.knowledge import (
    KB_DIR,
    ROOT,
    KnowledgeBase,
    KnowledgeBaseError,
    get_knowledge_base,
    load_topics,
)

AREAS = {
    "ktp_baru", "ktp_hilang", "ktp_rusak", "kk_baru", "akta_kelahiran", "akta_kematian",
    "pindah_datang", "kia", "pbb_bayar", "bphtb", "pajak_kendaraan", "nib_oss", "pbg",
    "izin_usaha_mikro", "bansos_cek", "dtks_daftar", "bantuan_lansia", "puskesmas", "bpjs_pbi",
    "spmb", "beasiswa", "bus_kota", "banjir_siaga", "jam_kantor", "lokasi_kantor", "cara_pakai",
}  # fmt: skip


def test_at_least_60_complete_topics_covering_the_issue_areas() -> None:
    topics = load_topics()
    assert len(topics) >= 60
    assert {t.id for t in topics} >= AREAS
    for t in topics:
        assert t.answer and t.reviewed and t.where_when and t.cost, t.id
        assert len(t.answer) <= 320, f"{t.id}: answer must fit a chat bubble"
        assert len(t.examples) >= 5, t.id


def test_city_specific_topics_are_marked_sample() -> None:
    for t in load_topics():
        if "Kota Contoh" in t.full_text():
            assert t.sample, f"{t.id} mentions the sample city but is not marked sample"
    assert "SAMPLE" in (KB_DIR / "README.md").read_text()


def test_generated_faq_files_are_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, "scripts/build_faq.py", "--check"], cwd=ROOT, capture_output=True
    )
    assert proc.returncode == 0, proc.stdout.decode()
    domain = yaml.safe_load((ROOT / "bot/domain/inquiry.yml").read_text())
    nlu = yaml.safe_load((ROOT / "nlu_data/faq.yml").read_text())
    ids = {t.id for t in load_topics()}
    assert {k.split("/", 1)[1] for k in domain["responses"]} == ids
    assert {i["intent"].split("/", 1)[1] for i in nlu["nlu"]} == ids
    text = domain["responses"]["utter_faq/akta_kelahiran"][0]["text"]
    assert "60 hari" in text and "\nSyarat: " in text and "Biaya: Gratis" in text


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("gmn cr urus akta lhr anak sy", "akta_kelahiran"),
        ("ktp ilang", "ktp_hilang"),
        ("pajak motor telat", "pajak_kendaraan"),
        ("jam buka puskesmas", "puskesmas"),
        ("imb rumah", "pbg"),
        ("bansos blm cair", "bansos_cek"),
        ("truk sampah lewat jam brp", "jadwal_sampah"),
    ],
)
def test_bm25_finds_the_topic_from_colloquial_text(query: str, topic: str) -> None:
    hits = get_knowledge_base().search(query)
    assert hits and hits[0].topic.id == topic, [(h.topic.id, h.score) for h in hits]
    assert len(hits) <= 3


def test_bm25_suggests_nothing_for_noise() -> None:
    kb = get_knowledge_base()
    assert kb.search("qwerty asdf") == []
    assert kb.search("") == []


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("tolong rumah sy kebakaran", True),
        ("ada KECELAKAAN di perempatan", True),
        ("bapak pingsan", True),
        ("banjir besar sampai atap", True),
        ("info banjir hari ini", False),
        ("syarat bikin ktp", False),
        ("damkar bisa bantu sarang tawon?", False),
    ],
)
def test_emergency_phrases(text: str, emergency: bool) -> None:
    assert get_knowledge_base().is_emergency(text) is emergency


def _write(tmp: Path, topics: list[dict[str, object]]) -> Path:
    (tmp / "emergency.yml").write_text("phrases: [kebakaran]\n")
    (tmp / "a.yml").write_text(yaml.safe_dump({"area": "a", "topics": topics}))
    return tmp


def _topic(tid: str) -> dict[str, object]:
    return {
        "id": tid,
        "title": "T",
        "answer": "A",
        "reviewed": "2026-01-01",
        "examples": ["x", "y", "z"],
    }


def test_malformed_knowledge_base_is_refused_with_the_file_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match=r"a\.yml.*already used"):
        load_topics(_write(tmp_path, [_topic("dup"), _topic("dup")]))
    with pytest.raises(KnowledgeBaseError, match="bad topic id"):
        load_topics(_write(tmp_path, [_topic("Bad-Id")]))
    broken = _topic("ok")
    del broken["answer"]
    with pytest.raises(KnowledgeBaseError, match="lacks"):
        load_topics(_write(tmp_path, [broken]))
    kb = KnowledgeBase(_write(tmp_path, [_topic("ok")]))
    assert kb.is_emergency("ada kebakaran")
