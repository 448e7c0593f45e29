"""Follow-ups the fourth fresh set found answered with the whole last answer again
(questions4, 2026-12-03): an expired document ("simnya udah mati setahun"), who handles it
("yang ngurus harus ..."), doing it by phone ("bisa dari hp?"), how long in other words
("makan waktu", "paling lambat ... sebelum acara"), a home birth after the birth certificate
(answered from its requirements, which now name the SPTJM), and English "how long"."""

from __future__ import annotations

import pytest

from actions.inquiry_choice import followup
from app.services.knowledge import get_knowledge_base


@pytest.mark.parametrize(
    ("last", "text", "aspect"),
    [
        ("sim", "sim c saya udah mati 3 bulan gimana", "late"),
        ("ktp_rusak", "kalau sudah kadaluarsa?", "late"),
        ("akta_kematian", "yang ngurus harus anaknya?", "representation"),
        ("pindah_keluar", "bisa diurus dari hp aja?", "online"),
        ("akta_perkawinan", "kira2 makan waktu brp lama", "processing_time"),
        ("izin_keramaian", "ngajuinnya paling lambat kapan", "processing_time"),
        ("akta_kelahiran", "kalo anaknya lahir di rumah dibantu paraji gmn", "requirements"),
        ("akta_kelahiran", "kalau tidak punya surat keterangan lahir?", "requirements"),
        ("ktp_baru", "how long is the process", "processing_time"),
    ],
)
def test_the_thing_asked_is_answered(last: str, text: str, aspect: str) -> None:
    kb = get_knowledge_base()
    reply = followup(kb, text, kb.by_id[last])
    assert reply is not None and reply.kind == "aspect", reply
    assert reply.topic is kb.by_id[last]
    assert reply.aspect is not None and reply.aspect.name == aspect


def test_a_home_birth_is_answered_with_the_statement_instead_of_the_letter() -> None:
    kb = get_knowledge_base()
    reply = followup(kb, "kalau lahirnya di rumah?", kb.by_id["akta_kelahiran"])
    assert reply is not None and reply.aspect is not None
    assert "SPTJM" in reply.aspect.value(kb.by_id["akta_kelahiran"])


def test_an_age_is_still_not_an_expired_document() -> None:
    kb = get_knowledge_base()
    reply = followup(kb, "kalau umurnya baru 16 tahun?", kb.by_id["sim"])
    assert reply is not None and reply.aspect is not None
    assert reply.aspect.name == "eligibility"
