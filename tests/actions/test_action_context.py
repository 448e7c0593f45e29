"""Each app gives its actions its own context (actions/context.py): the action endpoint makes
the app's engine, settings and hub the current ones for every call."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from actions import context
from actions.server import SECRET_HEADER
from app.config import Settings
from app.main import create_app
from app.models import HandoffRequest


def handoff_call(sender: str) -> dict:
    tracker = {
        "sender_id": sender,
        "slots": {"handoff_reason": "request_human"},
        "latest_message": {"intent": {"name": "request_human"}, "text": "petugas"},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return {
        "next_action": "action_request_handoff",
        "sender_id": sender,
        "tracker": tracker,
        "domain": {"slots": {}, "responses": {}, "intents": []},
    }


def requests_in(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return [r.conversation_id for r in s.exec(select(HandoffRequest)).all()]


def test_the_action_endpoint_runs_actions_with_its_own_apps_context(
    tmp_path: Path, engine: Engine
) -> None:
    settings = Settings(environment="test", runtime_dir=tmp_path / "app", rasa_url="http://x:9")
    with TestClient(create_app(settings)) as client:
        app_engine = client.app.state.ctx.engine
        resp = client.post(
            "/actions/webhook",
            json=handoff_call("web:warga-a"),
            headers={SECRET_HEADER: settings.action_secret},
        )
        assert resp.status_code == 200, resp.text
        assert requests_in(app_engine) == ["web:warga-a"]
    # the process-wide fallback (the test fixture's database) saw nothing of it
    assert requests_in(engine) == []
    assert context.get().engine is engine


def test_using_makes_a_context_current_only_inside(settings: Settings, engine: Engine) -> None:
    fallback = context.get()
    other = context.ActionContext(engine=engine, settings=settings)
    with context.using(other):
        assert context.get() is other
    assert context.get() is fallback
    with pytest.raises(ValueError), context.using(other):
        assert context.get() is other
        raise ValueError
    assert context.get() is fallback
