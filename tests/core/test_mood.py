"""An upset citizen (core.lang.mood): annoyed or let down in words, or shouting in capitals
with "!"; capitals alone and an ordinary complaint are not."""

from __future__ import annotations

import pytest

from core.lang.mood import is_upset


@pytest.mark.parametrize(
    "said",
    [
        "TOLONG DONG!!! PKL DI TROTOAR MAKIN PARAH, UDAH LAPOR BERKALI2 GA ADA TINDAKAN!!!",
        "UDAH 3X SAYA LAPOR GA ADA YG DATENG!!! SAYA MAU BICARA SAMA ORANG, BUKAN ROBOT",
        "GA MAU NGOMONG SAMA ROBOT!!! SAMBUNGIN KE ORANG BENERAN SKRG",
        "bang gue udah kesel nih!! sampah kagak diangkut-angkut udeh seminggu",
        "saya sudah dua kali lapor tapi tidak ada tindak lanjut",
        "kecewa bgt sama pelayanannya",
        "petugasnya ga becus",
        "udah lapor 3x ga ada respon sama sekali",
        "sampah udah seminggu pada kemane sih petugasnye??",
    ],
)
def test_upset(said: str) -> None:
    assert is_upset(said)


@pytest.mark.parametrize(
    "said",
    [
        "SELAMAT PAGI SAYA MAU TANYA SYARAT KTP",  # caps lock, no anger
        "lampu jalan di jl mawar mati sudah tiga hari",
        "tolong ya min, jalan rusak di gg kenari",
        "Syarat KTP apa saja!",
        "/request_human",
        "",
        "sampah belum diangkut lima hari",
    ],
)
def test_not_upset(said: str) -> None:
    assert not is_upset(said)
