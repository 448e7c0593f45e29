"""A bare WhatsApp ping ("p") opens the chat as a greeting (bench w-09, w-10: it got "Maaf, saya
belum mengerti maksud Anda")."""

from __future__ import annotations

import pytest

from app.services.greeting_words import is_ping


@pytest.mark.parametrize("text", ["p", "P", "pp", "ppp", "ping", "P!", " p "])
def test_a_bare_ping(text: str) -> None:
    assert is_ping(text)


@pytest.mark.parametrize("text", ["p min", "pagi", "p 0812 3456 7890", "/greet", "", "pesan"])
def test_anything_else_is_read_as_it_is(text: str) -> None:
    assert not is_ping(text)
