"""The one handler that turns the error tree (core.errors) into HTTP answers (app/api/errors.py)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.api.errors import install
from app.errors import AssistantUnavailable
from app.services import handoff, knowledge
from core.texts import t


def client_raising(error: Exception) -> TestClient:
    app = FastAPI()
    install(app)

    @app.get("/boom")
    def boom() -> None:
        raise error

    return TestClient(app, raise_server_exceptions=False)


def test_a_client_side_error_answers_its_status_and_message() -> None:
    for error, status in [
        (handoff.NotFound("no request 7"), 404),
        (handoff.Forbidden("not your conversation"), 403),
        (handoff.Conflict("request already closed"), 409),
        (handoff.HandoffError("empty note"), 422),
    ]:
        resp = client_raising(error).get("/boom")
        assert (resp.status_code, resp.json()) == (status, {"detail": str(error)})


def test_a_server_side_error_answers_its_status_without_internals() -> None:
    resp = client_raising(AssistantUnavailable("Rasa at http://10.0.0.5:5005 timed out")).get(
        "/boom"
    )
    assert (resp.status_code, resp.json()) == (503, {"detail": "service unavailable"})
    resp = client_raising(knowledge.KnowledgeBaseError("/srv/kb/pajak.yml: no topics")).get("/boom")
    assert (resp.status_code, resp.json()) == (500, {"detail": "internal error"})


def test_an_unreachable_database_answers_503_in_words_the_citizen_can_read(caplog) -> None:
    # a real connection error: PostgreSQL on a port where nothing listens
    engine = create_engine("postgresql+psycopg://halo@127.0.0.1:1/halo", pool_pre_ping=True)
    app = FastAPI()
    install(app)

    @app.post("/api/chat")
    def chat() -> None:
        with Session(engine) as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]

    with caplog.at_level("ERROR"):
        resp = TestClient(app, raise_server_exceptions=False).post("/api/chat")
    assert resp.status_code == 503 and resp.headers["retry-after"] == "15"
    assert resp.json() == {"detail": t("app.database_unavailable")}
    assert "belum tersimpan" in resp.json()["detail"]
    assert "OperationalError" in caplog.text and "127.0.0.1" not in resp.text


def test_a_database_fault_of_ours_is_not_called_unreachable() -> None:
    resp = client_raising(IntegrityError("INSERT", {}, Exception("UNIQUE failed"))).get("/boom")
    assert resp.status_code == 500 and "retry-after" not in resp.headers
