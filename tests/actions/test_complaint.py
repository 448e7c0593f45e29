"""Complaint form with real trackers, a real database and the real domain file: the opening
message, each question's answers and errors, the summary, cancelling. Filing and after:
test_complaint_filing.py; helpers: complaint_helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from sqlmodel import Session

from actions import complaint as ac
from actions import context as action_context
from app.config import Settings
from app.services import complaints as svc
from app.services.media import save_media
from tests.actions.complaint_helpers import (
    DOMAIN,
    FILLED,
    PDF,
    PNG,
    answer,
    next_slot,
    run,
    tracker,
)


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
    # probe 2026-12-03: "kirim" at the optional NIK question got "NIK itu tidak valid"
    for go_on in ("kirim", "langsung kirim aja", "udah itu aja"):
        said, slots, _ = await answer("complaint_nik", go_on, slots=with_ok)
        assert slots["complaint_nik"] == "none" and said == []


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
    # a bare "ga" to "Kirim laporan ini?" loses nothing: asked what to change, with the
    # summary's buttons; a second no cancels
    dispatcher = CollectingDispatcher()
    events = await ac.ValidateComplaintForm().run(
        dispatcher, tracker("ga", slots=slots_in, requested="complaint_confirm"), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_confirm"] is None and slots["form_attempts"] == "complaint_confirm:1"
    [asked] = dispatcher.messages
    assert "belum saya kirim" in asked["text"]
    assert {"Kirim", "Ubah lokasi", "Batal"} <= {b["title"] for b in asked["buttons"]}
    again = {**slots_in, "form_attempts": "complaint_confirm:1"}
    _, slots, _ = await answer("complaint_confirm", "tidak", slots=again)
    assert slots["complaint_confirm"] == "batal"


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


async def test_more_about_the_problem_at_the_photo_question_is_kept(engine: Engine) -> None:
    """Asked for a photo, a resident goes on describing the problem: the words are added to
    the description and the photo is asked again, no failed answer counted."""
    base = {k: FILLED[k] for k in list(FILLED)[:4]}
    base["complaint_description"] = "Jalan berlubang"
    said, slots, _ = await answer(
        "complaint_photo", "lubangnya besar bikin motor jatuh", slots=base
    )
    assert slots["complaint_description"] == "Jalan berlubang. lubangnya besar bikin motor jatuh"
    assert slots["complaint_photo"] is None and "form_attempts" not in {
        k for k, v in slots.items() if v
    }
    assert await next_slot(base, slots) == "complaint_photo"
    # about the photo itself, a no, or the same words again: not more description
    for reply in ("nanti saya kirim fotonya", "ga ada fotonya", "kapan diperbaiki ya"):
        _, slots, _ = await answer("complaint_photo", reply, slots=base)
        assert "complaint_description" not in slots, reply
    again = {**base, "complaint_description": "Jalan berlubang. Lubangnya besar"}
    said, slots, _ = await answer("complaint_photo", "lubangnya besar", slots=again)
    assert said == ["utter_complaint_invalid_photo_missing"]
