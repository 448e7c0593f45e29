"""Structured prompts: what a form question expects, sent with the question as Rasa's
``custom`` payload so that a screen can offer the right input and speech recognition can
read a short answer. The question's wording stays in the domain; Telegram and WhatsApp
ignore ``custom``.

The payload (documented in docs/kiosk/README.md)::

    {"expects": {"kind": "date", "slot": "booking_date", "options": [{"title", "payload"}],
                 "free": false, "min": "2026-12-03", "max": "2027-01-31"},
     "progress": {"step": 2, "of": 8}}

and, for a finished complaint or booking::

    {"receipt": {"kind": "complaint" | "booking", "code": "LPR-2026-000123",
                 "tracking_url": "https://.../open311/v2/requests/LPR-2026-000123.json"}}
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.types import DomainDict

DATA = Path(__file__).with_name("prompts.yml")
KINDS = {"yes_no", "date", "time", "number", "phone", "choice", "text", "location", "photo"}
# the table's keys that travel to the screen as they are
PASSED = ("free", "min", "max", "digits")


@cache
def table() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    for slot, spec in raw.items():
        if spec.get("kind") not in KINDS:
            raise ValueError(f"{DATA.name}: {slot} has an unknown kind {spec.get('kind')!r}")
    return raw


def progress(slot: str, tracker: Tracker, domain: DomainDict) -> dict[str, int] | None:
    """Where ``slot`` is in the active form: step n of the form's questions (a question asked
    inside another step counts as that step). None outside a form or for a single question."""
    form = (tracker.active_loop or {}).get("name")
    forms = domain.get("forms") or {}
    required = list(((forms.get(form) or {}).get("required_slots")) or []) if form else []
    anchor = slot if slot in required else (table().get(slot) or {}).get("step_of")
    if len(required) < 2 or anchor not in required:
        return None
    return {"step": required.index(anchor) + 1, "of": len(required)}


def prompt(
    slot: str,
    tracker: Tracker,
    domain: DomainDict,
    buttons: list[dict[str, Any]] | None = None,
    limits: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The ``custom`` payload of the question for ``slot`` (None for a slot not in the table)."""
    spec = table().get(slot)
    if spec is None:
        return None
    expects: dict[str, Any] = {"kind": spec["kind"], "slot": slot}
    expects["options"] = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in buttons or []
    ]
    expects.update({k: spec[k] for k in PASSED if k in spec})
    expects.update({k: v for k, v in (limits or {}).items() if v is not None})
    payload: dict[str, Any] = {"expects": expects}
    step = progress(slot, tracker, domain)
    if step is not None:
        payload["progress"] = step
    return payload


def tag(
    message: dict[str, Any],
    slot: str,
    tracker: Tracker,
    domain: DomainDict,
    limits: dict[str, Any] | None = None,
) -> None:
    """Put the structured prompt for ``slot`` on a message the dispatcher collected (its
    buttons become the options)."""
    buttons = message.get("buttons") or domain_buttons(domain, message.get("response"))
    custom = prompt(slot, tracker, domain, buttons, limits)
    if custom is not None:
        message["custom"] = {**(message.get("custom") or {}), **custom}


def domain_buttons(domain: DomainDict, response: str | None) -> list[dict[str, Any]]:
    """The buttons a response carries in the domain (Rasa adds them when it renders it)."""
    variants = (domain.get("responses") or {}).get(response or "") or []
    return list(variants[0].get("buttons") or []) if variants else []


def receipt(kind: str, code: str, tracking_url: str | None) -> dict[str, Any]:
    return {"receipt": {"kind": kind, "code": code, "tracking_url": tracking_url or None}}
