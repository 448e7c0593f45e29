"""Helpers of the complaint action tests: the real domain, a filled-in draft, a tracker in
the complaint form, running an action or the form's validation, the slot asked next."""

from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import complaint as ac
from app.config import ROOT_DIR

DOMAIN: dict[str, Any] = yaml.safe_load((ROOT_DIR / "bot/domain/complaint.yml").read_text())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%" + b"\x00" * 64

FILLED = {
    "complaint_category": "lampu_jalan",
    "complaint_description": "Lampu jalan mati sejak tiga hari",
    "complaint_location": "Jl. Melati RT 03, Kel. Sukamaju, Kec. Kota Tengah",
    "complaint_place": {
        "address": "Jl. Melati RT 03",
        "kelurahan": "Sukamaju",
        "kecamatan": "Kota Tengah",
        "latitude": None,
        "longitude": None,
    },
    "complaint_photo": "none",
    "complaint_privacy": "biasa",
    "complaint_contact_ok": "tidak",
    "complaint_confirm": "kirim",
}


def tracker(
    text: str,
    *,
    slots: dict[str, Any] | None = None,
    requested: str | None = None,
    intent: str = "file_complaint",
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
    sender: str = "web:warga",
    message_id: str = "m-1",
    loop: str | None = "complaint_form",
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "metadata": metadata or {},
        "message_id": message_id,
    }
    all_slots = {**(slots or {}), "requested_slot": requested}
    return Tracker(
        sender, all_slots, latest, [], False, None, {"name": loop} if loop else {}, "action_listen"
    )


async def run(action: Any, t: Tracker) -> tuple[list[str], dict[str, Any], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return [m.get("response") for m in dispatcher.messages], slots, events


async def next_slot(before: dict[str, Any] | None, after: dict[str, Any]) -> str | None:
    """The slot the form asks next (set by us, or by Rasa from the domain's order)."""
    if "requested_slot" in after:
        return after["requested_slot"]  # type: ignore[no-any-return]
    merged = {**(before or {}), **after}
    required = await ac.ValidateComplaintForm().required_slots(
        [], CollectingDispatcher(), tracker("", slots=merged), DOMAIN
    )
    assert required == DOMAIN["forms"]["complaint_form"]["required_slots"]
    return next((s for s in required if merged.get(s) is None), None)


async def answer(slot: str, text: str, slots: dict[str, Any] | None = None, **kw: Any):
    return await run(ac.ValidateComplaintForm(), tracker(text, slots=slots, requested=slot, **kw))
