"""An RT or RW corrected on its own at a later question ("eh salah rt 6 maksudnya" at the
photo question): the address's number changes (probe of 2026-12-03: the words were added to
the description and the report went out with the wrong RT)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from actions.complaint import reading as rd
from tests.actions.complaint_helpers import answer

SAID = {
    "complaint_category": "banjir",
    "complaint_description": "saluran air mampet bikin banjir",
    "complaint_location": "gang mawar 2 rt 5",
}


@pytest.mark.parametrize(
    ("current", "text", "fixed"),
    [
        ("gang mawar 2 rt 5", "eh salah rt 6 maksudnya", "gang mawar 2 rt 6"),
        ("Jl. Kenari RT 03 RW 02", "ralat, rw 4", "Jl. Kenari RT 03 RW 4"),
        ("gang mawar 2", "salah, rt 7", "gang mawar 2 RT 7"),
    ],
)
def test_the_number_changes(current: str, text: str, fixed: str) -> None:
    assert rd.replaced_in(current, text) == fixed


async def test_at_the_photo_question(engine: Engine) -> None:
    said, slots, _ = await answer("complaint_photo", "eh salah rt 6 maksudnya", slots=SAID)
    assert slots["complaint_location"] == "gang mawar 2 rt 6"
    assert (
        slots.get("complaint_description", SAID["complaint_description"])
        == (SAID["complaint_description"])
    )
    assert slots.get("complaint_photo") is None  # the photo is still asked
    assert said  # told that the address was changed, and the photo asked again
