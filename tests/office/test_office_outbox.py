"""The outbox behind the workbench (SQLite and PostgreSQL): a status change and its
messages commit together or not at all; a channel that keeps failing leaves dead letters
a supervisor sees and retries (GET /api/office/outbox, POST .../{id}/retry)."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Complaint, ComplaintStatus, OutboxMessage
from app.services import complaints as svc
from app.services import outbox
from app.services.outbox import Policy
from app.services.outbox_worker import OutboxWorker
from core.message import OutgoingMessage
from tests.office.conftest import RecordingSender, login
from tests.office.seed import Seeded
from tests.office.test_office_api import first_with


def outbox_rows(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxMessage)).all())


def test_a_rolled_back_status_change_leaves_no_message(engine: Engine, seeded: Seeded) -> None:
    code = first_with(seeded, ComplaintStatus.DITERIMA, "telegram")

    def announce_then_fail(session: Session, c: Complaint) -> None:
        for conversation_id in svc.audience(session, c):
            outbox.stage(session, conversation_id, [OutgoingMessage(text="x")], cause="t")
        raise RuntimeError("the database refused the change")

    with Session(engine) as s:
        c = svc.get_by_code(s, code)
        with pytest.raises(RuntimeError):
            svc.change_status(
                s, c, to=ComplaintStatus.DIVERIFIKASI, author="sari", announce=announce_then_fail
            )
        s.rollback()
    with Session(engine) as s:
        assert svc.get_by_code(s, code).status == ComplaintStatus.DITERIMA
    assert outbox_rows(engine) == []


def test_status_change_and_its_message_commit_together(
    client: TestClient, seeded: Seeded, engine: Engine, telegram: RecordingSender
) -> None:
    sari = login(client, "sari")
    code = first_with(seeded, ComplaintStatus.DITERIMA, "telegram")
    r = client.post(
        f"/api/office/complaints/{code}/actions", json={"action": "verify"}, headers=sari
    )
    assert r.status_code == 200 and r.json()["delivered"] == 1
    (row,) = outbox_rows(engine)
    assert row.status == "sent" and row.cause == f"complaint:{code}"
    assert code in telegram.sent[-1][1]


def test_dead_letters_seen_and_retried_by_a_supervisor(
    client: TestClient, seeded: Seeded, engine: Engine, telegram: RecordingSender
) -> None:
    outbound = client.app.state.ctx.outbound  # type: ignore[attr-defined]
    outbound.policy = Policy(max_attempts=1)
    sent_before = len(telegram.sent)

    async def down(user_id: str, messages: list[OutgoingMessage]) -> None:
        raise RuntimeError("telegram API 502")

    real_send = telegram.send
    telegram.send = down  # type: ignore[method-assign]
    sari, ani = login(client, "sari"), login(client, "ani")
    code = first_with(seeded, ComplaintStatus.DITERIMA, "telegram")
    r = client.post(
        f"/api/office/complaints/{code}/actions", json={"action": "verify"}, headers=sari
    )
    assert r.status_code == 200 and r.json()["delivered"] == 0
    assert client.get("/api/office/outbox", headers=ani).status_code == 403  # supervisors only
    body = client.get("/api/office/outbox", headers=sari).json()
    assert (body["depth"], body["dead"]) == (0, 1)
    (dead,) = body["items"]
    assert dead["channel"] == "telegram" and "502" in dead["last_error"]
    assert code in dead["texts"][0]
    telegram.send = real_send  # type: ignore[method-assign]
    r = client.post(f"/api/office/outbox/{dead['id']}/retry", headers=sari)
    assert r.status_code == 200
    assert client.post(f"/api/office/outbox/{dead['id']}/retry", headers=sari).status_code == 404
    assert client.get("/api/office/outbox", headers=sari).json()["depth"] == 1
    (row,) = outbox_rows(engine)
    assert row.status == "pending"
    assert len(telegram.sent) == sent_before  # the worker sends it
    assert asyncio.run(OutboxWorker(engine, outbound).send_due()) == 1
    assert len(telegram.sent) == sent_before + 1 and code in telegram.sent[-1][1]
    assert [r.status for r in outbox_rows(engine)] == ["sent"]
