"""A change of mind is no cancel; a round number said roughly is that number."""

from __future__ import annotations

import pytest

from core.lang.answers import changed_to, is_cancel, is_skip
from core.lang.when import find_people


@pytest.mark.parametrize(
    ("said", "instead"),
    [
        ("eh ga jadi futsal deh, tenis b aja", "tenis b"),
        ("bukan futsal tapi tenis", "tenis"),
        ("ganti ke aula aja", "aula"),
        ("nggak jadi deh", None),
        ("gak jadi, nanti aja", None),
        ("tidak jadi, makasih", None),
    ],
)
def test_what_the_citizen_wants_instead(said: str, instead: str | None) -> None:
    assert changed_to(said) == instead
    if said.startswith(("eh ga jadi", "nggak jadi", "gak jadi", "tidak jadi")):
        assert is_cancel(said) is (instead is None)


@pytest.mark.parametrize(
    ("said", "people"),
    [("sepuluhan orang lah", 10), ("dua puluhan orang", 20), ("lima belasan orang", 15)],
)
def test_roughly_a_number_of_people(said: str, people: int) -> None:
    assert find_people(said) == people


def test_not_knowing_written_short() -> None:
    assert is_skip("ga tau min, pokoknya depan rumah gw") and is_skip("gatau nama jalannya")
