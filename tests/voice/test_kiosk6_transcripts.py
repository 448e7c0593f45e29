"""kiosk6: a free-speech transcript of an elderly speaker is cleaned before the bot reads it:
hesitations and restarts said once, the numbers of an address in digits; plurals, phone
numbers and corrections kept."""

from __future__ import annotations

import pytest

from voice.spoken import normalize


@pytest.mark.parametrize(
    ("heard", "text"),
    [
        (
            "eee nak saya mau tanya saya mau tanya anu ka te pe saya hilang",
            "nak saya mau tanya ka te pe saya hilang",
        ),
        (
            "eee pohon pohon mangga di di depan esde roboh",
            "pohon pohon mangga di depan esde roboh",
        ),
        ("nomor saya nol delapan satu satu dua dua ya", "nomor saya 081122 ya"),
        ("jam delapan eh bukan jam sembilan pagi", "jam 08:00 eh bukan jam 09:00"),
        (
            "eee di jalan jati kembang nomor tiga puluh dua eee sumbersari nak",
            "di jalan jati kembang nomor 32 sumbersari nak",
        ),
        (
            "solokan di jalan cikuda rt dua rw tujuh tegalsari",
            "solokan di jalan cikuda rt 2 rw 7 tegalsari",
        ),
        ("rt nol tiga rw nol lima", "rt 03 rw 05"),
        ("gang tiga sebelah mushola", "gang 3 sebelah mushola"),
        ("nomor nol delapan satu dua tiga empat lima enam", "nomor 08123456"),
    ],
)
def test_free_speech_is_cleaned(heard: str, text: str) -> None:
    assert normalize(heard) == text


def test_expected_answers_are_not_touched() -> None:
    # a phone number said twice over is the caller's to read, digit by digit
    assert normalize("satu dua satu dua", "phone") == "1212"
    assert normalize("eee jam tiga sore", "time").endswith("jam 15:00")
