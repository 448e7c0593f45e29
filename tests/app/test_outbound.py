from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.api import chat
from app.api.errors import install as install_error_handler
from app.context import AppContext
from app.services import web_sessions
from app.services.conversations import get_or_create_conversation
from app.services.outbound import Outbound
from core.message import Button, OutgoingMessage


class FakeSender:
    def __init__(self, fail=False):
        self.sent = []
        self.fail = fail

    async def send(self, user_id, messages):
        if self.fail:
            raise RuntimeError("network down")
        self.sent.append((user_id, [m.text for m in messages]))


async def test_push_delivers_through_channel_sender_and_logs(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "42")
    outbound = Outbound(engine)
    sender = FakeSender()
    outbound.register("telegram", sender)
    assert await outbound.push("telegram:42", [OutgoingMessage(text="Status: selesai")])
    assert sender.sent == [("42", ["Status: selesai"])]


async def test_push_failure_reported_and_unknown_conversation_refused(engine):
    with Session(engine) as s:
        get_or_create_conversation(s, "telegram", "43")
    outbound = Outbound(engine)
    outbound.register("telegram", FakeSender(fail=True))
    assert not await outbound.push("telegram:43", [OutgoingMessage(text="x")])
    assert not await outbound.push("telegram:nobody", [OutgoingMessage(text="x")])


async def test_web_channel_polls_pushed_messages(engine, settings):
    sess1 = web_sessions.issue(settings.secret_key)
    with Session(engine) as s:
        get_or_create_conversation(s, "web", sess1)
    outbound = Outbound(engine)
    await outbound.push(
        f"web:{sess1}",
        [
            OutgoingMessage(
                text="Laporan Anda selesai", buttons=[Button(title="Nilai", payload="/rate")]
            )
        ],
    )
    api = FastAPI()
    install_error_handler(api)  # as create_app does: the error tree answers
    api.state.ctx = AppContext(engine=engine, settings=settings)
    api.include_router(chat.router)
    client = TestClient(api)
    assert client.get("/api/chat/sess1/updates").status_code == 401  # not issued here
    body = client.get(f"/api/chat/{sess1}/updates").json()
    assert [m["text"] for m in body["messages"]] == ["Laporan Anda selesai"]
    assert body["messages"][0]["buttons"][0]["payload"] == "/rate"
    assert client.get(f"/api/chat/{sess1}/updates?after={body['last_id']}").json()["messages"] == []
