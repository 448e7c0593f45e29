"""Fixtures of the handoff tests (test_handoff.py, test_handoff_officers.py): Rasa as an
HTTP mock (tests/fakes/rasa_mock.py), the conversation and handoff services on the test
database with the clock in service hours, three officers. Helpers: handoff_helpers.py."""

import httpx
import pytest
from sqlmodel import Session

from app.models import StaffRole
from app.rasa_client import RasaClient
from app.services import handoff as hs
from app.services.conversations import ConversationService
from app.services.outbound import Outbound
from app.services.staff import create_staff
from tests.app.handoff_helpers import OPEN
from tests.fakes.rasa_mock import FakeRasa


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
