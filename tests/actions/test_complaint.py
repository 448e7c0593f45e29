"""Complaint actions with real trackers, a real database and the real domain file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from sqlmodel import Session

from actions import complaint as ac
from actions import context as action_context
from app.config import ROOT_DIR, Settings
from app.models import ComplaintStatus
from app.services import complaints as svc
from app.services.media import save_media

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


async def test_opening_message_fills_category_description_location(engine: Engine) -> None:
    said, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker("lampu jalan mati di jl melati rt 03 kelurahan sukamaju", loop=None),
    )
    assert said == []
    assert slots["complaint_category"] == "lampu_jalan"
    assert slots["complaint_description"].startswith("lampu jalan mati")
    assert slots["complaint_place"]["kelurahan"] == "Sukamaju"
    assert slots["complaint_photo"] is None  # an old draft is cleared


async def test_opening_message_as_transcribed_from_speech(engine: Engine) -> None:
    said, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker("Lampu jalan mati-dijalan melatik ke lukaran sukar maju.", loop=None),
    )
    assert said == []
    assert slots["complaint_category"] == "lampu_jalan"
    assert slots["complaint_place"]["kelurahan"] == "Sukamaju"


async def test_location_shared_outside_a_form_is_explained(engine: Engine) -> None:
    outside = {"location": {"latitude": -6.2, "longitude": 106.8}}
    said, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker("/share_location", intent="share_location", metadata=outside, loop=None),
    )
    assert said == ["utter_complaint_invalid_location_outside_city"]
    assert slots["complaint_location"] is None
    inside = {"location": {"latitude": -7.031, "longitude": 110.411}}
    said, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker("/share_location", intent="share_location", metadata=inside, loop=None),
    )
    assert said == []
    assert slots["complaint_place"]["kelurahan"] == "Sidomulyo"


async def test_thanks_mid_form_is_no_answer(engine: Engine) -> None:
    said, slots, _ = await answer("complaint_category", "terima kasih", intent="thanks")
    assert said == ["utter_complaint_not_sent_yet"]
    assert slots == {"complaint_category": None}


async def test_menu_button_asks_one_question(engine: Engine) -> None:
    # the form's category question (which invites a free description) is the only question
    said, slots, _ = await run(ac.ActionComplaintStart(), tracker("/file_complaint", loop=None))
    assert said == []
    assert all(v is None for v in slots.values())


async def test_category_by_button_or_free_text(engine: Engine) -> None:
    _, slots, _ = await answer(
        "complaint_category",
        '/file_complaint{"complaint_category": "sampah"}',
        entities=[{"entity": "complaint_category", "value": "sampah"}],
    )
    assert slots["complaint_category"] == "sampah"
    assert await next_slot(None, slots) == "complaint_description"
    _, slots, _ = await answer("complaint_category", "got mampet di depan rumah, air naik")
    assert slots["complaint_category"] == "banjir_drainase"
    assert slots["complaint_description"] == "got mampet di depan rumah, air naik"
    said, slots, _ = await answer("complaint_category", "ada ufo mendarat")
    assert said == ["utter_complaint_invalid_category_unknown"]
    assert slots["complaint_category"] is None


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("", "utter_complaint_invalid_description_empty"),
        ("rusak", "utter_complaint_invalid_description_too_short"),
        ("sangat " * 300, "utter_complaint_invalid_description_too_long"),
    ],
)
async def test_bad_descriptions_keep_other_answers(engine: Engine, text: str, response: str):
    said, slots, _ = await answer(
        "complaint_description", text, slots={"complaint_category": "sampah"}
    )
    assert said == [response]
    assert slots["complaint_description"] is None
    assert "complaint_category" not in slots  # nothing else touched


async def test_html_and_sql_kept_as_text(engine: Engine) -> None:
    evil = "<script>alert(1)</script> lampu mati'; DROP TABLE complaint;--"
    _, slots, _ = await answer("complaint_description", evil, slots={"complaint_category": "x"})
    assert slots["complaint_description"] == evil


async def test_locations(engine: Engine) -> None:
    said, slots, _ = await answer("complaint_location", "Jl. Pemuda 12, Surabaya")
    assert said == ["utter_complaint_invalid_location_outside_city"]
    assert slots["complaint_location"] is None
    said, _, _ = await answer("complaint_location", "pokoknya sana")
    assert said == ["utter_complaint_invalid_location_unclear"]
    said, slots, _ = await answer(
        "complaint_location",
        '/share_location{"latitude": -6.2, "longitude": 106.8}',
        intent="share_location",
        metadata={"location": {"latitude": -6.2, "longitude": 106.8}},
    )
    assert said == ["utter_complaint_invalid_location_outside_city"]
    said, slots, _ = await answer(
        "complaint_location",
        '/share_location{"latitude": -7.031, "longitude": 110.411}',
        intent="share_location",
        entities=[
            {"entity": "latitude", "value": -7.031},
            {"entity": "longitude", "value": 110.411},
        ],
    )
    assert said == []
    assert slots["complaint_place"]["kelurahan"] == "Sidomulyo"
    assert slots["complaint_place"]["latitude"] == pytest.approx(-7.031)


async def test_photo_checked_by_content(engine: Engine, settings: Settings) -> None:
    png = save_media(settings.runtime_dir, PNG, expect="image")
    media_dir = Path(settings.runtime_dir) / "media"
    (media_dir / "laporan.jpg").write_bytes(PDF)  # a "photo" that is really a PDF
    said, slots, _ = await answer(
        "complaint_photo",
        "/share_image",
        intent="share_image",
        metadata={"attachments": [png.model_dump()]},
    )
    assert said == [] and slots["complaint_photo"] == png.url
    said, slots, _ = await answer(
        "complaint_photo",
        "/share_image",
        intent="share_image",
        metadata={"attachments": [{"kind": "image", "url": "media/laporan.jpg"}]},
    )
    assert said == ["utter_complaint_invalid_photo_not_image"]
    assert slots["complaint_photo"] is None
    said, slots, _ = await answer("complaint_photo", "lewati")
    assert slots["complaint_photo"] == "none"
    said, _, _ = await answer("complaint_photo", "sebentar ya")
    assert said == ["utter_complaint_invalid_photo_send_now"]
    said, _, _ = await answer("complaint_photo", "hmm")
    assert said == ["utter_complaint_invalid_photo_missing"]


async def test_contact_only_when_agreed_and_nik_checked(engine: Engine) -> None:
    base = {k: FILLED[k] for k in list(FILLED)[:7]}
    _, slots, _ = await answer("complaint_contact_ok", "tidak usah", slots=base)
    assert slots["complaint_contact_ok"] == "tidak"
    assert await next_slot(base, slots) == "complaint_confirm"
    _, slots, _ = await answer("complaint_contact_ok", "ya", slots=base)
    assert slots["requested_slot"] == "complaint_phone"
    with_ok = {**base, "complaint_contact_ok": "ya"}
    said, slots, _ = await answer("complaint_phone", "12345", slots=with_ok)
    assert said == ["utter_complaint_invalid_phone_invalid"]
    _, slots, _ = await answer("complaint_phone", "+62 812-3456-7890", slots=with_ok)
    assert slots["complaint_phone"] == "081234567890"
    assert slots["requested_slot"] == "complaint_nik"
    said, slots, _ = await answer("complaint_nik", "1234567890123456", slots=with_ok)
    assert said == ["utter_complaint_invalid_nik_invalid"] and slots["complaint_nik"] is None
    _, slots, _ = await answer("complaint_nik", "3201011508900001", slots=with_ok)
    expected = svc.nik_hmac(action_context.get().settings.secret_key, "3201011508900001")
    assert slots["complaint_nik"] == expected and "3201011508900001" not in str(slots)
    assert slots["complaint_nik_masked"] == "3201************"
    _, slots, _ = await answer("complaint_nik", "lewati", slots=with_ok)
    assert slots["complaint_nik"] == "none"


async def test_summary_and_corrections(engine: Engine) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("", slots={**FILLED, "complaint_confirm": None}, requested="complaint_confirm")
    await ac.ActionAskComplaintConfirm().run(dispatcher, t, DOMAIN)
    msg = dispatcher.messages[0]
    assert msg["response"] == "utter_complaint_summary"
    assert msg["category_name"] == "Lampu penerangan jalan mati"
    assert msg["photo"] == "tidak ada" and msg["contact"] == "tidak perlu dihubungi"
    slots_in = {**FILLED, "complaint_confirm": None}
    _, slots, _ = await answer("complaint_confirm", "ubah lokasi", slots=slots_in)
    assert slots["complaint_location"] is None and slots["complaint_place"] is None
    assert await next_slot(slots_in, slots) == "complaint_location"
    _, slots, _ = await answer("complaint_confirm", "ganti kategori", slots=slots_in)
    assert slots["complaint_category"] is None
    said, slots, _ = await answer("complaint_confirm", "hmm entahlah", slots=slots_in)
    assert said == ["utter_complaint_invalid_confirm_unclear"]
    _, slots, _ = await answer("complaint_confirm", "kirim", slots=slots_in)
    assert slots["complaint_confirm"] == "kirim"
    assert await next_slot(slots_in, slots) is None


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


async def test_cleared_slots_are_not_answers(engine: Engine) -> None:
    """Slots reset to None by the start action are validated silently (no error)."""
    dispatcher = CollectingDispatcher()
    t = Tracker(
        "web:x",
        {"requested_slot": None},
        {"text": "lampu mati", "intent": {"name": "file_complaint"}, "entities": []},
        [{"event": "slot", "name": s, "value": None} for s in ac.FORM_SLOTS],
        False,
        None,
        {"name": "complaint_form"},
        "action_listen",
    )
    events = await ac.ValidateComplaintForm().run(dispatcher, t, DOMAIN)
    assert dispatcher.messages == []
    assert all(e["value"] is None for e in events if e["name"] != "requested_slot")
    rating = await ac.ValidateComplaintRatingForm().run(
        dispatcher,
        Tracker(
            "web:x",
            {"requested_slot": None},
            {"text": "/rate_service", "intent": {"name": "rate_service"}, "entities": []},
            [{"event": "slot", "name": "complaint_rating_comment", "value": None}],
            False,
            None,
            {"name": "complaint_rating_form"},
            "action_listen",
        ),
        DOMAIN,
    )
    assert all(e["value"] is None for e in rating)


async def test_cancel_at_any_question(engine: Engine) -> None:
    _, slots, _ = await answer("complaint_photo", "batal", slots={"complaint_category": "sampah"})
    assert slots == {"complaint_confirm": "batal", "requested_slot": None}
    said, slots, _ = await run(
        ac.ActionComplaintSubmit(), tracker("batal", slots={**FILLED, "complaint_confirm": "batal"})
    )
    assert said == ["utter_complaint_cancelled"]
    with Session(engine) as s:
        assert svc.list_complaints(s, svc.ComplaintFilters()) == []
