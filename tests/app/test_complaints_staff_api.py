"""Staff complaints API: authentication, filters, search, status change pushed to the
reporter, dinas assignment, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.api import complaints_staff, staff_auth
from app.api.errors import install as install_error_handler
from app.config import Settings
from app.context import AppContext
from app.models import StaffRole
from app.services import complaints as svc
from app.services.conversations import get_or_create_conversation, transcript
from app.services.outbound import Outbound
from app.services.staff import create_staff


@pytest.fixture
def client(engine: Engine, settings: Settings) -> TestClient:
    with Session(engine) as s:
        create_staff(s, username="sari", password="rahasia-123", role=StaffRole.AGENT)
        create_staff(s, username="budi", password="rahasia-456", role=StaffRole.SUPERVISOR)
        create_staff(s, username="dlh", password="rahasia-789", dinas_code="DLH")
        get_or_create_conversation(s, "web", "warga1")
        for cat, desc, privacy in (
            ("lampu_jalan", "Lampu jalan mati di Jl. Melati", "biasa"),
            ("sampah", '=HYPERLINK("http://x") sampah menumpuk', "anonim"),
            ("sampah", "<b>Sampah</b> belum diangkut seminggu", "rahasia"),
        ):
            svc.create_complaint(
                s,
                svc.ComplaintDraft(
                    category=cat,
                    description=desc,
                    place=svc.place_from_point(-6.99, 110.41),
                    privacy=svc.Privacy(privacy),
                    reporter_conversation_id="web:warga1",
                    reporter_name="Warga Satu",
                    reporter_phone="081234567890",
                ),
                secret_key="k",
            )
    api = FastAPI()
    install_error_handler(api)  # as create_app does: the error tree answers
    api.state.ctx = AppContext(engine=engine, settings=settings, outbound=Outbound(engine))
    api.include_router(staff_auth.router)
    api.include_router(complaints_staff.router)
    return TestClient(api)


def auth(client: TestClient, user: str, password: str) -> dict[str, str]:
    r = client.post("/api/staff/login", json={"username": user, "password": password})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_no_anonymous_access(client: TestClient) -> None:
    assert client.get("/api/staff/complaints").status_code == 401
    r = client.post("/api/staff/complaints/LPR-2026-000001/status", json={"status": "diverifikasi"})
    assert r.status_code == 401
    assert client.get("/api/staff/complaints/export.csv").status_code == 401


def test_list_filter_search(client: TestClient) -> None:
    h = auth(client, "sari", "rahasia-123")
    assert len(client.get("/api/staff/complaints", headers=h).json()) == 3
    only = client.get("/api/staff/complaints", params={"category": "sampah"}, headers=h).json()
    assert {c["category"] for c in only} == {"sampah"} and len(only) == 2
    found = client.get("/api/staff/complaints", params={"q": "melati"}, headers=h).json()
    assert [c["description"] for c in found] == ["Lampu jalan mati di Jl. Melati"]
    anon = next(c for c in only if c["privacy"] == "anonim")
    assert anon["reporter_phone"] is None and anon["reporter_name"] is None
    # a dinas officer sees only the dinas's tickets
    hd = auth(client, "dlh", "rahasia-789")
    assert {c["dinas_code"] for c in client.get("/api/staff/complaints", headers=hd).json()} == {
        "DLH"
    }
    lampu = client.get("/api/staff/complaints", params={"q": "melati"}, headers=h).json()[0]
    assert (
        client.get(f"/api/staff/complaints/{lampu['ticket_code']}", headers=hd).status_code == 404
    )


def test_status_change_pushes_to_reporter(client: TestClient, engine: Engine) -> None:
    h = auth(client, "sari", "rahasia-123")
    code = client.get("/api/staff/complaints", params={"q": "melati"}, headers=h).json()[0][
        "ticket_code"
    ]
    r = client.post(
        f"/api/staff/complaints/{code}/status",
        json={"status": "selesai", "note": "langsung"},
        headers=h,
    )
    assert r.status_code == 409  # not allowed from diterima
    for st in ("diverifikasi", "didisposisikan", "diproses"):
        r = client.post(
            f"/api/staff/complaints/{code}/status",
            json={"status": st, "note": f"catatan {st}"},
            headers=h,
        )
        assert r.status_code == 200, r.text
    detail = r.json()
    assert detail["status"] == "diproses"
    assert [x["author"] for x in detail["history"]][-1] == "sari"
    assert detail["history"][-1]["note"] == "catatan diproses"
    with Session(engine) as s:
        pushed = transcript(s, "web:warga1", pushed_only=True)
    assert len(pushed) == 3
    assert code in pushed[-1].text and "sedang ditangani" in pushed[-1].text


def test_reject_needs_reason(client: TestClient) -> None:
    h = auth(client, "sari", "rahasia-123")
    code = client.get("/api/staff/complaints", headers=h).json()[0]["ticket_code"]
    r = client.post(f"/api/staff/complaints/{code}/status", json={"status": "ditolak"}, headers=h)
    assert r.status_code == 409 and r.json()["detail"] == "reason_required"


def test_assign_needs_supervisor(client: TestClient) -> None:
    h = auth(client, "sari", "rahasia-123")
    code = client.get("/api/staff/complaints", headers=h).json()[0]["ticket_code"]
    body = {"dinas_code": "DPUPR", "note": "salah dinas"}
    assert (
        client.post(f"/api/staff/complaints/{code}/assign", json=body, headers=h).status_code == 403
    )
    hs = auth(client, "budi", "rahasia-456")
    r = client.post(f"/api/staff/complaints/{code}/assign", json=body, headers=hs)
    assert r.status_code == 200 and r.json()["dinas_code"] == "DPUPR"
    assert "salah dinas" in r.json()["history"][-1]["note"]
    bad = client.post(
        f"/api/staff/complaints/{code}/assign", json={"dinas_code": "NOPE"}, headers=hs
    )
    assert bad.status_code == 422


def test_csv_export_is_plain_text(client: TestClient) -> None:
    h = auth(client, "sari", "rahasia-123")
    r = client.get("/api/staff/complaints/export.csv", headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    formula = next(row for row in rows if "HYPERLINK" in row["description"])
    assert formula["description"].startswith("'=")
    assert any(row["description"] == "<b>Sampah</b> belum diangkut seminggu" for row in rows)
