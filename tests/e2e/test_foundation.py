"""A short Indonesian conversation through the app's HTTP API and the real Rasa server."""

import httpx
import pytest

from tests.e2e.conftest import payloads, texts

pytestmark = pytest.mark.e2e

MENU = ["/ask_info", "/file_complaint", "/book_facility", "/request_human"]


def test_health_reports_every_part_up(system):
    body = httpx.get(f"{system.app_url}/health", timeout=10).json()
    assert body["status"] == "ok"
    assert {k: v["ok"] for k, v in body["parts"].items()} == {
        "database": True,
        "rasa": True,
        "action_endpoint": True,
    }


def test_first_contact_privacy_notice_then_greeting_with_menu(citizen):
    first = citizen.say("halo")
    assert "Pelindungan Data Pribadi" in first[0]["text"]
    assert "365 hari" in first[0]["text"]
    assert "selamat datang" in texts(first[1:]).lower()
    assert payloads(first) == MENU
    # the notice is shown once per conversation
    again = citizen.say("selamat pagi")
    assert "Pelindungan Data Pribadi" not in texts(again)
    assert payloads(again) == MENU


def test_small_talk_and_help(citizen):
    citizen.say("halo")
    assert payloads(citizen.say("sy bingung, bisa bantu apa aja?")) == MENU
    assert "sama-sama" in texts(citizen.say("makasih ya")).lower()
    out = citizen.say("siapa pemenang piala dunia tahun lalu")
    assert "di luar layanan" in texts(out)
    assert payloads(out) == MENU
    assert "sampai jumpa" in texts(citizen.say("udah dulu ya, dadah")).lower()


def test_menu_buttons_are_understood(citizen):
    citizen.say("halo")
    assert "pertanyaan" in texts(citizen.say("/ask_info")).lower()
    assert "laporkan" in texts(citizen.say("/file_complaint")).lower()


def test_duplicate_delivery_answered_once(citizen):
    assert citizen.say("halo", message_id="m-1")
    assert citizen.say("halo", message_id="m-1") == []


def test_kiosk_page_served(system):
    resp = httpx.get(f"{system.app_url}/kiosk/", timeout=10)
    assert resp.status_code == 200 and 'lang="id"' in resp.text
    assert httpx.get(f"{system.app_url}/openapi.json", timeout=10).status_code == 200
