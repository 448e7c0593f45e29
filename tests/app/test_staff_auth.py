import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.api import staff_auth
from app.api.errors import install as install_error_handler
from app.context import AppContext
from app.models import StaffRole
from app.services.staff import create_staff


@pytest.fixture
def client(engine, settings):
    with Session(engine) as s:
        create_staff(s, username="Sari", password="rahasia-123", role=StaffRole.AGENT)
        create_staff(s, username="budi", password="rahasia-456", role=StaffRole.SUPERVISOR)
    api = FastAPI()
    install_error_handler(api)  # as create_app does: the error tree answers
    api.state.ctx = AppContext(engine=engine, settings=settings)
    api.include_router(staff_auth.router)

    @api.get("/supervised", dependencies=[Depends(staff_auth.require_role(StaffRole.SUPERVISOR))])
    def supervised():
        return {"ok": True}

    return TestClient(api)


def login(client, username, password):
    return client.post("/api/staff/login", json={"username": username, "password": password})


def test_login_returns_token_that_identifies_staff(client):
    resp = login(client, "sari", "rahasia-123")
    assert resp.status_code == 200
    token = resp.json()["access_token"]
    me = client.get("/api/staff/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == "sari" and me["role"] == "agent"
    assert "password_hash" not in me


def test_wrong_password_and_unknown_user_refused(client, caplog):
    assert login(client, "sari", "salah-salah").status_code == 401
    assert login(client, "nobody", "whatever1").status_code == 401
    assert "sign-in failed" in caplog.text


def test_forged_or_missing_token_refused(client):
    assert client.get("/api/staff/me").status_code == 401
    bad = client.get("/api/staff/me", headers={"Authorization": "Bearer abc.def.ghi"})
    assert bad.status_code == 401


def test_role_is_enforced(client):
    agent = login(client, "sari", "rahasia-123").json()["access_token"]
    sup = login(client, "budi", "rahasia-456").json()["access_token"]
    assert (
        client.get("/supervised", headers={"Authorization": f"Bearer {agent}"}).status_code == 403
    )
    assert client.get("/supervised", headers={"Authorization": f"Bearer {sup}"}).status_code == 200


def test_short_password_rejected(engine):
    with Session(engine) as s, pytest.raises(ValueError):
        create_staff(s, username="x", password="short")
