"""Handoff end to end with the real Rasa server: a citizen on the web channel asks for a
person, the conversation appears in the queue, an agent claims it through the console's
API and WebSocket, messages flow both ways on the citizen's channel, the agent hands back,
and the assistant answers again. Prints the measured latencies."""

import json
import time

import httpx
import pytest
from sqlmodel import Session
from websockets.sync.client import connect

from app.config import Settings
from app.db import make_engine
from app.models import StaffRole
from app.services.staff import create_staff
from tests.e2e.conftest import ChatClient, texts

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def agent_account(system):
    engine = make_engine(Settings(runtime_dir=system.runtime_dir))
    with Session(engine) as s:
        create_staff(s, username="e2e_agent", password="rahasia-e2e", role=StaffRole.AGENT)
    engine.dispose()
    return "e2e_agent", "rahasia-e2e"


def console_login(system, account) -> tuple[httpx.Client, str]:
    http = httpx.Client(base_url=system.app_url, timeout=30, headers={"origin": system.app_url})
    resp = http.post("/api/console/login", json={"username": account[0], "password": account[1]})
    resp.raise_for_status()
    csrf = resp.json()["csrf_token"]
    http.headers["x-csrf-token"] = csrf
    return http, csrf


def rasa_paused(system, conversation_id: str) -> bool:
    tracker = httpx.get(
        f"{system.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": system.rasa_token},
        timeout=10,
    ).json()
    return bool(tracker["paused"])


def next_event(ws, kind: str, sender: str | None = None, timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        event = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if event["type"] == kind and (sender is None or event["message"]["sender"] == sender):
            return event


def wait_for_update(citizen: ChatClient, after: int, text: str, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = citizen.http.get(f"/api/chat/{citizen.session_id}/updates?after={after}").json()
        for m in body["messages"]:
            if m["text"] == text:
                assert m["sender"] == "agent"
                return body["last_id"]
        time.sleep(0.02)
    raise AssertionError(f"{text!r} never reached the citizen")


def test_citizen_asks_for_a_person_agent_answers_and_hands_back(system, citizen, agent_account):
    timings: dict[str, float] = {}
    citizen.say("halo")
    conv_id = f"web:{citizen.session_id}"

    t0 = time.perf_counter()
    answer = citizen.say("saya mau bicara dengan petugas")
    timings["request_to_queue_notice_ms"] = (time.perf_counter() - t0) * 1000
    assert "Posisi Anda: nomor" in texts(answer)
    assert rasa_paused(system, conv_id)

    agent, csrf = console_login(system, agent_account)
    queue = agent.get("/api/console/queue").json()["requests"]
    mine = [r for r in queue if r["conversation_id"] == conv_id]
    assert len(mine) == 1 and mine[0]["status"] == "waiting"
    assert mine[0]["reason"] == "request_human"
    request_id = mine[0]["id"]

    cookie = agent.cookies.get("halo_console")
    ws_url = system.app_url.replace("http://", "ws://") + "/api/console/ws"
    with connect(
        ws_url,
        additional_headers={"Cookie": f"halo_console={cookie}", "Origin": system.app_url},
    ) as ws:
        assert next_event(ws, "hello")["staff"]["username"] == "e2e_agent"
        claimed = agent.post(f"/api/console/requests/{request_id}/claim")
        assert claimed.status_code == 200 and claimed.json()["status"] == "claimed"

        # citizen -> agent: not answered by the assistant, shown live in the console
        t0 = time.perf_counter()
        assert citizen.say("lampu jalan di depan rumah saya mati sudah seminggu") == []
        event = next_event(ws, "message", "citizen")
        timings["citizen_to_console_ms"] = (time.perf_counter() - t0) * 1000
        assert event["request_id"] == request_id
        assert event["message"]["sender"] == "citizen"
        assert event["message"]["text"].startswith("lampu jalan di depan rumah")

        # agent -> citizen over the WebSocket, delivered on the citizen's own channel
        last = 0
        reply = "Baik, saya catat. Boleh sebutkan nama jalannya?"
        t0 = time.perf_counter()
        ws.send(json.dumps({"type": "send", "request_id": request_id, "text": reply, "csrf": csrf}))
        next_event(ws, "sent")
        timings["agent_send_ack_ms"] = (time.perf_counter() - t0) * 1000
        last = wait_for_update(citizen, last, reply)
        timings["agent_to_citizen_poll_ms"] = (time.perf_counter() - t0) * 1000

        assert citizen.say("Jalan Melati nomor 5") == []
        assert next_event(ws, "message", "citizen")["message"]["text"] == "Jalan Melati nomor 5"
        assert rasa_paused(system, conv_id)

        t0 = time.perf_counter()
        back = agent.post(f"/api/console/requests/{request_id}/handback")
        timings["hand_back_ms"] = (time.perf_counter() - t0) * 1000
        assert back.status_code == 200

    assert not rasa_paused(system, conv_id)
    again = citizen.say("halo")
    assert "selamat datang" in texts(again).lower()  # the assistant answers again
    open_ids = [r["id"] for r in agent.get("/api/console/queue").json()["requests"]]
    assert request_id not in open_ids
    detail = agent.get(f"/api/console/requests/{request_id}").json()
    assert (detail["status"], detail["outcome"]) == ("closed", "handed_back")
    said = [(m["sender"], m["text"]) for m in detail["transcript"]]
    assert ("agent", reply) in said and ("citizen", "Jalan Melati nomor 5") in said
    print("\nhandoff timings:", json.dumps({k: round(v, 1) for k, v in timings.items()}))


GIBBERISH = [
    "qwrtz plonk fnord",
    "plonk fnord qwrtz",
    "zxqv blorp wumpf",
    "vbnm kjhg trewq",
    "grmbl xyzzy quux",
    "fjdksl aoeui snth",
    "wug blick dax",
    "zzzz qqqq xxxx",
]


def not_understood(system, n: int) -> list[str]:
    """Texts the current NLU model answers with nlu_fallback (the test is about the dialogue
    rule, not about which nonsense the classifier happens to reject)."""
    found = []
    for text in GIBBERISH:
        parsed = httpx.post(
            f"{system.rasa_url}/model/parse",
            json={"text": text},
            params={"token": system.rasa_token},
            timeout=10,
        )
        if parsed.json()["intent"]["name"] == "nlu_fallback":
            found.append(text)
    if len(found) < n:
        pytest.skip(f"the NLU model classifies too much nonsense: {found}")
    return found[:n]


def test_a_second_misunderstanding_in_a_row_goes_to_an_officer(system, agent_account):
    first_text, second_text = not_understood(system, 2)
    citizen = ChatClient(system.app_url)
    try:
        citizen.say("halo")
        first = citizen.say(first_text)
        assert "belum mengerti" in texts(first)
        second = citizen.say(second_text)
        assert "antrean" in texts(second).lower() or "jam layanan" in texts(second).lower()
        agent, _ = console_login(system, agent_account)
        queue = agent.get("/api/console/queue").json()["requests"]
        reasons = {r["conversation_id"]: r["reason"] for r in queue}
        assert reasons[f"web:{citizen.session_id}"] == "not_understood"
    finally:
        citizen.http.close()


def test_one_misunderstanding_then_a_clear_message_stays_with_the_assistant(system):
    (nonsense,) = not_understood(system, 1)
    citizen = ChatClient(system.app_url)
    try:
        citizen.say("halo")
        assert "belum mengerti" in texts(citizen.say(nonsense))
        again = citizen.say("halo")
        assert "selamat datang" in texts(again).lower()
        assert "antrean" not in texts(again).lower()
    finally:
        citizen.http.close()
