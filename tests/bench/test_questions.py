"""The bench's citizens read the assistant's real questions (bot/domain/*.yml) right."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bench.citizen import Turn, count_loops, load_citizens, load_personas
from tests.bench.plans import TZ, is_open, load_facilities, make_plan, say_day
from tests.bench.questions import FaqIndex, kind_of, turn_kind

ROOT = Path(__file__).resolve().parents[2]


def responses() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (data.get("responses") or {}).items():
            out[name] = str(variants[0]["text"])
    return out


EXPECTED = {
    "utter_ask_complaint_category": "problem",
    "utter_complaint_intro": "problem",
    "utter_complaint_invalid_category_unknown": "problem",
    "utter_complaint_ask_description": "description",
    "utter_complaint_invalid_description_too_short": "description",
    "utter_ask_complaint_location": "location",
    "utter_complaint_invalid_location_unclear": "location",
    "utter_complaint_invalid_location_outside_city": "location",
    "utter_ask_complaint_photo": "photo",
    "utter_complaint_invalid_photo_missing": "photo",
    "utter_ask_complaint_privacy": "privacy",
    "utter_ask_complaint_contact_ok": "contact",
    "utter_ask_complaint_phone": "phone",
    "utter_complaint_invalid_phone_invalid": "phone",
    "utter_ask_complaint_nik": "nik",
    "utter_complaint_invalid_nik_invalid": "nik",
    "utter_complaint_summary": "complaint_summary",
    "utter_complaint_invalid_confirm_unclear": "complaint_summary",
    "utter_complaint_invalid_contact_unclear": "contact",
    "utter_complaint_invalid_privacy_unclear": "privacy",
    "utter_complaint_invalid_photo_send_now": "photo",
    "utter_form_to_officer": "offer_officer",
    "utter_complaint_duplicate_found": "duplicate",
    "utter_complaint_filed": "complaint_filed",
    "utter_complaint_status_public": "status",
    "utter_complaint_status_detail": "status",
    "utter_ask_ticket_code": "ticket_code",
    "utter_ask_booking_facility": "facility",
    "utter_booking_intro": "facility",
    "utter_ask_booking_date": "date",
    "utter_booking_err_date_unknown": "date",
    "utter_booking_err_date_past": "date",
    "utter_booking_err_closed_day": "date",
    "utter_ask_booking_time": "time",
    "utter_ask_booking_time_plain": "time",
    "utter_booking_err_time_unknown": "time",
    "utter_booking_err_outside_hours": "time",
    "utter_booking_err_slot_busy": "time",
    "utter_ask_booking_duration": "duration",
    "utter_booking_err_duration_unknown": "duration",
    "utter_booking_err_duration_out_of_range": "duration",
    "utter_ask_booking_people": "people",
    "utter_booking_err_over_capacity": "people",
    "utter_ask_booking_name": "name",
    "utter_booking_err_name_invalid": "name",
    "utter_ask_booking_phone": "phone",
    "utter_booking_err_phone_invalid": "phone",
    "utter_booking_summary": "booking_summary",
    "utter_booking_confirmed": "booking_done",
    "utter_ask_booking_code": "booking_code",
    "utter_booking_cancel_confirm": "cancel_confirm",
    "utter_booking_cancel_done": "cancel_done",
    "utter_greet": "menu",
    "utter_default": "not_understood",
    "utter_clarify": "clarify",
    "utter_emergency": "emergency",
    "utter_offer_officer": "offer_officer",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_question_kind_of_real_assistant_texts(name: str) -> None:
    texts = responses()
    if name not in texts:
        pytest.skip(f"{name} is no longer in bot/domain")
    text = texts[name].replace("{code}", "LPR-2026-000123")
    assert kind_of(text) == EXPECTED[name], text


def test_unmapped_text_is_unknown_and_the_citizen_is_confused() -> None:
    assert kind_of("Cuaca hari ini cerah sekali.") == "unknown"


def test_knowledge_base_answer_is_not_read_as_a_question() -> None:
    faq = FaqIndex()
    ktp = responses()["utter_faq/ktp_baru"]  # mentions "rekam foto"
    assert kind_of(ktp) == "photo"  # the words alone would mislead...
    assert turn_kind([{"text": ktp}], faq) == ("faq_answer", "ktp_baru")  # ...the turn does not
    photo = responses()["utter_ask_complaint_photo"]
    assert turn_kind([{"text": ktp}, {"text": photo}], faq)[0] == "photo"


def test_loops_are_runs_of_three_same_questions() -> None:
    def turn(kind: str, q: str) -> Turn:
        return Turn("x", [], kind, q)

    assert count_loops([turn("photo", "a"), turn("photo", "b"), turn("privacy", "c")]) == 0
    three = [turn("photo", "a"), turn("photo", "b"), turn("photo", "a")]
    assert count_loops(three) == 1
    assert count_loops([*three, turn("photo", "a"), turn("privacy", "c")]) == 1
    assert count_loops([turn("unknown", "?")] * 3) == 1  # same text, kind not recognised
    assert count_loops([turn("faq_answer", "ktp")] * 3) == 0  # answers are not questions


def test_every_citizen_has_a_plausible_plan_and_a_persona() -> None:
    personas = load_personas()
    facilities = load_facilities()
    now = datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
    citizens = load_citizens()
    assert len(citizens) >= 150
    for spec in citizens:
        assert spec.get("persona", "default") in personas or spec["persona"] in (
            "corrector",
            "digresser",
        )
        if "facility" in spec:
            plan = make_plan(spec, facilities, random.Random(0), now)
            assert is_open(plan.facility, plan.day, plan.hour, plan.length, now)
            assert plan.people <= plan.facility.capacity


def test_day_phrases() -> None:
    today = date(2026, 12, 2)  # a Wednesday
    assert say_day("besok", date(2026, 12, 3), today) == ("besok", {date(2026, 12, 3)})
    assert say_day("lusa", date(2026, 12, 3), today) is None
    phrase, means = say_day("depan", date(2026, 12, 3), today) or ("", set())
    assert phrase == "kamis depan" and means == {date(2026, 12, 3), date(2026, 12, 10)}
    assert say_day("minggu_depan", date(2026, 12, 12), today) == (
        "sabtu minggu depan",
        {date(2026, 12, 12)},
    )
    assert say_day("minggu_depan", date(2026, 12, 5), today) is None


def test_the_privacy_notice_asks_nothing() -> None:
    faq = FaqIndex()
    notice = responses()["utter_privacy_notice"]  # mentions "nomor telepon"
    ktp = responses()["utter_faq/ktp_baru"]
    assert turn_kind([{"text": notice}, {"text": ktp}], faq) == ("faq_answer", "ktp_baru")
    photo = responses()["utter_ask_complaint_photo"]
    assert turn_kind([{"text": notice}, {"text": photo}], faq)[0] == "photo"


def test_the_police_s_office_is_no_emergency() -> None:
    # an answer that a theft is the police's names "(keadaan darurat, telepon 110)"
    text = (
        "Laporan pencurian, penipuan atau kehilangan barang diurus di kepolisian, di polsek "
        "terdekat (keadaan darurat, telepon 110), bukan lewat layanan ini. Bila Anda perlu "
        "penjelasan lebih lanjut, saya bisa sambungkan Anda dengan petugas."
    )
    assert kind_of(text) == "offer_officer"
