"""Bookings in natural speech (topic bookings5): a fee asked before any wish to book opens no
form; [Pesan sekarang] carries its facility; a question mid-booking about the place, its
things ("ada AC-nya?"), another facility or one the city does not lend is answered and the
booking kept; a refusal of the opening message's time is that turn's only question; a
cancel by "yang besok" or by a mistyped code finds the citizen's own booking."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import booking as bk
from actions.booking.asides import aside
from actions.booking.facts import wants_booking
from actions.booking.mine import typos
from actions.forms.base import REASKED
from app.services import bookings as svc
from app.services.dates_id import local
from tests.actions.booking_helpers import NOW, SAT, pinned_clock, run, tracker  # noqa: F401
from tests.booking_writes import FACILITIES, committed

FUTSAL_SAT = {"booking_facility": "futsal", "booking_date": SAT.isoformat()}


def book(engine: Any, facility: str, day: date, hour: int, owner: str = "web:warga1") -> str:
    phone = f"0812345678{hour:02d}"  # (one person may hold three bookings ahead)
    made = committed(
        engine, svc.book, FACILITIES, facility_id=facility, start=local(day, time(hour)),
        minutes=60, people=2, name="Warga", phone=phone, owner_id=owner, now=NOW,
    )  # fmt: skip
    return str(made.code)


# ---- (a) a fee asked, no wish to book: the answer, no form


@pytest.mark.parametrize(
    "text", ["berapa sewa aula kecamatan?", "sewa lapangan tenis berapa sih?", "futsal bayar ga?"]
)
async def test_a_fee_question_alone_is_answered_and_opens_no_form(text: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await bk.ActionBookingReset().run(dispatcher, tracker(text, loop=None), {})
    msgs = dispatcher.messages
    assert len(msgs) == 1 and "Biaya" in msgs[0]["text"]
    assert [b["title"] for b in msgs[0]["buttons"]] == ["Lihat jadwal kosong", "Pesan sekarang"]
    assert [(e["event"], e.get("name")) for e in events] == [("followup", "action_listen")]


async def test_a_fee_question_with_a_day_starts_the_booking() -> None:
    dispatcher = CollectingDispatcher()
    trk = tracker("mau sewa aula kecamatan sabtu, bayar ga?", loop=None)
    events = await bk.ActionBookingReset().run(dispatcher, trk, {})
    assert "Biaya" in dispatcher.messages[0]["text"]
    assert all(e["event"] == "slot" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "mau sewa aula kecamatan sabtu, bayar ga?",
        "aula kecamatan tanggal 30 jam 9 bayar berapa?",
        "pengen pinjem ruang melati, gratis kan?",
        "lapangan futsal buat 10 orang berapa sewanya?",
    ],
)
def test_a_wish_to_book_said_with_the_question(text: str) -> None:
    assert wants_booking(text, NOW.date())


@pytest.mark.parametrize(
    "text", ["berapa sewa aula kecamatan?", "gor bisa dipake buat badminton ga?"]
)
def test_only_asking(text: str) -> None:
    assert not wants_booking(text, NOW.date())


async def test_book_now_button_carries_its_facility() -> None:
    form = bk.ValidateBookingForm()
    one = tracker(
        '/book_facility{"facility_type": "aula-kecamatan"}',
        entities=[{"entity": "facility_type", "value": "aula-kecamatan"}],
    )
    assert await form.extract_booking_facility(None, one, {}) == {
        "booking_facility": "aula-kecamatan"
    }
    kind = tracker(
        '/book_facility{"facility_type": "lapangan_tenis"}',
        entities=[{"entity": "facility_type", "value": "lapangan_tenis"}],
    )
    assert await form.extract_booking_facility(None, kind, {}) == {
        "booking_facility": "lapangan tenis"
    }


# ---- (b) questions mid-booking: answered, the booking kept


async def test_another_facility_asked_mid_booking_keeps_the_booking() -> None:
    text = "eh bang, kalo aula kecamatan bisa dipake buat silat juga kagak?"
    trk = tracker(text, FUTSAL_SAT, requested="booking_name", intent="faq")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert slots.get("booking_facility", "futsal") == "futsal"
    assert slots.get("booking_name") is None
    said = " ".join(str(m.get("text") or "") for m in msgs)
    assert "Aula Kecamatan Sukamaju" in said and "Lapangan Futsal" in said
    titles = [b["title"] for m in msgs for b in m.get("buttons") or []]
    assert titles == ["Pindah ke Aula Kecamatan Sukamaju"]
    # the button moves the booking (at the name question too), and is no name
    moved = tracker(titles[0], FUTSAL_SAT, requested="booking_name")
    _, slots = await run(bk.ValidateBookingForm(), moved)
    assert slots["booking_facility"] == "aula-kecamatan" and slots.get("booking_name") is None


async def test_a_place_the_city_does_not_lend() -> None:
    trk = tracker("eh kalau lapangan basket ada ga?", FUTSAL_SAT, requested="booking_people")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert "lapangan basket tidak ada" in msgs[0]["text"]
    assert "Lapangan Futsal Taman Kota tetap" in msgs[0]["text"]
    assert slots.get("booking_facility", "futsal") == "futsal"


@pytest.mark.parametrize(
    ("facility", "question", "said"),
    [
        ("perpus-rapat-2", "oh iya, ruangannya ada AC-nya nggak ya?", "Ya, Ruang Rapat Kenanga"),
        ("aula-kecamatan", "ada AC-nya?", "AC tidak ada dalam daftar perlengkapan"),
        ("aula-kecamatan", "punten, aulana muat sabaraha urang?", "80 orang"),
        ("futsal", "eh bayar ga sih min?", "Rp75.000"),
        ("gor", "bisa pake sound system ga?", "pengeras suara"),
    ],
)
def test_a_question_about_the_place_being_booked(facility: str, question: str, said: str) -> None:
    fac = FACILITIES.get(facility)
    answer = aside(question, fac, FACILITIES)
    assert answer is not None and said in answer["text"] and answer["buttons"] == []


@pytest.mark.parametrize("text", ["jam 8 pagi", "10 orang", "Budi Santoso", "ya pesan"])
def test_answers_are_no_asides(text: str) -> None:
    assert aside(text, FACILITIES.get("futsal"), FACILITIES) is None


async def test_a_question_at_the_summary_is_no_no() -> None:
    full = {
        **FUTSAL_SAT, "booking_time": "08:00", "booking_duration": "60", "booking_people": "8",
        "booking_name": "Budi", "booking_phone": "081234567890",
    }  # fmt: skip
    trk = tracker("ada lampunya nggak buat malam?", full, requested="booking_confirm")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert slots.get("booking_confirm") != "tidak"
    assert "lampu" in msgs[0]["text"]


# ---- (c) the opening message's time taken: one question


async def test_a_taken_time_in_the_opening_message_is_the_only_question(engine: Any) -> None:
    book(engine, "tenis-a", SAT, 8, owner="web:other")
    trk = tracker("mau pesan lapangan tenis a sabtu jam 8 pagi", requested=None)
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert [m["response"] for m in msgs] == ["utter_booking_err_slot_busy"]
    assert msgs[0]["buttons"] and slots[REASKED] == "booking_time"


async def test_a_past_day_in_the_opening_message_comes_with_the_days(engine: Any) -> None:
    trk = tracker("mau pinjam aula kecamatan tanggal 20 november", requested=None)
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert [m["response"] for m in msgs] == ["utter_booking_err_date_past"]
    assert msgs[0]["buttons"] and slots[REASKED] == "booking_date"


# ---- (d) the citizen's own booking, without its code or with a typo


async def test_cancel_the_one_of_tomorrow(engine: Any) -> None:
    tomorrow = book(engine, "tenis-b", NOW.date() + timedelta(days=1), 10)
    book(engine, "futsal", NOW.date() + timedelta(days=2), 10)
    book(engine, "tenis-a", NOW.date() + timedelta(days=1), 12, owner="web:other")
    trk = tracker(
        "min batalin booking sy yg besok ya", requested=None, intent="cancel_booking",
        loop="cancel_booking_form",
    )  # fmt: skip
    _, slots = await run(bk.ValidateCancelBookingForm(), trk)
    assert slots["booking_code"] == tomorrow


async def test_a_code_typed_with_two_characters_swapped(engine: Any) -> None:
    code = book(engine, "futsal", NOW.date() + timedelta(days=4), 19)
    tail = code[3:]
    typed = "bk-" + (tail[:2] + tail[3] + tail[2] + tail[4:]).lower()
    trk = tracker(
        f"min batalin {typed} ya, ga jadi main", requested=None, intent="cancel_booking",
        loop="cancel_booking_form",
    )  # fmt: skip
    _, slots = await run(bk.ValidateCancelBookingForm(), trk)
    assert slots["booking_code"] == code


async def test_someone_elses_code_is_not_guessed(engine: Any) -> None:
    other = book(engine, "futsal", NOW.date() + timedelta(days=4), 19, owner="web:other")
    trk = tracker(
        f"batalkan {other}", requested=None, intent="cancel_booking", loop="cancel_booking_form"
    )
    msgs, slots = await run(bk.ValidateCancelBookingForm(), trk)
    assert slots.get("booking_code") is None
    assert msgs[0]["response"] == "utter_booking_err_not_owner"


def test_typos_counts_a_swap_as_one() -> None:
    assert typos("7K3M9Q", "7KM39Q") == 1
    assert typos("7K3M9Q", "7K3M9") == 1
    assert typos("7K3M9Q", "ABCDEF") == 6


async def test_the_length_said_with_an_availability_question_is_kept() -> None:
    # bench v-05: "... nanti sore jam 4 masih kosong ga? mau main 2 jam", then the 16.00
    # tap started a booking that asked "berapa lama?"
    text = "min lapangan futsal nanti sore jam 4 masih kosong ga? mau main 2 jam"
    trk = tracker(text, intent="check_availability", loop=None)
    msgs, slots = await run(bk.ActionCheckAvailability(), trk)
    assert msgs and slots == {"booking_facility": "futsal", "booking_duration": "120"}
    tap = '/book_facility{"booking_slot":"futsal 2026-11-23 16:00"}'
    entities = [{"entity": "booking_slot", "value": "futsal 2026-11-23 16:00"}]
    _, reset = await run(bk.ActionBookingReset(), tracker(tap, slots, entities=entities))
    assert "booking_duration" not in reset and reset["booking_time"] is None


async def test_a_question_about_another_place_gives_this_booking_no_hour() -> None:
    trk = tracker("kalau GOR jam 3 sore kosong ga?", FUTSAL_SAT, requested="booking_time")
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert slots == {"booking_time": None}
    assert "GOR Kota Contoh" in msgs[0]["text"]
    assert msgs[0]["buttons"] == [
        {"title": "Pindah ke GOR Kota Contoh", "payload": "Pindah ke GOR Kota Contoh"}
    ]


async def test_a_preference_said_as_a_question_still_moves_the_booking() -> None:
    trk = tracker("tenis b aja bisa?", FUTSAL_SAT, requested="booking_time")
    _, slots = await run(bk.ValidateBookingForm(), trk)
    assert slots["booking_facility"] == "tenis-b"


async def test_the_default_time_is_the_free_one_nearest_to_the_hour_asked(engine: Any) -> None:
    # bench v-07: "kalau jam 2 siang bisa?" refused a second time (13-15 taken) got 11.00,
    # the hour nearest to "siang", with 15.00 free
    for hour in (13, 14):
        book(engine, "tenis-a", SAT, hour, owner="web:other")
    slots = {**FUTSAL_SAT, "booking_facility": "tenis-a", "booking_period": "siang"}
    slots |= {"booking_duration": "60", "form_attempts": "booking_time:1"}
    trk = tracker("kalau jam 2 siang bisa?", slots, requested="booking_time")
    msgs, after = await run(bk.ValidateBookingForm(), trk)
    assert after["booking_time"] == "15:00"
    assert msgs[-1]["response"] == "utter_form_default_booking_time"


async def test_an_answer_given_ahead_is_said_back() -> None:
    # bench v-12: "kita ber10 min" to "berapa lama?" got the same question, not a word on
    # the 10 people taken
    slots = {**FUTSAL_SAT, "booking_time": "20:00"}
    msgs, after = await run(
        bk.ValidateBookingForm(), tracker("kita ber10 min", slots, requested="booking_duration")
    )
    assert after["booking_people"] == "10"
    assert msgs[0]["text"] == "Baik, saya catat: 10 orang."


async def test_days_offered_after_a_closed_day_are_around_it(engine: Any) -> None:
    # bench v-10: the library on Sunday 29 November, closed: the days around it
    trk = tracker("mau pinjem ruang melati hari minggu jam 10", requested=None)
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert [m["response"] for m in msgs] == ["utter_booking_err_closed_day"]
    days = [b["payload"] for b in msgs[0]["buttons"]]
    assert days == ["2026-11-27", "2026-11-28", "2026-11-30", "2026-12-01"]
    assert slots[REASKED] == "booking_date"


async def test_reschedule_the_one_of_tomorrow(engine: Any) -> None:
    tomorrow = book(engine, "tenis-b", NOW.date() + timedelta(days=1), 10)
    book(engine, "futsal", NOW.date() + timedelta(days=3), 10)
    trk = tracker(
        "ganti jadwal booking saya yang besok jadi jam 5 sore", requested=None,
        intent="reschedule_booking", loop="reschedule_booking_form",
    )  # fmt: skip
    _, slots = await run(bk.ValidateRescheduleBookingForm(), trk)
    assert slots["booking_code"] == tomorrow
    assert slots["booking_date"] == (NOW.date() + timedelta(days=1)).isoformat()
    assert slots["booking_time"] == "17:00"


async def test_a_full_day_in_the_opening_message_asks_the_day_and_keeps_the_hour(
    engine: Any,
) -> None:
    # bench w-19: "Rabu jam 10 sudah dipesan" came with Thursday's times, and "jam 10 pagi"
    # then booked Thursday without a word about Wednesday being full
    for hour in range(6, 22):
        book(engine, "tenis-a", SAT, hour, owner=f"web:other{hour}")
    trk = tracker("mau pesan lapangan tenis a sabtu jam 8 pagi", requested=None)
    msgs, slots = await run(bk.ValidateBookingForm(), trk)
    assert [m["response"] for m in msgs] == ["utter_booking_day_full"]
    days = [b["payload"] for b in msgs[0]["buttons"]]
    assert days and SAT.isoformat() not in days and "2026-11-29" in days
    assert slots["booking_date"] is None and slots["booking_time"] == "08:00"
    assert slots[REASKED] == "booking_date"


async def test_a_length_said_is_not_the_one_button_with_another_number(engine: Any) -> None:
    # bench b-aula-04: "4 jam" twice under [1 jam] (free until 09.00) was read as the
    # button and booked 08.00-09.00 without a word; now it is the second refusal: the
    # default, said
    wed = date(2026, 11, 25)
    book(engine, "aula-kecamatan", wed, 9, owner="web:other")
    slots = {"booking_facility": "aula-kecamatan", "booking_date": wed.isoformat()}
    slots |= {"booking_time": "08:00", "form_attempts": "booking_duration:1"}
    trk = tracker("4 jam", slots, requested="booking_duration")
    trk.events = [
        {
            "event": "bot",
            "text": "?",
            "data": {"buttons": [{"title": "1 jam", "payload": "1 jam"}]},
        },
        {"event": "user", "text": "4 jam"},
    ]
    msgs, after = await run(bk.ValidateBookingForm(), trk)
    assert [m["response"] for m in msgs] == ["utter_form_default_booking_duration"]
    assert after["booking_duration"] == "60"
