"""An address part corrected inside the same sentence (core.lang.restated): only the new
part stays; other uses of "salah" and "bukan" leave the text alone."""

from __future__ import annotations

import pytest

from core.lang.restated import restated


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        # bench y-05: the RT corrected, the RW said with the new one kept
        (
            "jalan di gg duwet rt 04 eh salah, maksud saya RT 05 rw 02 karanganyar rusak parah",
            "jalan di gg duwet RT 05 rw 02 karanganyar rusak parah",
        ),
        # bench z-11: the old part named in the marker ("eh bukan rt 02,")
        (
            "dahan patah di jl nanas rt 02, eh bukan rt 02, rt 03 kebonsari",
            "dahan patah di jl nanas rt 03 kebonsari",
        ),
        ("jl nanas rt 02 bukan rt 02 tapi rt 03", "jl nanas rt 03"),
        ("gg kenari rt 4 rw 2 eh salah rw 3", "gg kenari rt 4 rw 3"),
        ("gang mawar rt 4 eh keliru maksudnya 5 sukasari", "gang mawar rt 5 sukasari"),
        ("Jl. Kayu Manis No. 8 eh salah no 3 Mekarjaya", "Jl. Kayu Manis no 3 Mekarjaya"),
        ("lampu di jl mawar eh salah jl melati sukasari mati", "lampu di jl melati sukasari mati"),
    ],
)
def test_the_corrected_part_replaces_the_old(said: str, kept: str) -> None:
    assert restated(said) == kept


@pytest.mark.parametrize(
    "said",
    [
        "petugasnya salah kasih info, jalan di depan rusak",
        "salah satu lampu di jl mawar rt 3 mati",
        "eh bukan got min, maksudnya pipa pdam nya bocor",  # the problem, not the address
        "eh salah rt 6 maksudnya",  # nothing before it: a later question's correction
        "jl mawar rt 3 sudah lama rusak, salah siapa ini rt 4 diam saja",
    ],
)
def test_other_words_leave_the_text_alone(said: str) -> None:
    assert restated(said) == said
