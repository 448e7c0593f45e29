"""Papers lost in a disaster are no emergency (questions4, 2026-12-03): "dokumen saya hanyut
kena banjir" got 112 by the phrase "hanyut", "akta ... hilang waktu rumah kebakaran tahun lalu,
mau bikin lagi" by "kebakaran"; they ask for new papers (topic dokumen_hilang). A person in
danger named beside them keeps 112; the document's owner ("akta anak saya") is none. The NLU's
EmergencyNet reads the same rule (bot/components/emergency_phrases.py)."""

from __future__ import annotations

import pytest

from app.services.knowledge import get_knowledge_base
from bot.components.emergency_phrases import EmergencyPhrases


@pytest.mark.parametrize(
    "text",
    [
        "berkas kependudukan kami hanyut waktu banjir kemarin",
        "kk sama akte ikut hanyut kebawa air, gimana ngurusnya",
        "ijazah dan ktp saya terbakar waktu rumah kebakaran bulan lalu, mau buat lagi",
        "akta anak saya ikut terbakar, bisa dicetak ulang?",
    ],
)
def test_papers_lost_in_a_disaster_are_no_emergency(text: str) -> None:
    assert get_knowledge_base().is_emergency(text) is False
    assert EmergencyPhrases.load().matches(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "tolong anak saya hanyut di sungai",
        "ada orang terseret arus di kali",
        "kebakaran! ktp saya masih di dalam rumah",
        "rumah kebakaran, nenek saya masih di dalam, dokumen biar saja diurus nanti",
        "warga hanyut, kk nya juga hanyut",
        "gudang arsip kelurahan kebakaran sekarang",
    ],
)
def test_a_person_in_danger_or_a_fire_now_is_still_one(text: str) -> None:
    assert get_knowledge_base().is_emergency(text) is True
    assert EmergencyPhrases.load().matches(text) is True
