"""Helpers of the handoff tests: service-hours clocks, a web message, the conversation's
mode and open request, a fake Rasa whose turn for 'petugas' asks for an officer."""

from datetime import UTC, datetime

from sqlmodel import Session

from app.models import Conversation
from app.services import handoff as hs
from core.message import IncomingMessage

# Monday 23 Nov 2026, 10:00 WIB (03:00 UTC): officers on duty.
OPEN = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
# Sunday 22 Nov 2026, 10:00 WIB: closed.
SUNDAY = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


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
