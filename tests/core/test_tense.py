"""core.lang.tense: what a message tells as over, and what still goes on."""

from __future__ import annotations

import pytest

from core.lang.tense import present_part


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "ada lubang besar, kemarin ada motor jatuh sampai pingsan, tolong ditambal",
            "ada lubang besar, tolong ditambal",
        ),
        ("minggu lalu ada yang terluka parah di sini, lampunya mati", "lampunya mati"),
        ("dulu pernah ada kecelakaan di tikungan itu", ""),
    ],
)
def test_clauses_about_what_is_over_are_left_out(text: str, kept: str) -> None:
    assert present_part(text) == kept


@pytest.mark.parametrize(
    "text",
    [
        "dari kemarin banjir sepinggang belum surut",
        "sejak semalam ada orang pingsan di pinggir jalan",
        "kemarin kebakaran dan sekarang apinya masih ada",
        "ada orang pingsan di depan pasar",
    ],
)
def test_what_goes_on_is_kept(text: str) -> None:
    assert present_part(text) != ""


def test_a_plea_for_a_quick_repair_is_no_danger() -> None:
    assert present_part("ada lubang besar, tolong cepat ditambal") == "ada lubang besar, ditambal"
    assert "tolong cepat" in present_part("tolong cepat ada orang tenggelam")
