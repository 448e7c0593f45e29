"""Rasa sends the domain only to the actions that read it (``enable_selective_domain`` in
bot/endpoints.yml, ``send_domain`` in bot/domain): every action that reads it is marked, and
the action endpoint runs the others without it (actions/server.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.forms import FormValidationAction

from actions.forms.asking import AskAction
from actions.server import SelectiveDomainExecutor, build_executor

ROOT = Path(__file__).resolve().parents[2]


def domain_actions() -> dict[str, bool]:
    """Every custom action of bot/domain and whether Rasa sends it the domain."""
    out: dict[str, bool] = {}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("actions") or []:
            if isinstance(entry, str):
                out[entry] = entry.startswith("validate_")  # Rasa sends it to these anyway
            else:
                for name, config in entry.items():
                    out[name] = name.startswith("validate_") or bool(
                        (config or {}).get("send_domain")
                    )
    return out


def test_endpoints_enable_selective_domain() -> None:
    for path in ("bot/endpoints.yml", "deploy/rasa/endpoints.yml"):
        config = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
        assert config["action_endpoint"]["enable_selective_domain"] is True, path


def test_every_action_that_reads_the_domain_gets_it() -> None:
    sent = domain_actions()
    executor = build_executor()
    readers = {
        name
        for name, action in executor.actions.items()
        if isinstance(getattr(action, "__self__", None), (AskAction, FormValidationAction))
    }
    assert readers, "no question or form validation action found"
    assert readers <= set(sent), readers - set(sent)
    assert not [name for name in readers if not sent[name]]
    assert len([name for name, wanted in sent.items() if not wanted]) >= 10


def call(name: str, domain: dict[str, Any] | None) -> dict[str, Any]:
    tracker = {"sender_id": "s", "slots": {}, "latest_message": {}, "events": []}
    payload: dict[str, Any] = {"next_action": name, "sender_id": "s", "tracker": tracker}
    if domain is not None:
        payload["domain"] = domain
    return payload


def test_executor_runs_actions_without_the_domain() -> None:
    executor = SelectiveDomainExecutor()
    seen: list[Any] = []
    executor.actions["action_probe"] = lambda dispatcher, tracker, domain: seen.append(domain)
    asyncio.run(executor.run(call("action_probe", None)))  # before any domain: an empty one
    full = {"responses": {"utter_x": [{"text": "x"}]}}
    asyncio.run(executor.run(call("action_probe", full)))
    asyncio.run(executor.run(call("action_probe", None)))  # then the last one Rasa sent
    assert seen == [{}, full, full]
