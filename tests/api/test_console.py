"""Agent console API: the queue, claim, live chat over the WebSocket, hand back, roles and
supervisor views, taking a live conversation, restart safety. Sign-in and sessions:
test_console_sign_in.py; the citizen's records: test_console_records.py."""

import json

from sqlmodel import Session

from app.services.staff import create_staff
from tests.api.console_helpers import ORIGIN, citizen_asks_for_officer, login, sid, start


def test_queue_claim_chat_notes_and_hand_back(app):
    client, rasa = app
    answer = citizen_asks_for_officer(client)
    assert "Posisi Anda: nomor 1" in answer["messages"][-1]["text"]
    ani = login(client, "ani")
    queue = ani.get("/api/console/queue").json()["requests"]
    assert [(r["conversation_id"], r["status"], r["reason"]) for r in queue] == [
        (f"web:{sid(client, 'warga1')}", "waiting", "request_human")
    ]
    assert queue[0]["waiting_s"] >= 0
    rid = queue[0]["id"]
    assert ani.post(f"/api/console/requests/{rid}/claim").json()["status"] == "claimed"

    # a citizen message with markup is stored and shown as plain data (the UI uses textContent)
    client.post(
        "/api/chat",
        json={"session_id": sid(client, "warga1"), "text": "<img src=x onerror=alert(1)>"},
    )
    detail = ani.get(f"/api/console/requests/{rid}").json()
    assert detail["transcript"][-1]["text"] == "<img src=x onerror=alert(1)>"
    assert detail["summary"]["nik"] == "3201"
    records = detail["citizen_records"]
    assert records["complaints"] == {"available": True, "items": []}
    assert records["bookings"] == {"available": True, "items": []}

    assert ani.post(f"/api/console/requests/{rid}/messages", json={"text": "Halo, saya Ani."})
    assert ani.post(f"/api/console/requests/{rid}/notes", json={"text": "warga ramah"}).is_success
    updates = client.get(f"/api/chat/{sid(client, 'warga1')}/updates").json()["messages"]
    assert [(m["sender"], m["text"]) for m in updates][-1] == ("agent", "Halo, saya Ani.")

    assert ani.post(f"/api/console/requests/{rid}/handback").status_code == 200
    assert ("event", "resume") in rasa.calls
    after = client.post(
        "/api/chat", json={"session_id": sid(client, "warga1"), "text": "jam buka kantor?"}
    )
    assert after.json()["messages"][0]["text"] == "bot: jam buka kantor?"


def test_roles_agents_see_only_their_own_and_supervisors_see_all(app):
    client, _ = app
    citizen_asks_for_officer(client, "w1")
    citizen_asks_for_officer(client, "w2")
    ani, budi, sari = (login(client, u) for u in ("ani", "budi", "sari"))
    ids = [r["id"] for r in ani.get("/api/console/queue").json()["requests"]]
    ani.post(f"/api/console/requests/{ids[0]}/claim")
    assert [r["id"] for r in budi.get("/api/console/queue").json()["requests"]] == [ids[1]]
    assert budi.get(f"/api/console/requests/{ids[0]}").status_code == 403
    assert budi.post(f"/api/console/requests/{ids[0]}/handback").status_code == 403
    assert (
        budi.post(f"/api/console/requests/{ids[0]}/messages", json={"text": "x"}).status_code == 403
    )
    assert budi.get("/api/console/audit").status_code == 403
    assert budi.get("/api/console/overview").status_code == 403
    assert budi.post("/api/console/canned", json={"title": "a", "text": "b"}).status_code == 403

    overview = sari.get("/api/console/overview").json()
    assert overview["queue"] == {**overview["queue"], "waiting": 1, "claimed": 1}
    assert {a["username"]: a["open_conversations"] for a in overview["agents"]}["ani"] == 1
    audit = sari.get("/api/console/audit").json()["entries"]
    assert {"login", "requested", "claim"} <= {e["action"] for e in audit}
    assert len(sari.get("/api/console/queue").json()["requests"]) == 2

    canned = sari.get("/api/console/canned").json()["replies"]
    assert canned and canned[0]["title"] == "Salam pembuka"
    new = sari.post("/api/console/canned", json={"title": "Uji", "text": "Teks uji"}).json()
    assert sari.delete(f"/api/console/canned/{new['id']}").status_code == 200
    assert "Uji" not in [c["title"] for c in ani.get("/api/console/canned").json()["replies"]]


