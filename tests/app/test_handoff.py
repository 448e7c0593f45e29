"""Handoff service: queueing, Rasa pause/resume, routing by mode, the mode-switch races,
service hours, cancelling. Rasa is an HTTP mock here (tests/app/conftest.py); the
real one runs in tests/e2e/test_handoff_flow.py; officers' side: test_handoff_officers.py."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from app.models import (
    AuditEntry,
    Conversation,
    ConversationMode,
    HandoffStatus,
)
from app.services import handoff as hs
from app.services.conversations import transcript
from tests.app.handoff_helpers import OPEN, SUNDAY, asks_for_human, mode, msg, request_of

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


@pytest.mark.parametrize("said", ["batal", "gak jadi deh", "Batal, kembali ke asisten"])
async def test_citizen_can_cancel_waiting_in_words(engine, rasa, system, said):
    # typed as people do, or the button's title where a channel shows no buttons
    conversations, _ = system
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    replies = await conversations.handle(msg(said))
    assert "dibatalkan" in replies[0].text
    assert mode(engine) is ConversationMode.BOT


async def test_a_request_for_the_officer_is_no_cancel(engine, rasa, system):
    conversations, _ = system
    asks_for_human(rasa, engine)
    await conversations.handle(msg("petugas"))
    await conversations.handle(msg("batalkan pesanan saya ya pak"))
    assert mode(engine) is ConversationMode.QUEUED
