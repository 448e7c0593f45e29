"""The conversation path with Rasa replaced by an HTTP mock (the real one runs in e2e)."""

import json

import httpx
import pytest
from sqlmodel import Session

from app.models import Conversation, ConversationMode
from app.rasa_client import RasaClient
from app.services.conversations import ConversationService, transcript
from core.message import IncomingMessage, Location


class RecordingRasa:
    def __init__(self, reply=None, fail=False):
        self.calls = []
        self.reply = reply if reply is not None else [{"recipient_id": "x", "text": "Halo!"}]
        self.fail = fail

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(json.loads(request.content))
        if self.fail:
            return httpx.Response(500, json={"error": "boom"})
        return httpx.Response(200, json=self.reply)


def make_service(engine, handler) -> ConversationService:
    client = RasaClient("http://rasa.test")
    client._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(handler)
    )
    return ConversationService(engine, client, secret_key="test-key")


async def test_message_reaches_rasa_with_namespaced_sender_and_is_logged(engine):
    rasa = RecordingRasa(
        reply=[{"text": "Halo!", "buttons": [{"title": "Tanya informasi", "payload": "/ask_info"}]}]
    )
    service = make_service(engine, rasa)
    replies = await service.handle(IncomingMessage(channel="web", user_id="abc", text=" halo "))
    assert rasa.calls[0]["sender"] == "web:abc"
    assert rasa.calls[0]["message"] == "halo"
    assert rasa.calls[0]["metadata"]["channel"] == "web"
    assert replies[0].text == "Halo!"
    assert replies[0].buttons[0].payload == "/ask_info"
    with Session(engine) as s:
        lines = transcript(s, "web:abc")
    assert [(m.direction, m.sender, m.text) for m in lines] == [
        ("in", "citizen", " halo "),
        ("out", "bot", "Halo!"),
    ]


async def test_duplicate_delivery_is_ignored(engine):
    rasa = RecordingRasa()
    service = make_service(engine, rasa)
    msg = IncomingMessage(channel="whatsapp", user_id="628123", message_id="wamid.1", text="halo")
    assert await service.handle(msg)
    assert await service.handle(msg) == []
    assert len(rasa.calls) == 1


async def test_rasa_down_gives_polite_answer_and_keeps_message(engine):
    service = make_service(engine, RecordingRasa(fail=True))
    replies = await service.handle(IncomingMessage(channel="web", user_id="u1", text="halo"))
    assert "gangguan" in replies[0].text and replies[0].sender == "system"
    with Session(engine) as s:
        assert transcript(s, "web:u1")[0].text == "halo"


@pytest.mark.parametrize("text,expect", [("   ", "kosong"), ("a" * 2001, "terlalu panjang")])
async def test_bad_text_answered_without_rasa(engine, text, expect):
    rasa = RecordingRasa()
    service = make_service(engine, rasa)
    replies = await service.handle(IncomingMessage(channel="web", user_id="u2", text=text))
    assert expect in replies[0].text
    assert rasa.calls == []


async def test_location_becomes_intent_payload(engine):
    rasa = RecordingRasa()
    service = make_service(engine, rasa)
    await service.handle(
        IncomingMessage(
            channel="telegram", user_id="42", location=Location(latitude=-6.2, longitude=106.8)
        )
    )
    assert rasa.calls[0]["message"] == '/share_location{"latitude": -6.2, "longitude": 106.8}'


async def test_conversation_not_in_bot_mode_does_not_reach_rasa(engine):
    rasa = RecordingRasa()
    service = make_service(engine, rasa)
    await service.handle(IncomingMessage(channel="web", user_id="u3", text="halo"))
    with Session(engine) as s:
        conv = s.get(Conversation, "web:u3")
        conv.mode = ConversationMode.AGENT
        s.add(conv)
        s.commit()
    assert await service.handle(IncomingMessage(channel="web", user_id="u3", text="pak?")) == []
    assert len(rasa.calls) == 1
