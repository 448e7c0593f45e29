"""When the classifier is lost, the words of the message may still name the service
("batal BK-...", "saya mau melapor ...", a facility): that service starts, no clarifying
menu, no officer. Questions stay questions."""

from __future__ import annotations

import pytest

from actions.switch import service_in_words


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("batal BK-7K3M9Q", "cancel_booking"),
        ("tolong batalkan bk 7k3m9q ya", "cancel_booking"),
        ("ganti jadwal BK-7K3M9Q ke besok", "reschedule_booking"),
        ("bukan itu nak, saya mau melapor, ktp belum jadi nak", "file_complaint"),
        ("mau lapor", "file_complaint"),
        ("bisa pinjem ruang melati lusa gak", "book_facility"),
        ("ruang melati tanggal 3", "book_facility"),
        ("futsal", "book_facility"),
        ("lampu di gang kami sudah seminggu tidak menyala", "file_complaint"),
    ],
)
def test_service_named_by_words(text: str, intent: str) -> None:
    assert service_in_words(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "halo",
        "jadwal truk sampah lewat kampung",
        "syarat pinjam aula apa",
        "apa itu pju?",
        "BK-7K3M9Q",
        "qwerty zxcv",
    ],
)
def test_nothing_guessed(text: str) -> None:
    assert service_in_words(text) is None
