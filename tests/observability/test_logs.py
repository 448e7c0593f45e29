"""JSON log lines: one object a line with the request id of the turn, never the citizen's
text (name, NIK, phone); the action endpoint logs under the turn's request id and counts
the message's NLU confidence once."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.logging_setup import JsonFormatter, configure_logging
from tests.observability.test_metrics import AUTH, _rasa_client, sample, start

CITIZEN_TEXT = "nama saya Siti Aminah, NIK 3273014407900002, hp 081234567890"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    configure_logging("text")  # redaction and request ids, handlers untouched
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_log_lines_are_json_with_the_request_id_and_no_citizen_text(
    tmp_path: Path, json_lines: io.StringIO
) -> None:
    client, _ = start(tmp_path)
    try:

        async def down(request: httpx.Request) -> httpx.Response:
            return httpx.Response(502)

        _rasa_client(client)._http = httpx.AsyncClient(
            base_url="http://rasa.test", transport=httpx.MockTransport(down)
        )
        resp = client.post(
            "/api/chat", json={"text": CITIZEN_TEXT}, headers={"X-Request-ID": "turn-7"}
        )
        assert resp.status_code == 200
    finally:
        client.__exit__(None, None, None)
    records = lines(json_lines)
    assert records, "the failed turn logs at least one line"
    turn = [r for r in records if r["request_id"] == "turn-7"]
    assert turn and any(r["level"] == "ERROR" and r.get("error") for r in turn)
    everything = json_lines.getvalue()
    for secret in ("Siti", "Aminah", "3273014407900002", "081234567890", "nama saya"):
        assert secret not in everything
    for r in records:
        assert set(r) >= {"time", "level", "logger", "message", "request_id"}


def test_actions_log_the_turns_request_id_and_count_confidence_once(
    tmp_path: Path, json_lines: io.StringIO
) -> None:
    client, _ = start(tmp_path)
    try:
        secret = _action_secret(client)
        call = {
            "next_action": "action_does_not_exist",
            "sender_id": "web:x",
            "tracker": {
                "sender_id": "web:x",
                "latest_message": {
                    "text": CITIZEN_TEXT,
                    "message_id": "m-1",
                    "intent": {"name": "greet", "confidence": 0.87},
                    "metadata": {"channel": "web", "request_id": "turn-9"},
                },
                "events": [],
                "slots": {},
            },
            "domain": {},
        }
        headers = {"X-Halo-Action-Secret": secret}
        client.post("/actions/webhook", json=call, headers=headers)
        client.post("/actions/webhook", json=call, headers=headers)  # same message again
        text = client.get("/metrics", headers=AUTH).text
    finally:
        client.__exit__(None, None, None)
    assert sample(text, "halo_nlu_confidence_count") == 1
    assert sample(text, "halo_nlu_confidence_bucket", le="0.9") == 1
    assert sample(text, "halo_nlu_confidence_bucket", le="0.8") == 0
    assert sample(text, "halo_stage_duration_seconds_count", stage="action") == 2
    assert sample(text, "halo_actions_total", action="action_does_not_exist", outcome="error") == 2
    action_lines = [r for r in lines(json_lines) if r["logger"] == "halo.actions"]
    assert len(action_lines) == 2 and all(r["request_id"] == "turn-9" for r in action_lines)
    assert "Siti" not in json_lines.getvalue()


def _action_secret(client) -> str:
    state = client.app.state
    ctx = getattr(state, "ctx", None)
    return (ctx.settings if ctx is not None else state.settings).action_secret


def test_json_format_installs_one_handler() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    formatters = [h.formatter for h in before]
    level = root.level
    try:
        configure_logging("json", "DEBUG", production=True)
        configure_logging("json", "DEBUG", production=True)
        ours = [h for h in root.handlers if getattr(h, "halo_json", False)]
        assert len(ours) == 1 and isinstance(ours[0].formatter, JsonFormatter)
        assert root.level == logging.INFO  # never DEBUG in production: it may hold text
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
        for h, f in zip(before, formatters, strict=True):
            h.setFormatter(f)
        root.setLevel(level)


def test_the_session_start_reads_the_turns_id_from_the_session_metadata() -> None:
    from app.observability.actions import turn_request_id

    call = {
        "next_action": "action_session_start",
        "tracker": {
            "latest_message": {"metadata": {"request_id": "old-turn"}},
            "slots": {"session_started_metadata": {"request_id": "turn-1"}},
        },
    }
    assert turn_request_id(call) == "turn-1"
    call["next_action"] = "action_answer_faq"
    assert turn_request_id(call) == "old-turn"
    call["tracker"]["latest_message"] = {"metadata": {"request_id": "x y"}}  # not a token
    assert turn_request_id(call) is None


def test_json_access_lines_leave_out_the_client_address_and_ids_in_the_path() -> None:
    args = (
        "203.0.113.7:5000",
        "GET",
        "/api/chat/2af085846eb52c4fe00e15c0-6b0fe3f7/updates",
        "1.1",
        200,
    )
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None
    )
    line = json.loads(JsonFormatter().format(record))
    assert "203.0.113.7" not in json.dumps(line)
    assert line["path"] == "/api/chat/{id}/updates" and line["status"] == 200
    assert line["message"] == "GET /api/chat/{id}/updates HTTP/1.1 200"
