"""A topic named in a few words under "Maksud Anda ...?" is the tap of its button ("yang
hilang" was read as a greeting and the citizen got the welcome menu again)."""

from __future__ import annotations

from app.services.typed_slots import typed_topic

CLARIFY = [
    {"title": "Membuat KTP-el baru", "payload": '/faq{"faq_topic":"ktp_baru"}'},
    {"title": "KTP-el hilang", "payload": '/faq{"faq_topic":"ktp_hilang"}'},
    {"title": "Bicara dengan petugas", "payload": "/request_human"},
]


def test_a_few_words_naming_one_topic_are_its_button() -> None:
    assert typed_topic(CLARIFY, "yang hilang") == '/faq{"faq_topic":"ktp_hilang"}'
    assert typed_topic(CLARIFY, "yang baru aja") == '/faq{"faq_topic":"ktp_baru"}'
    assert typed_topic(CLARIFY, "yang kedua") == '/faq{"faq_topic":"ktp_hilang"}'
    assert typed_topic(CLARIFY, "petugas aja") == "/request_human"


def test_anything_else_goes_to_the_assistant_as_said() -> None:
    assert typed_topic(CLARIFY, "saya mau tanya hal lain saja ya") is None  # long
    assert typed_topic(CLARIFY, "akta kelahiran") is None  # no button's words
    menu = [{"title": "Lapor masalah", "payload": "/file_complaint"}]
    assert typed_topic(menu, "lapor") is None  # no topic question: the classifier reads it
    assert typed_topic([], "yang hilang") is None
