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
    # the complaint form starts: it offers the categories as buttons
    offered = payloads(citizen.say("/file_complaint"))
    assert any(p.startswith('/file_complaint{"complaint_category"') for p in offered)


def test_duplicate_delivery_answered_once(citizen):
    assert citizen.say("halo", message_id="m-1")
    assert citizen.say("halo", message_id="m-1") == []


def test_kiosk_page_served(system):
    resp = httpx.get(f"{system.app_url}/kiosk/", timeout=10)
    assert resp.status_code == 200 and 'lang="id"' in resp.text
    assert httpx.get(f"{system.app_url}/openapi.json", timeout=10).status_code == 200


NIK = "3201011508900001"
PHONE = "081298765432"


def test_a_nik_given_in_chat_is_found_nowhere_in_clear(system, citizen):
    """Issue 14: after a conversation that gave a NIK (and a phone number), neither is in
    any file under runtime/ (app database, Rasa's tracker store, logs) nor in Rasa's
    tracker; the internal doors are closed on the real ports."""
    citizen.say("halo")
    citizen.say(f"nik saya {NIK[:6]} {NIK[6:12]} {NIK[12:]}, nomor hp {PHONE}")
    citizen.say("jam buka kantor kelurahan?")
    conv = f"web:{citizen.session_id}"
    tracker = httpx.get(
        f"{system.rasa_url}/conversations/{conv}/tracker",
        params={"token": system.rasa_token},
        timeout=10,
    )
    assert tracker.status_code == 200
    assert f"#{NIK[-4:]}#v" in tracker.text and NIK not in tracker.text
    for path in system.runtime_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert NIK.encode() not in data, path
            if path.suffix == ".log":
                assert PHONE.encode() not in data, path
    # the doors: Rasa's API and channel need the token, the action endpoint the secret
    assert httpx.get(f"{system.rasa_url}/conversations/{conv}/tracker").status_code == 401
    hijack = {"sender": conv, "message": "/request_human"}
    assert httpx.post(f"{system.rasa_url}/webhooks/halo/webhook", json=hijack).status_code == 401
    assert httpx.post(f"{system.rasa_url}/webhooks/rest/webhook", json=hijack).status_code == 404
    action = {"next_action": "action_request_handoff", "sender_id": conv, "tracker": {}}
    assert httpx.post(f"{system.app_url}/actions/webhook", json=action).status_code == 403
    made_up = httpx.post(f"{system.app_url}/api/chat", json={"session_id": "a", "text": "halo"})
    assert made_up.status_code == 401


def test_see_and_erase_my_data_with_the_real_rasa(system, citizen):
    citizen.say("halo")
    citizen.say(f"nik saya {NIK}")
    conv = f"web:{citizen.session_id}"
    seen = texts(citizen.say("lihat data saya"))
    assert "/api/privacy/export/" in seen
    ask = citizen.say("saya mau menghapus semua data pribadi saya")
    assert "Lanjutkan?" in texts(ask)
    assert "sudah dihapus" in texts(citizen.say(payloads(ask)[0]))
    tracker = httpx.get(
        f"{system.rasa_url}/conversations/{conv}/tracker",
        params={"token": system.rasa_token},
        timeout=10,
    ).text
    assert f"#{NIK[-4:]}#" not in tracker and "nik saya" not in tracker
    # the assistant carries on with a fresh tracker (the notice is not shown twice)
    again = citizen.say("selamat pagi")
    assert payloads(again) == MENU and "Pelindungan Data Pribadi" not in texts(again)
