"""The pages' words from the catalogue: GET /api/texts/kiosk and /api/texts/console."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import texts
from app.api.errors import install as install_error_handler
from core.texts import section


def client() -> TestClient:
    app = FastAPI()
    install_error_handler(app)  # as create_app does: the error tree answers
    app.include_router(texts.router)
    return TestClient(app)


def test_the_kiosk_and_the_console_get_their_blocks() -> None:
    http = client()
    kiosk = http.get("/api/texts/kiosk")
    assert kiosk.status_code == 200
    assert kiosk.json() == section("kiosk")
    assert kiosk.json()["heard"] == "Saya mendengar: {text}. Jika benar, tekan Ya."
    console = http.get("/api/texts/console")
    assert console.status_code == 200
    assert console.json()["reasons"]["request_human"] == "warga minta petugas"


def test_no_other_block_is_served() -> None:
    for page in ("app", "office", "voice", "..%2Fapp"):
        assert client().get(f"/api/texts/{page}").status_code == 404
