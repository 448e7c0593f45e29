"""Complaint actions after the form, with real trackers, a real database and the real domain
file: filing once, a failed filing, a duplicate to follow, the status and the rating."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from sqlmodel import Session

from actions import complaint as ac
from app.models import ComplaintStatus
from app.services import complaints as svc
from tests.actions.complaint_helpers import (
    DOMAIN,
    FILLED,
    answer,
    run,
    tracker,
)


async def test_submit_is_idempotent(engine: Engine) -> None:
    said, slots, _ = await run(ac.ActionComplaintSubmit(), tracker("kirim", slots=FILLED))
    assert said == ["utter_complaint_filed"]
    assert all(v is None for v in slots.values())  # draft cleared
    again, _, _ = await run(ac.ActionComplaintSubmit(), tracker("kirim", slots=FILLED))
    assert again == ["utter_complaint_filed"]
    with Session(engine) as s:
        assert len(svc.list_complaints(s, svc.ComplaintFilters())) == 1


async def test_filing_failure_keeps_answers(engine: Engine, monkeypatch) -> None:
    def broken(*a: Any, **kw: Any) -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(svc, "create_complaint", broken)
    said, slots, events = await run(ac.ActionComplaintSubmit(), tracker("kirim", slots=FILLED))
    assert said == ["utter_complaint_filing_failed"]
    assert slots == {"complaint_confirm": None}  # every other answer stays
    assert FollowupAction("complaint_form") in events


async def test_duplicate_offer_and_follow(engine: Engine) -> None:
    await run(ac.ActionComplaintSubmit(), tracker("kirim", slots=FILLED, sender="web:first"))
    slots_in = {"complaint_category": "lampu_jalan", "complaint_description": "lampu mati lagi"}
    _, slots, _ = await answer(
        "complaint_location", "jl melati rt 03 sukamaju", slots=slots_in, sender="web:second"
    )
    assert slots["complaint_duplicate_of"] == "LPR-2026-000001"
    assert slots["requested_slot"] == "complaint_duplicate_choice"
    dispatcher = CollectingDispatcher()
    t = tracker("", slots={**slots_in, **slots}, sender="web:second")
    await ac.ActionAskComplaintDuplicateChoice().run(dispatcher, t, DOMAIN)
    assert dispatcher.messages[0]["duplicate_code"] == "LPR-2026-000001"
    both = {**slots_in, **slots}
    _, slots2, _ = await answer("complaint_duplicate_choice", "ikuti", slots=both)
    assert slots2["complaint_duplicate_choice"] == "ikuti" and slots2["requested_slot"] is None
    said, _, _ = await run(
        ac.ActionComplaintSubmit(), tracker("ikuti", slots={**both, **slots2}, sender="web:second")
    )
    assert said == ["utter_complaint_following"]
    with Session(engine) as s:
        c = svc.get_by_code(s, "LPR-2026-000001")
        assert svc.audience(s, c) == ["web:first", "web:second"]
        assert len(svc.list_complaints(s, svc.ComplaintFilters())) == 1


async def test_status_detail_only_for_reporter(engine: Engine) -> None:
    slots = {**FILLED, "complaint_contact_ok": "ya", "complaint_phone": "081234567890"}
    await run(ac.ActionComplaintSubmit(), tracker("kirim", slots=slots, sender="web:me"))
    code = "LPR-2026-000001"

    async def ask(text: str, sender: str) -> dict[str, Any]:
        d = CollectingDispatcher()
        t = tracker(text, intent="check_complaint_status", sender=sender, loop=None)
        await ac.ActionComplaintStatus().run(d, t, DOMAIN)
        return d.messages[0]

    mine = await ask(f"cek {code}", "web:me")
    assert mine["response"] == "utter_complaint_status_detail"
    assert "Melati" in mine["location"] and mine["status"] == "diterima dan menunggu verifikasi"
    other = await ask(f"cek {code}", "telegram:5")
    assert other["response"] == "utter_complaint_status_public" and "location" not in other
    with_phone = await ask("status lpr 2026 1 7890", "telegram:5")
    assert with_phone["response"] == "utter_complaint_status_detail"
    wrong_phone = await ask(f"{code} 1111", "telegram:5")
    assert wrong_phone["response"] == "utter_complaint_status_public"
    missing = await ask("LPR-2026-999999", "web:me")
    assert missing["response"] == "utter_complaint_invalid_ticket_not_found"
    assert (await ask("laporan saya gimana", "web:me"))["response"] == "utter_ask_ticket_code"


async def test_rating_after_selesai(engine: Engine) -> None:
    await run(ac.ActionComplaintSubmit(), tracker("kirim", slots=FILLED, sender="web:me"))
    code = "LPR-2026-000001"
    ents = [{"entity": "ticket_code", "value": code}, {"entity": "rating", "value": "2"}]
    t = tracker("/rate_service", intent="rate_service", entities=ents, sender="web:me", loop=None)
    said, _, _ = await run(ac.ActionComplaintRate(), t)
    assert said == ["utter_complaint_invalid_rating_not_closed"]
    with Session(engine) as s:
        c = svc.get_by_code(s, code)
        for st in ("diverifikasi", "didisposisikan", "diproses", "selesai"):
            svc.change_status(s, c, to=ComplaintStatus(st), author="ani")
    said, _slots, events = await run(ac.ActionComplaintRate(), t)
    assert said == [] and FollowupAction("complaint_rating_form") in events
    assert SlotSet("complaint_rating_ticket", code) in events
    comment = tracker(
        "lampunya mati lagi", slots={"complaint_rating_ticket": code}, sender="web:me", loop=None
    )
    comment.slots["complaint_rating_comment"] = "lampunya mati lagi"
    said, _, _ = await run(ac.ActionComplaintSaveComment(), comment)
    assert said == ["utter_complaint_rating_saved"]
    with Session(engine) as s:
        c = svc.get_by_code(s, code)
        assert c.rating == 2 and c.flagged_for_review and c.rating_comment == "lampunya mati lagi"
    stranger = tracker(
        "/rate_service", intent="rate_service", entities=ents, sender="web:x", loop=None
    )
    said, _, _ = await run(ac.ActionComplaintRate(), stranger)
    assert said == ["utter_complaint_invalid_ticket_not_found"]
