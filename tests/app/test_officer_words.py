"""A plain request for a person goes to the assistant as the officer button (bench g-25: an
old man's "mau bicara sama orangnya langsung saja" got two facility menus)."""

from __future__ import annotations

import pytest

from app.services.officer_words import asks_for_officer

ASKS = [
    "Assalamualaikum nak, bapak ini sudah tua, tidak bisa pakai beginian. Bapak mau bicara"
    " sama orangnya langsung saja, bisa nak?",
    "tolong sambungkan ke petugas",
    "mau ngomong sama orang aja",
    "nyuwun disambungke kalih petugas nggih",
    "kula badhe matur kalih petugas, mboten kalih robot",
    "punten, abdi hoyong nyarios sareng petugas",
    # a person and only filler words (probe 2026-12-03: "ya udah petugas aja" at the booking
    # code question got the code's format again)
    "ya udah petugas aja",
    "yaudah ke admin aja deh",
    "langsung operator dong kak",
]
NOT = [
    "pedagangnya ngomong kasar sama orang lewat tiap hari",  # a complaint
    "saya mau hubungi orang tua saya",
    "bisa hubungi saya di 0812 3456 7890",
    "mau lapor lampu mati",
    "petugas",  # alone: Rasa's classifier reads it (request_human) as before
    "petugasnya mana",  # asks where one is
    "petugas dinas lambat sekali",  # a complaint about officers
    "admin tolong cek laporan saya",
    "/request_human",  # a button: as it is
    "",
]


@pytest.mark.parametrize("text", ASKS)
def test_asks_for_a_person(text: str) -> None:
    assert asks_for_officer(text)


@pytest.mark.parametrize("text", NOT)
def test_no_request_for_a_person(text: str) -> None:
    assert not asks_for_officer(text)
