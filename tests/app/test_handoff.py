"""Handoff service: queueing, Rasa pause/resume, routing by mode, the mode-switch races,
permissions, service hours, restart safety. Rasa is an HTTP mock here; the real one runs
in tests/e2e/test_handoff_flow.py."""

import asyncio
import json
from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import Session, select

from app.models import (
    AuditEntry,
    Conversation,
    ConversationMode,
    HandoffRequest,
    HandoffStatus,
    StaffRole,
)
from app.rasa_client import RasaClient
from app.services import handoff as hs
from app.services.conversations import ConversationService, transcript
from app.services.outbound import Outbound
from app.services.staff import create_staff
from core.message import IncomingMessage

# Monday 23 Nov 2026, 10:00 WIB (03:00 UTC): officers on duty.
OPEN = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
# Sunday 22 Nov 2026, 10:00 WIB: closed.
SUNDAY = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


class FakeRasa:
    """Speaks Rasa's HTTP API: REST webhook, tracker events, tracker. Records every call.
    ``on_message`` runs inside the webhook (like an action would, during the turn)."""

    def __init__(self):
        self.calls: list[tuple[str, object]] = []
        self.paused: set[str] = set()
        self.on_message = None
        self.turn_delay = 0.0
        self.event_delay = 0.0
        self.fail_events = False

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/webhooks/halo/webhook":
            body = json.loads(request.content)
            self.calls.append(("message", body["message"]))
            await asyncio.sleep(self.turn_delay)  # NLU, policies...
            if self.on_message:  # ...then the action, late in the turn
                self.on_message(body)
            if body["sender"] in self.paused:
                return httpx.Response(200, json=[])
            return httpx.Response(200, json=[{"text": f"bot: {body['message']}"}])
        if path.endswith("/tracker/events"):
            body = json.loads(request.content)
            events = [e["event"] for e in (body if isinstance(body, list) else [body])]
            await asyncio.sleep(self.event_delay)
            if self.fail_events:
                return httpx.Response(500, json={})
            sender = path.split("/")[2]
            for event in events:
                self.calls.append(("event", event))
                if event == "pause":
                    self.paused.add(sender)
                elif event == "resume":
                    self.paused.discard(sender)
            return httpx.Response(200, json={})
        if path.endswith("/tracker"):
            self.calls.append(("tracker", path.split("/")[2]))
            return httpx.Response(200, json={"slots": {"location": "Jl. Melati", "nik": None}})
        return httpx.Response(404)


@pytest.fixture
def rasa():
    return FakeRasa()


@pytest.fixture
def system(engine, rasa):
    client = RasaClient("http://rasa.test")
    client._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(rasa)
    )
    conversations = ConversationService(engine, client, secret_key="test-key")
    outbound = Outbound(engine)
    service = hs.HandoffService(engine, client, outbound, conversations, clock=lambda: OPEN)
    return conversations, service


@pytest.fixture
def staff(engine):
    with Session(engine) as s:
        a = create_staff(s, username="agent_a", password="rahasia-a1", full_name="Ani")
        b = create_staff(s, username="agent_b", password="rahasia-b1")
        sup = create_staff(s, username="super", password="rahasia-s1", role=StaffRole.SUPERVISOR)
        for u in (a, b, sup):
            s.refresh(u)
            s.expunge(u)
    return a, b, sup


def msg(text, user="u1", mid=None):
    return IncomingMessage(channel="web", user_id=user, text=text, message_id=mid)


def mode(engine, conv_id="web:u1"):
    with Session(engine) as s:
        return s.get(Conversation, conv_id).mode


def request_of(engine, conv_id="web:u1"):
    with Session(engine) as s:
        return hs.open_request(s, conv_id)


def asks_for_human(rasa, engine, now=OPEN):
    """Make the fake Rasa behave like action_request_handoff for 'petugas'."""

    def on_message(body):
        if body["message"] == "petugas":
            hs.request_handoff(engine, body["sender"], "request_human", {"x": 1}, now=now)

    rasa.on_message = on_message


# -- request_handoff -----------------------------------------------------------------


def test_request_handoff_queues_sets_mode_and_is_idempotent(engine):
    with Session(engine) as s:
        for user in ("u1", "u2"):
            s.add(Conversation(id=f"web:{user}", channel="web", external_id=user))
        s.commit()
    first = hs.request_handoff(engine, "web:u1", "emergency", {"location": "Jl. Mawar"}, now=OPEN)
    second = hs.request_handoff(engine, "web:u2", "request_human", None, now=OPEN)
    again = hs.request_handoff(engine, "web:u1", "request_human", {"nik": "3201"}, now=OPEN)
    assert (first.position, second.position) == (1, 2)
    assert first.created and second.created and not again.created
    assert again.request_id == first.request_id
    assert mode(engine) is ConversationMode.QUEUED
    req = request_of(engine)
    assert req.reason == "emergency" and req.status is HandoffStatus.WAITING
    assert json.loads(req.summary) == {"location": "Jl. Mawar", "nik": "3201"}
    assert not req.after_hours and not req.rasa_synced
    with Session(engine) as s:
        actions = [a.action for a in s.exec(select(AuditEntry)).all()]
    assert actions == ["requested", "requested"]


