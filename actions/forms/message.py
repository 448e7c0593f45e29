"""Reading the citizen's latest message from a tracker (text, intent, entities, metadata),
shared by every form and action."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "").strip()


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def entity(tracker: Tracker, name: str) -> str | None:
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == name and ent.get("value") not in (None, ""):
            return str(ent["value"])
    return None


def metadata(tracker: Tracker) -> dict[str, Any]:
    meta = tracker.latest_message.get("metadata") or {}
    return meta if isinstance(meta, dict) else {}