def test_websocket_shows_citizen_messages_live_and_sends_agent_replies(app):
    client, _ = app
    citizen_asks_for_officer(client)
    ani = login(client, "ani")
    rid = ani.get("/api/console/queue").json()["requests"][0]["id"]
    ani.post(f"/api/console/requests/{rid}/claim")
    csrf = ani.headers["x-csrf-token"]
    with ani.websocket_connect("/api/console/ws", headers=ORIGIN) as ws:
        assert ws.receive_json()["type"] == "hello"
        client.post(
            "/api/chat", json={"session_id": sid(client, "warga1"), "text": "lampu mati 3 hari"}
        )
        event = ws.receive_json()
        while event["type"] != "message":
            event = ws.receive_json()
        assert event["message"] == {**event["message"], "sender": "citizen"}
        assert event["message"]["text"] == "lampu mati 3 hari"
        ws.send_json({"type": "send", "request_id": rid, "text": "Segera kami cek.", "csrf": "x"})
        assert ws.receive_json() == {"type": "error", "message": "CSRF check failed"}
        ws.send_json({"type": "send", "request_id": rid, "text": "Segera kami cek.", "csrf": csrf})
        kinds = set()
        while "sent" not in kinds:
            kinds.add(ws.receive_json()["type"])
    updates = client.get(f"/api/chat/{sid(client, 'warga1')}/updates").json()["messages"]
    assert updates[-1] == {**updates[-1], "sender": "agent", "text": "Segera kami cek."}


def test_queue_and_live_conversations_survive_an_app_restart(runtime):
    client, _ = start(runtime)
    with Session(client.app.state.ctx.engine) as s:
        create_staff(s, username="ani", password="rahasia-ani")
    citizen_asks_for_officer(client, "w1")
    citizen_asks_for_officer(client, "w2")
    ani = login(client, "ani")
    first = ani.get("/api/console/queue").json()["requests"][0]["id"]
    ani.post(f"/api/console/requests/{first}/claim")
    client.__exit__(None, None, None)

    client, rasa = start(runtime)  # a new process on the same database
    try:
        ani = login(client, "ani")
        queue = ani.get("/api/console/queue").json()["requests"]
        assert [(r["status"], r["conversation_id"]) for r in queue] == [
            ("claimed", f"web:{sid(client, 'w1')}"),
            ("waiting", f"web:{sid(client, 'w2')}"),
        ]
        client.post("/api/chat", json={"session_id": sid(client, "w1"), "text": "masih di sana?"})
        assert [c for c in rasa.calls if c[0] == "message"] == []  # still with the officer
        detail = ani.get(f"/api/console/requests/{first}").json()
        assert detail["transcript"][-1]["text"] == "masih di sana?"
        assert json.dumps(detail)  # serialisable as the console receives it
    finally:
        client.__exit__(None, None, None)


def test_an_agent_takes_a_live_conversation_from_the_assistant(app):
    client, rasa = app
    client.post("/api/chat", json={"session_id": sid(client, "w9"), "text": "syarat bikin KTP?"})
    ani = login(client, "ani")
    live = [c["id"] for c in ani.get("/api/console/live").json()["conversations"]]
    assert f"web:{sid(client, 'w9')}" in live
    rid = ani.post(f"/api/console/conversations/web:{sid(client, 'w9')}/take").json()["request_id"]
    detail = ani.get(f"/api/console/requests/{rid}").json()
    assert (detail["status"], detail["reason"]) == ("claimed", "agent_initiated")
    assert ("event", "pause") in rasa.calls
    n = len(rasa.calls)
    client.post("/api/chat", json={"session_id": sid(client, "w9"), "text": "halo?"})
    assert [c for c in rasa.calls[n:] if c[0] == "message"] == []
    assert f"web:{sid(client, 'w9')}" not in [
        c["id"] for c in ani.get("/api/console/live").json()["conversations"]
    ]