def test_service_hours_weekdays_saturday_sunday_and_holidays():
    assert hs.is_open(OPEN)
    assert not hs.is_open(SUNDAY)
    assert not hs.is_open(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # 17:00 WIB
    assert hs.is_open(datetime(2026, 11, 28, 4, 0, tzinfo=UTC))  # Saturday 11:00 WIB
    assert not hs.is_open(datetime(2026, 11, 28, 6, 0, tzinfo=UTC))  # Saturday 13:00 WIB
    assert not hs.is_open(datetime(2026, 8, 17, 3, 0, tzinfo=UTC))  # Independence Day


# -- the conversation path -------------------------------------------------------------


async def test_handoff_action_turn_needs_no_tracker_read_and_no_pause(engine, rasa, system):
    """The handoff action pauses Rasa itself (ConversationPaused) and puts the tracker's
    slots in the summary: the turn's end makes no Rasa round trip of its own."""
    conversations, _ = system

    def on_message(body):
        if body["message"] == "petugas":
            summary = {"location": "Jl. Mawar", "last_intent": "request_human"}
            hs.request_handoff(
                engine, body["sender"], "request_human", summary, now=OPEN, rasa_paused=True
            )

    rasa.on_message = on_message
    replies = await conversations.handle(msg("petugas"))
    assert "Posisi Anda: nomor 1" in replies[-1].text
    assert [c for c in rasa.calls if c[0] in ("tracker", "event")] == []
    req = request_of(engine)
    assert req.rasa_synced and mode(engine) is ConversationMode.QUEUED
    assert json.loads(req.summary)["location"] == "Jl. Mawar"


async def test_handoff_turn_pauses_rasa_tells_position_and_routes_next_messages(
    engine, rasa, system
):
    conversations, service = system
    asks_for_human(rasa, engine)
    queue = service.hub.subscribe(999)
    try:
        replies = await conversations.handle(msg("petugas"))
        assert "Posisi Anda: nomor 1" in replies[-1].text
        assert replies[-1].buttons[0].payload == hs.CANCEL_PAYLOAD
        assert ("tracker", "web:u1") in rasa.calls and ("event", "pause") in rasa.calls
        req = request_of(engine)
        assert req.rasa_synced
        assert json.loads(req.summary)["location"] == "Jl. Melati"  # from Rasa's tracker

        before = len(rasa.calls)
        replies = await conversations.handle(msg("halo, masih lama?"))
        assert rasa.calls[before:] == []  # the assistant never sees it
        assert replies == []  # a notice was given less than 2 minutes ago
        await asyncio.sleep(0)  # events are delivered through the loop
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        texts = [e["message"]["text"] for e in events if e["type"] == "message"]
        assert texts == ["halo, masih lama?"]
    finally:
        service.hub.unsubscribe(999, queue)
    with Session(engine) as s:
        lines = [(m.sender, m.text) for m in transcript(s, "web:u1")]
    assert ("citizen", "halo, masih lama?") in lines


async def test_message_during_the_handoff_turn_goes_to_the_queue_not_the_assistant(
    engine, rasa, system
):
    conversations, _ = system
    asks_for_human(rasa, engine)
    rasa.turn_delay = 0.3
    first = asyncio.create_task(conversations.handle(msg("petugas")))
    await asyncio.sleep(0.05)  # the handoff turn is under way in Rasa
    second = await conversations.handle(msg("tolong cepat ya"))
    await first
    assert mode(engine) is ConversationMode.QUEUED
    sent_to_rasa = [c[1] for c in rasa.calls if c[0] == "message"]
    assert sent_to_rasa == ["petugas"]
    assert second == [] or "antrean" in second[0].text.lower()
    assert mode(engine) is ConversationMode.QUEUED


async def test_message_during_hand_back_reaches_the_resumed_assistant(engine, rasa, system, staff):
    conversations, service = system
    agent, _, _ = staff
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    req = request_of(engine)
    await service.claim(req.id, agent)
    assert mode(engine) is ConversationMode.AGENT
    rasa.event_delay = 0.3
    back = asyncio.create_task(service.hand_back(req.id, agent))
    await asyncio.sleep(0.05)  # resume is on its way to Rasa
    replies = await conversations.handle(msg("cek status laporan"))
    await back
    assert [r.text for r in replies] == ["bot: cek status laporan"]
    kinds = [c for c in rasa.calls if c[0] in ("message", "event")]
    assert kinds.index(("event", "resume")) < kinds.index(("message", "cek status laporan"))
    assert mode(engine) is ConversationMode.BOT


async def test_agent_messages_reach_the_citizens_channel(engine, rasa, system, staff):
    conversations, service = system
    agent, _, _ = staff
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    req = request_of(engine)
    await service.claim(req.id, agent)
    await service.send(req.id, agent, "Selamat siang, saya Ani.")
    with Session(engine) as s:
        pushed = [(m.sender, m.text) for m in transcript(s, "web:u1", pushed_only=True)]
    assert pushed[0] == ("agent", "Petugas Ani sudah bergabung dan siap membantu Anda.")
    assert pushed[1] == ("agent", "Selamat siang, saya Ani.")
    # the citizen's reply goes to the officer, not to Rasa, and gets no automatic answer
    n = len(rasa.calls)
    assert await conversations.handle(msg("terima kasih bu")) == []
    assert rasa.calls[n:] == []


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


async def test_after_hours_offers_message_and_takes_callback_number(engine, rasa, system):
    conversations, _ = system
    asks_for_human(rasa, engine, now=SUNDAY)
    replies = await conversations.handle(msg("petugas"))
    assert "jam layanan" in replies[-1].text.lower()
    assert "nomor telepon" in replies[-1].text
    replies = await conversations.handle(msg("telepon saya di 0812-3456-7890"))
    assert "081234567890" in replies[0].text
    assert request_of(engine).callback_phone == "081234567890"


async def test_citizen_can_cancel_waiting(engine, rasa, system):
    conversations, _ = system
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    replies = await conversations.handle(msg(hs.CANCEL_PAYLOAD))
    assert "dibatalkan" in replies[0].text
    assert mode(engine) is ConversationMode.BOT
    assert ("event", "resume") in rasa.calls
    assert (await conversations.handle(msg("halo")))[0].text == "bot: halo"


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
