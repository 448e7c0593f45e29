"""Handoff service from the officers' side: roles and claims, a failed hand back, restart
safety, taking a live conversation, and the whole path on PostgreSQL. Rasa is an HTTP mock
(tests/app/conftest.py)."""

import httpx
import pytest
from sqlmodel import Session, select

from app.models import (
    AuditEntry,
    Conversation,
    ConversationMode,
    HandoffRequest,
    HandoffStatus,
)
from app.rasa_client import RasaClient
from app.services import handoff as hs
from app.services.conversations import ConversationService
from app.services.outbound import Outbound
from app.services.staff import create_staff
from tests.app.handoff_helpers import OPEN, asks_for_human, mode, msg, request_of


async def test_roles_and_claims(engine, rasa, system, staff):
    conversations, service = system
    a, b, sup = staff
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    req = request_of(engine)
    await service.claim(req.id, a)
    with pytest.raises(hs.Forbidden):  # another agent's conversation is not even visible
        await service.claim(req.id, b)
    with pytest.raises(hs.Forbidden):
        await service.send(req.id, b, "bukan urusan saya")
    with Session(engine) as s, pytest.raises(hs.Forbidden):
        hs.get_request(s, req.id, b)
    with Session(engine) as s:
        assert [r.id for r in hs.list_queue(s, b)] == []
        assert [r.id for r in hs.list_queue(s, sup)] == [req.id]
    await service.claim(req.id, sup)  # a supervisor may take over
    with Session(engine) as s:
        assert s.get(HandoffRequest, req.id).assigned_agent_id == sup.id
        hs.add_note(s, req.id, sup, "warga lansia, bicara pelan")
    await service.close(req.id, sup)
    with pytest.raises(hs.Conflict):
        await service.send(req.id, sup, "terlambat")
    with Session(engine) as s:
        actions = [e.action for e in s.exec(select(AuditEntry)).all()]
    assert actions == ["requested", "claim", "reassign", "note", "closed"]
    assert mode(engine) is ConversationMode.BOT


async def test_failed_resume_keeps_the_conversation_with_the_officer(engine, rasa, system, staff):
    conversations, service = system
    agent, _, _ = staff
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    req = request_of(engine)
    await service.claim(req.id, agent)
    rasa.fail_events = True
    with pytest.raises(hs.AssistantUnavailable):
        await service.hand_back(req.id, agent)
    assert mode(engine) is ConversationMode.AGENT
    assert request_of(engine).status is HandoffStatus.CLAIMED


async def test_restart_finishes_a_pause_rasa_never_got(engine, rasa, system):
    _, service = system
    with Session(engine) as s:
        s.add(Conversation(id="telegram:7", channel="telegram", external_id="7"))
        s.commit()
    # requested while the app was going down: queued in the database, Rasa not told
    hs.request_handoff(engine, "telegram:7", "emergency", None, now=OPEN)
    assert await service.reconcile() == 0
    assert ("event", "pause") in rasa.calls
    assert request_of(engine, "telegram:7").rasa_synced


async def test_take_a_live_conversation(engine, rasa, system, staff):
    conversations, service = system
    agent, _, _ = staff
    await conversations.handle(msg("halo"))
    request_id = await service.take("web:u1", agent)
    assert mode(engine) is ConversationMode.AGENT
    assert ("event", "pause") in rasa.calls
    with Session(engine) as s:
        req = s.get(HandoffRequest, request_id)
        assert req.reason == "agent_initiated" and req.assigned_agent_id == agent.id


# -- the same path on PostgreSQL ----------------------------------------------------------


@pytest.fixture
def pg_engine(tmp_path):
    """A fresh, uniquely named PostgreSQL database, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    from actions import context as action_context
    from app.config import Settings
    from app.db import make_engine, migrate

    name = f"halo_t_{uuid.uuid4().hex}"
    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
    )
    eng = make_engine(settings)
    try:
        migrate(eng)
        action_context.configure(eng, settings)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


async def test_whole_path_on_postgresql(pg_engine, rasa):
    client = RasaClient("http://rasa.test")
    client._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(rasa)
    )
    conversations = ConversationService(pg_engine, client, secret_key="test-key")
    service = hs.HandoffService(
        pg_engine, client, Outbound(pg_engine), conversations, clock=lambda: OPEN
    )
    with Session(pg_engine) as s:
        agent = create_staff(s, username="pg_agent", password="rahasia-pg")
        s.expunge(agent)
    asks_for_human(rasa, pg_engine)
    replies = await conversations.handle(msg("petugas"))
    assert "Posisi Anda: nomor 1" in replies[-1].text
    req = request_of(pg_engine)
    await service.claim(req.id, agent)
    await service.send(req.id, agent, "Halo dari PostgreSQL")
    assert await conversations.handle(msg("oke")) == []
    with Session(pg_engine) as s:
        hs.add_note(s, req.id, agent, "catatan")
    await service.hand_back(req.id, agent)
    assert mode(pg_engine) is ConversationMode.BOT
    assert (await conversations.handle(msg("halo")))[0].text == "bot: halo"
    with Session(pg_engine) as s:
        actions = [a.action for a in s.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]
    assert actions == ["requested", "claim", "message", "note", "handed_back"]
