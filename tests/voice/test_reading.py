"""Reading a transcript as the short answer the kiosk expects (voice/reading.py).

Transcripts here are what the recogniser wrote in the benchmark and the audio tests
(misspellings included); the audio path itself is tested in test_expects.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from voice.hints import answer_prompt, domain_hotwords, domain_prompt, domain_words
from voice.reading import Expects, nearest, read

TODAY = date(2026, 12, 2)  # a Wednesday


def expects(kind: str, *titles: str) -> Expects:
    options = [{"title": t, "payload": f"/pick{{{i}}}"} for i, t in enumerate(titles)]
    return Expects.model_validate({"kind": kind, "options": options})


@pytest.mark.parametrize(
    ("heard", "index"),
    [
        ("Di bantu.", 0),  # split by the recogniser
        ("Dibantuk.", 0),
        ("Kasi.", 2),
        ("Sakit!", 1),
        ("yang ketiga", 2),  # the core's ordinals
        ("Bis.", 3),
        ("Bus saja", 3),
    ],
)
def test_choice_snaps_to_the_nearest_title(heard: str, index: int) -> None:
    reading = read(heard, expects("choice", "Dibantu", "Sakit", "Kasih", "Bus"), TODAY)
    assert reading.understood and reading.value == index
    assert reading.payload == f"/pick{{{index}}}"
    assert reading.display == ["Dibantu", "Sakit", "Kasih", "Bus"][index]
    assert reading.bot_text == reading.display


@pytest.mark.parametrize("heard", ["Selamat malam semuanya.", "Halo", "Ke", ""])
def test_choice_refuses_to_guess(heard: str) -> None:
    reading = read(heard, expects("choice", "Dibantu", "Sakit", "Kasih", "Bus"), TODAY)
    assert not reading.understood
    assert reading.value is None and reading.display is None and reading.payload is None


def test_choice_between_two_near_titles_is_not_guessed() -> None:
    # "Tenis" is as near to A as to B: the kiosk asks again instead of booking the wrong court
    titles = ("Lapangan Tenis A", "Lapangan Tenis B")
    assert not read("lapangan tenis", expects("choice", *titles), TODAY).understood
    assert read("tenis b", expects("choice", *titles), TODAY).value == 1


def test_nearest_uses_words_in_any_order_and_letters_without_spaces() -> None:
    titles = ["Ruang Rapat Melati", "Ruang Rapat Kenanga", "GOR Kota Contoh"]
    assert nearest("melati ruang rapat", titles) == (0, 100.0)
    found = nearest("gorkota contoh", titles)
    assert found is not None and found[0] == 2
    assert nearest("", titles) is None


@pytest.mark.parametrize(
    ("heard", "value"),
    [("Iya.", True), ("Ya, betul.", True), ("Tidak.", False), ("Tida.", False), ("Nggak", False)],
)
def test_yes_no(heard: str, value: bool) -> None:
    reading = read(heard, expects("yes_no"), TODAY)
    assert reading.understood and reading.value is value
    assert reading.display == ("Ya" if value else "Tidak")


def test_yes_no_with_buttons_answers_with_the_button() -> None:
    question = expects("yes_no", "Ya, pesan", "Tidak jadi")
    yes = read("Iya.", question, TODAY)
    assert (yes.value, yes.payload, yes.bot_text) == (True, "/pick{0}", "Ya, pesan")
    no = read("Enggak.", question, TODAY)
    assert (no.value, no.payload) == (False, "/pick{1}")
    assert not read("Selamat pagi", question, TODAY).understood


def test_a_yes_or_no_is_never_taken_from_likeness_alone() -> None:
    # a fragment that only looks like a button's words is asked again, never read as a no
    question = expects("yes_no", "Ya, pesan", "Tidak, batal")
    assert not read("tida batal", question, TODAY).understood
    assert read("tidak", question, TODAY).value is False  # a clear no still counts


@pytest.mark.parametrize(
    ("kind", "heard", "value", "display"),
    [
        ("number", "dua puluh lima", 25, "25"),
        ("number", "12 orang.", 12, "12"),
        ("digits", "Kosong delapan lima tujuh tiga.", "08573", "08573"),
        ("digits", "3175092", "3175092", "3175 092"),
        ("phone", "0812-3456-7890", "081234567890", "0812 3456 7890"),
        (
            "phone",
            "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan",
            "08123456789",
            "0812 3456 789",
        ),
        ("date", "Lima Desember.", "2026-12-05", "Sabtu, 5 Desember 2026"),
        ("date", "besok", "2026-12-03", "Kamis, 3 Desember 2026"),
        ("time", "Jam tiga sore.", "15:00", "15.00"),
        ("time", "setengah sembilan pagi", "08:30", "08.30"),
        ("time", "sembilan", "09:00", "09.00"),
    ],
)
def test_values(kind: str, heard: str, value: object, display: str) -> None:
    reading = read(heard, expects(kind), TODAY)
    assert reading.understood, reading
    assert (reading.value, reading.display) == (value, display)


@pytest.mark.parametrize(
    ("kind", "heard"),
    [
        ("number", "Selamat pagi."),
        ("digits", "Halo halo"),
        ("phone", "satu dua tiga"),  # digits, but not a mobile number
        ("date", "Terima kasih."),
        ("time", "jam berapa ya"),
        ("time", "empat puluh"),  # no hour of the day
    ],
)
def test_values_not_understood(kind: str, heard: str) -> None:
    reading = read(heard, expects(kind), TODAY)
    assert not reading.understood and reading.value is None and reading.bot_text is None


def test_expects_is_validated() -> None:
    with pytest.raises(ValidationError):
        Expects.model_validate({"kind": "choice", "options": []})
    with pytest.raises(ValidationError):
        Expects.model_validate({"kind": "address"})
    with pytest.raises(ValidationError):
        Expects.model_validate({"kind": "choice", "options": [{"title": ""}]})
    assert Expects.model_validate_json('{"kind": "date"}').options == []


def test_hints_come_from_the_city_data() -> None:
    words = domain_words()
    assert {"Sukamaju", "Cibening", "Jalan Merdeka", "Pohon tumbang"} <= set(words)
    prompt = domain_prompt()
    assert "RT" in prompt and "RW" in prompt and "Sukamaju" in prompt
    assert len(prompt) <= 430 and len(domain_hotwords()) <= 430
    assert answer_prompt("choice", ["Ruang Rapat Melati (Perpustakaan)", "GOR"]) == (
        "Ruang Rapat Melati. GOR."
    )
    assert "Tidak" in answer_prompt("yes_no")
    assert not any(
        ch.isdigit() for k in ("number", "phone", "date", "time") for ch in answer_prompt(k)
    )


def test_the_hint_follows_the_question() -> None:
    from voice.stt import SpeechToText, SttConfig

    stt = SpeechToText(SttConfig(domain_hint="prompt"))  # no model needed to choose the hint
    assert stt.hint(expects("text")) == {"initial_prompt": domain_prompt()}
    choice = expects("choice", "Ruang Rapat Melati", "GOR Kota Contoh")
    assert stt.hint(choice) == {"initial_prompt": "Ruang Rapat Melati. GOR Kota Contoh."}
    assert stt.hint(None) == {"initial_prompt": domain_prompt()}
    assert stt.hint(expects("number"))["initial_prompt"].startswith("Jumlahnya")
    plain = SpeechToText(SttConfig(domain_hint="none", answer_hint=False))
    assert plain.hint(choice) == {} and plain.hint(None) == {}
    assert SpeechToText(SttConfig(domain_hint="hotwords")).hint(None) == {
        "hotwords": domain_hotwords()
    }
    default = SpeechToText(SttConfig())  # the measured default: no domain prompt
    assert default.hint(None) == {} and default.hint(expects("yes_no")) != {}


def test_the_kiosks_structured_prompt_is_accepted_as_it_is() -> None:
    # actions/forms/prompts.py sends more keys and kinds than speech can read
    prompt = {"kind": "text", "slot": "complaint_description", "options": [], "free": True}
    assert read("Lampu jalan mati sejak kemarin.", Expects.model_validate(prompt)) is None
    nik = Expects.model_validate({"kind": "number", "slot": "complaint_nik", "digits": 16})
    reading = read("3175 0912 3456 7890", nik, TODAY)
    assert reading is not None and reading.value == "3175091234567890"
    short = read("3175 0912", nik, TODAY)
    assert short is not None and not short.understood  # a NIK has 16 digits


def test_a_date_or_time_among_offered_ones_carries_its_payload() -> None:
    dates = Expects.model_validate(
        {
            "kind": "date",
            "options": [
                {"title": "Jumat, 4 Desember", "payload": "2026-12-04"},
                {"title": "Sabtu, 5 Desember", "payload": "2026-12-05"},
            ],
        }
    )
    reading = read("Lima Desember.", dates, TODAY)
    assert reading is not None and reading.payload == "2026-12-05"
    times = expects("time", "09.00", "15.00")
    reading = read("jam tiga sore", times, TODAY)
    assert reading is not None and (reading.value, reading.payload) == ("15:00", "/pick{1}")
    reading = read("jam delapan pagi", times, TODAY)  # read, but no such slot offered
    assert reading is not None and reading.understood and reading.payload is None
