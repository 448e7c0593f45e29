""" "Maksud Anda ...?" offers a choice: one guess alone is filled with the topics that share the
citizen's word (CI: "ktp" got a single [Membuat KTP-el baru] button after a retraining)."""

from __future__ import annotations

from actions.inquiry_rank import suggestions
from app.services.knowledge import get_knowledge_base


def ids(text: str, candidates: list[tuple[str, float]]) -> list[str]:
    return [topic.id for topic in suggestions(get_knowledge_base(), text, candidates)]


def test_one_guess_is_filled_with_the_topics_sharing_the_word() -> None:
    picked = ids("ktp", [("ktp_baru", 0.5)])
    assert picked[0] == "ktp_baru" and len(picked) == 3
    assert {"ktp_hilang", "ktp_rusak"} <= set(picked)


def test_two_guesses_or_none_are_left_as_they_are() -> None:
    assert ids("ktp", [("ktp_baru", 0.5), ("kk_baru", 0.3)]) == ["ktp_baru", "kk_baru"]
    assert ids("asdf qwer", [("ktp_baru", 0.5)]) == ["ktp_baru"]  # nothing shares its words
    assert ids("asdf qwer", []) == []
