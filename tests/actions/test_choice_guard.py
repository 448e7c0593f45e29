"""A reply that names its own day or time is no tap of a day button that shares a word or a
number with it (bench b-tenis-06: "lusa jam 10" booked "Kamis, 10 Desember"; b-gor-02:
"senin minggu depan" booked "Minggu, 13 Desember")."""

from __future__ import annotations

import pytest

from actions.forms.choice_guard import names_day_or_time

DAYS = [
    {"title": "Kamis, 10 Desember 2026", "payload": "2026-12-10"},
    {"title": "Minggu, 13 Desember 2026", "payload": "2026-12-13"},
]
FREE = [{"title": "09.00", "payload": '/book_facility{"booking_slot":"gor 2026-12-14 09:00"}'}]


@pytest.mark.parametrize("text", ["lusa jam 10", "senin minggu depan nak", "jam 9"])
def test_its_own_day_or_time(text: str) -> None:
    assert names_day_or_time(text, DAYS)
    assert names_day_or_time(text, FREE)


def test_a_choice_or_other_buttons() -> None:
    assert not names_day_or_time("yang kedua", DAYS)  # a choice: the button
    assert not names_day_or_time("jam 9", [{"title": "Biasa", "payload": "biasa"}])
