"""Complaints through the real Rasa server and the app: filed in chat, status checked,
a staff status change pushed to the reporter, a duplicate detected and followed, rated."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from app.launcher import LocalSystem
from app.models import StaffRole
from app.services import complaints as svc
from app.services.staff import create_staff
from tests.e2e.conftest import ChatClient, payloads, texts

pytestmark = pytest.mark.e2e

CODE_RE = re.compile(r"LPR-\d{4}-\d{6}")


@pytest.fixture(scope="module")
def staff_headers(system: LocalSystem) -> dict[str, str]:
    engine = make_engine(Settings(runtime_dir=system.runtime_dir))
    name = f"petugas{uuid.uuid4().hex[:6]}"
    with Session(engine) as s:
        create_staff(s, username=name, password="rahasia-123", role=StaffRole.SUPERVISOR)
    engine.dispose()
    r = httpx.post(
        f"{system.app_url}/api/staff/login",
        json={"username": name, "password": "rahasia-123"},
        timeout=10,
    )
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def neighbour(system: LocalSystem) -> Iterator[ChatClient]:
    client = ChatClient(system.app_url)
    yield client
    client.http.close()


def set_status(system: LocalSystem, headers: dict[str, str], code: str, status: str, **kw: str):
    r = httpx.post(
        f"{system.app_url}/api/staff/complaints/{code}/status",
        json={"status": status, **kw},
        headers=headers,
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return r.json()


def updates(system: LocalSystem, session_id: str, after: int = 0) -> dict:
    r = httpx.get(
        f"{system.app_url}/api/chat/{session_id}/updates", params={"after": after}, timeout=10
    )
    return r.json()


def test_complaint_filed_checked_updated_duplicated_rated(
    system: LocalSystem, citizen: ChatClient, neighbour: ChatClient, staff_headers: dict
) -> None:
    citizen.say("halo")
    # 1. one message gives category, description and location
    out = citizen.say("lampu jalan mati di jl melati rt 03 kelurahan sukamaju", message_id="c-1")
    assert "foto" in texts(out).lower() and "lewati" in payloads(out)
    assert len(out) == 1, texts(out)  # just the photo question: no complaint about empties
    # a "photo" step answered with text that is neither a photo nor a "no": asked again
    # once, as one message with the reason and the button
    out = citizen.say("sebentar")
    assert len(out) == 1 and "fotonya belum saya terima" in texts(out).lower()
    assert "lewati" in payloads(out)
    out = citizen.say("lewati")
    assert payloads(out) == ["biasa", "anonim", "rahasia"]
    out = citizen.say("biasa")
    assert payloads(out) == ["ya", "tidak"]
    assert "nomor hp" in texts(citizen.say("ya")).lower()
    assert "kurang tepat" in texts(citizen.say("12345"))
    assert "NIK" in texts(citizen.say("0812 3456 7890"))
    assert "tidak valid" in texts(citizen.say("1234567890123456"))
    summary = texts(citizen.say("lewati"))
    assert "Lampu penerangan jalan mati" in summary and "sukamaju" in summary.lower()
    assert "0812" in summary
    # 2. correct the location, try one outside the city first
    assert "di mana lokasinya" in texts(citizen.say("ubah lokasi")).lower()
    assert "di luar wilayah" in texts(citizen.say("Jl. Pemuda 5, Surabaya"))
    summary = texts(citizen.say("Jl. Melati RT 03, Sukamaju"))
    assert "Mohon periksa laporan Anda" in summary
    # 3. file it; the same channel message delivered twice files once
    filed = citizen.say("kirim", message_id="c-send")
    assert citizen.say("kirim", message_id="c-send") == []
    code = CODE_RE.search(texts(filed))
    assert code, texts(filed)
    ticket = code.group(0)
    assert "Dinas Perhubungan" in texts(filed)
    # 4. status: details for the reporter, status only for anyone else
    mine = texts(citizen.say(f"cek {ticket}"))
    assert "diterima" in mine and "Melati" in mine
    neighbour.say("halo")
    theirs = texts(neighbour.say(f"status {ticket}"))
    assert "diterima" in theirs and "Melati" not in theirs
    # 5. staff change the status: pushed to the reporter's web chat
    before = updates(system, citizen.session_id or "")["last_id"]
    set_status(system, staff_headers, ticket, "diverifikasi", note="Sudah dicek lokasi")
    pushed = updates(system, citizen.session_id or "", before)
    assert any(ticket in m["text"] and "diverifikasi" in m["text"] for m in pushed["messages"])
    # 6. the neighbour reports the same lamp: duplicate offered and followed
    out = neighbour.say("lampu jalan di jalan melati rt 3 sukamaju mati total")
    assert ticket in texts(out) and payloads(out) == ["ikuti", "baru"]
    out = neighbour.say("ikuti")
    assert f"mengikuti laporan {ticket}" in texts(out)
    with Session(make_engine(Settings(runtime_dir=system.runtime_dir))) as s:
        same_place = svc.list_complaints(s, svc.ComplaintFilters(q="melati"))
        assert len(same_place) == 1
    # 7. finished: both are told; the reporter rates it low, with a comment
    n_before = updates(system, neighbour.session_id or "")["last_id"]
    for st in ("didisposisikan", "diproses", "selesai"):
        set_status(system, staff_headers, ticket, st, note=f"tahap {st}")
    done = updates(system, citizen.session_id or "", before)["messages"][-1]
    assert "selesai" in done["text"] and len(done["buttons"]) == 5
    assert any(
        "selesai" in m["text"]
        for m in updates(system, neighbour.session_id or "", n_before)["messages"]
    )
    ask = citizen.say(done["buttons"][1]["payload"])  # rating 2
    assert "komentar" in texts(ask).lower()
    saved = texts(citizen.say("lampunya berkedip lagi malamnya"))
    assert ticket in saved and "ditinjau" in saved
    detail = httpx.get(
        f"{system.app_url}/api/staff/complaints/{ticket}", headers=staff_headers, timeout=10
    ).json()
    assert detail["rating"] == 2 and detail["flagged_for_review"] is True
    assert detail["rating_comment"] == "lampunya berkedip lagi malamnya"
    assert [h["to_status"] for h in detail["history"]][:5] == [
        "diterima",
        "diverifikasi",
        "didisposisikan",
        "diproses",
        "selesai",
    ]


def test_menu_button_then_buttons_and_bad_input(citizen: ChatClient) -> None:
    citizen.say("halo")
    out = citizen.say("/file_complaint")
    assert len(out) == 1 and "ceritakan masalahnya" in texts(out).lower()
    assert '/file_complaint{"complaint_category": "sampah"}' in payloads(out)
    # thanks is no answer: the citizen hears the report is not sent yet, and is asked again
    out = citizen.say("terima kasih")
    assert "belum terkirim" in texts(out) and "ceritakan masalahnya" in texts(out).lower()
    assert "belum saya kenali" in texts(citizen.say("ada ufo mendarat"))
    out = citizen.say('/file_complaint{"complaint_category": "sampah"}')
    assert "kategori Sampah" in texts(out)
    assert "terlalu singkat" in texts(citizen.say("bau"))
    evil = "<script>alert(1)</script> sampah menumpuk'; DROP TABLE complaint;--"
    assert "lokasinya" in texts(citizen.say(evil)).lower()
    assert "belum jelas" in texts(citizen.say("pokoknya di sana"))
    citizen.say("Pasar Kebonsari, Kota Tengah")
    citizen.say("lewati")
    citizen.say("rahasia")
    summary = texts(citizen.say("tidak"))
    assert "<script>alert(1)</script>" in summary  # plain text, never interpreted
    assert "Rahasia" in summary
    out = citizen.say("batal")
    assert "dibatalkan" in texts(out)


def test_turn_times(system: LocalSystem) -> None:
    """Measured, not asserted tightly: printed for the report (pytest -s)."""
    client = ChatClient(system.app_url)
    steps = [
        "halo",
        "sampah menumpuk di depan pasar sidomulyo sudah tiga hari",
        "lewati",
        "anonim",
        "tidak",
        "kirim",
    ]
    times = []
    for text in steps:
        start = time.perf_counter()
        out = client.say(text)
        times.append(time.perf_counter() - start)
        assert out
    client.http.close()
    print("\nturn times (s):", ", ".join(f"{t:.2f}" for t in times))
    assert CODE_RE.search(texts(out))
