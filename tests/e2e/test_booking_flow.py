"""Facility booking through the app's chat API and the real Rasa server: availability,
the booking form with bad input on the way, cancel and reschedule by code."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import httpx
import pytest

from app.services.dates_id import TZ, format_date
from tests.e2e.conftest import ChatClient, payloads, texts

pytestmark = pytest.mark.e2e

CODE_RE = re.compile(r"\bBK-[2-9A-HJ-NP-Z]{6}\b")


def lusa() -> str:
    return format_date((datetime.now(TZ) + timedelta(days=2)).date())


def chat(citizen: ChatClient, text: str, log: list[str]) -> list[dict]:
    out = citizen.say(text)
    log.append(f"> {text}")
    for m in out:
        buttons = " ".join(f"[{b['title']}]" for b in m.get("buttons", []))
        log.append(f"< {m['text']} {buttons}".rstrip())
    return out


def book_futsal(citizen: ChatClient, log: list[str], hour: str = "jam 7 malam") -> str:
    chat(citizen, "halo", log)
    out = chat(citizen, "saya mau pesan lapangan futsal", log)
    assert "tanggal berapa" in texts(out)
    out = chat(citizen, "31 Februari", log)
    assert "31 Februari tidak ada" in texts(out)
    assert "tanggal berapa" in texts(out) and len(out) == 1  # asked again in the same message
    assert payloads(out)  # with the free days as buttons
    out = chat(citizen, "lusa", log)
    assert "Jam berapa" in texts(out) and "Lapangan Futsal" in texts(out)
    assert payloads(out)  # free times as buttons
    out = chat(citizen, "jam 11 malam", log)
    assert "di luar jam buka" in texts(out) and "06.00-22.00" in texts(out)
    out = chat(citizen, hour, log)
    assert "Berapa lama" in texts(out)
    out = chat(citizen, "2 jam", log)
    assert "Berapa orang" in texts(out)
    out = chat(citizen, "20 orang", log)
    assert "hanya muat 14 orang" in texts(out)
    out = chat(citizen, "10 orang", log)
    assert "Atas nama siapa" in texts(out)
    out = chat(citizen, "Budi Santoso", log)
    assert "Nomor HP" in texts(out)
    out = chat(citizen, "0812 3456 7890", log)
    summary = texts(out)
    assert "Lapangan Futsal Taman Kota" in summary and lusa() in summary
    assert "10 orang" in summary and "Budi Santoso" in summary and "081234567890" in summary
    assert payloads(out) == ["ya", "batal"]
    out = chat(citizen, "ya", log)
    confirmed = texts(out)
    assert "Pemesanan berhasil" in confirmed
    (code,) = set(CODE_RE.findall(confirmed))
    return code


def test_availability_answer_has_free_slots_as_buttons(citizen):
    log: list[str] = []
    chat(citizen, "halo", log)
    out = chat(citizen, "ada lapangan tenis kosong lusa pagi?", log)
    text = texts(out)
    assert "Lapangan Tenis A" in text and "Lapangan Tenis B" in text and lusa() in text
    slots = [json.loads(p.removeprefix("/book_facility"))["booking_slot"] for p in payloads(out)]
    assert slots and all(s.split()[0] in ("tenis-a", "tenis-b") for s in slots)
    assert all(6 <= int(s.split()[2][:2]) < 11 for s in slots)  # pagi
    # One tap on a free time starts the form with facility, date and time filled.
    out = chat(citizen, payloads(out)[0], log)
    assert "Berapa lama" in texts(out)
    print("\n".join(log))


def test_booking_cancel_by_owner_only(system, citizen):
    log: list[str] = []
    code = book_futsal(citizen, log)
    ics = re.search(r"(/api/bookings/\S+\.ics\?t=\w+)", "\n".join(log))
    assert ics is not None
    cal = httpx.get(system.app_url + ics.group(1), timeout=10)
    assert cal.status_code == 200 and "BEGIN:VEVENT" in cal.text and code in cal.text
    # The same time is now taken for everyone else.
    other = ChatClient(system.app_url)
    try:
        out = chat(other, "ada lapangan futsal kosong lusa malam?", log)
        assert "19.00" not in [b["title"] for m in out for b in m.get("buttons", [])]
        out = chat(other, f"batalkan pesanan {code}", log)
        assert "bukan milik Anda" in texts(out)
        chat(other, "tidak", log)
    finally:
        other.http.close()
    out = chat(citizen, f"tolong batalkan {code}", log)
    assert "Yakin ingin dibatalkan" in texts(out) and code in texts(out)
    out = chat(citizen, "ya", log)
    assert f"{code} sudah dibatalkan" in texts(out)
    print("\n".join(log))


def test_reschedule_by_code(citizen):
    log: list[str] = []
    code = book_futsal(citizen, log, hour="jam 8 pagi")
    out = chat(citizen, f"ganti jadwal {code}", log)
    assert "tanggal berapa" in texts(out)
    out = chat(citizen, "kemarin", log)
    assert "sudah lewat" in texts(out)
    out = chat(citizen, "lusa", log)
    assert "Jam berapa" in texts(out)
    out = chat(citizen, "jam 3 sore", log)
    assert "dipindah dari" in texts(out) and "15.00-17.00" in texts(out)
    out = chat(citizen, "ya", log)
    assert "Jadwal sudah dipindah" in texts(out) and code in texts(out)
    print("\n".join(log))


def test_unknown_facility_and_stop(citizen):
    log: list[str] = []
    chat(citizen, "halo", log)
    out = chat(citizen, "saya mau pesan tempat", log)
    assert "Fasilitas mana" in texts(out) and len(payloads(out)) == 7
    out = chat(citizen, "kolam renang", log)
    assert "tidak ada dalam daftar" in texts(out)
    out = chat(citizen, "tidak jadi", log)
    assert "tidak dilanjutkan" in texts(out)
    print("\n".join(log))


def test_loser_of_a_race_is_offered_the_next_free_slots(system):
    """Two citizens reach the summary for the same court and time; the second "ya" loses
    and gets the next free times as buttons; one tap books the next one."""
    log: list[str] = []
    first, second = ChatClient(system.app_url), ChatClient(system.app_url)
    try:
        for who in (first, second):
            chat(who, "halo", log)
            out = chat(
                who, "saya mau pesan lapangan tenis b lusa jam 4 sore 1 jam untuk 2 orang", log
            )
            assert "Atas nama siapa" in texts(out)  # five slots from one sentence
            chat(who, "Rina Wati", log)
            out = chat(who, "081298765432", log)
            assert "pukul 16.00-17.00" in texts(out) and payloads(out) == ["ya", "batal"]
        assert "Pemesanan berhasil" in texts(chat(first, "ya", log))
        out = chat(second, "ya", log)
        # the time went while the second citizen read the summary: said once, with the
        # nearest free times as buttons, in one message
        assert len(out) == 1 and "sudah dipesan warga lain" in texts(out)
        offered = {b["title"]: b["payload"] for m in out for b in m.get("buttons", [])}
        assert "16.00" not in offered and "17.00" in offered
        out = chat(second, offered["17.00"], log)
        assert "pukul 17.00-18.00" in texts(out) and "Rina Wati" in texts(out)
        out = chat(second, "ya", log)
        assert "Pemesanan berhasil" in texts(out)
    finally:
        first.http.close()
        second.http.close()
    print("\n".join(log))


def test_a_full_day_is_said_once_and_the_next_answer_is_a_day(system):
    """The hall is taken all day; a second citizen asking that day is told so with the
    free days as buttons, and a day typed in words is then read as the day, not the time
    (it used to be read as a time, asked again and handed to an officer)."""
    from app.services.facilities import load_catalogue

    hall = load_catalogue().get("aula-kecamatan")
    assert hall is not None
    day = (datetime.now(TZ) + timedelta(days=3)).date()
    while hall.closed_reason(day) is not None or hall.opening(day) != hall.opening(
        day - timedelta(days=day.weekday())
    ):
        day += timedelta(days=1)  # a weekday the hall is open its full 8 hours
    when = format_date(day)
    log: list[str] = []
    first, second = ChatClient(system.app_url), ChatClient(system.app_url)
    try:
        chat(first, "halo", log)
        out = chat(first, f"pesan aula kecamatan {when} jam 8 pagi 8 jam untuk 40 orang", log)
        assert "Atas nama siapa" in texts(out)
        chat(first, "Panitia Musrenbang", log)
        chat(first, "081298760001", log)
        assert "Pemesanan berhasil" in texts(chat(first, "ya", log))
        chat(second, "halo", log)
        out = chat(second, f"saya mau pakai aula kecamatan {when}", log)
        assert len(out) == 1 and "sudah penuh" in texts(out)
        offered = {b["payload"]: b["title"] for m in out for b in m.get("buttons", [])}
        assert offered and day.isoformat() not in offered
        other = next(iter(offered.values()))
        out = chat(second, other.split(",")[-1].strip(), log)  # "10 Desember 2026", typed
        assert "Jam berapa" in texts(out) and other.split(",")[-1].strip() in texts(out)
    finally:
        first.http.close()
        second.http.close()
    print("\n".join(log))
