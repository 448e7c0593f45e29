"""A free time typed under the buttons of one day's free starts is the tap of that button
(bench g-13: "jam 4 sore aj" after "masih kosong pada jam berikut" got a FAQ menu)."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.transcripts import get_or_create_conversation, log_message
from app.services.typed_slots import last_buttons, typed_slot


def slot(day: str, at: str, fac: str = "futsal") -> dict[str, str]:
    value = json.dumps({"booking_slot": f"{fac} {day} {at}"}, separators=(",", ":"))
    return {"title": at.replace(":", "."), "payload": "/book_facility" + value}


FREE = [slot("2026-12-04", "15:00"), slot("2026-12-04", "16:00"), slot("2026-12-04", "17:00")]


def test_a_time_named_is_its_button() -> None:
    assert typed_slot(FREE, "jam 4 sore aj") == FREE[1]["payload"]
    assert typed_slot(FREE, "16.00") == FREE[1]["payload"]
    assert typed_slot(FREE, "yang jam 5 ya min") == FREE[2]["payload"]  # afternoon, as offered


def test_anything_else_goes_to_the_assistant_as_said() -> None:
    assert typed_slot(FREE, "jam 9 pagi") is None  # not offered
    assert typed_slot(FREE, "besok jam 4 sore") is None  # names a day
    assert typed_slot(FREE, "mau lapor lampu mati") is None
    assert typed_slot([], "jam 4 sore") is None
    two_days = [slot("2026-12-04", "16:00"), slot("2026-12-05", "16:00")]
    assert typed_slot(two_days, "jam 4 sore") is None  # which day? the assistant asks
    menu = [*FREE, {"title": "Bicara dengan petugas", "payload": "/request_human"}]
    assert typed_slot(menu, "jam 4 sore") is None


def test_only_the_last_message_buttons_count(engine: Engine) -> None:
    with Session(engine) as session:
        conv = get_or_create_conversation(session, "web", "warga-typed")
        log_message(session, conv.id, "out", "bot", "kosong jam berikut", payload=FREE)
        session.commit()
        assert last_buttons(session, conv.id) == FREE
        log_message(session, conv.id, "out", "bot", "Ada lagi yang bisa dibantu?")
        session.commit()
        assert last_buttons(session, conv.id) == []


def test_a_time_past_a_cut_list_is_that_start() -> None:
    # bench w-17: [06.00] ... [13.00] (the first 8 free starts), then "jam 4 sore aja" got the
    # office hours; a later time of the same facility and day goes to the form to be checked
    cut = [slot("2026-12-14", f"{h:02d}:00", "tenis-b") for h in range(6, 14)]
    assert typed_slot(cut, "jam 4 sore aja") == slot("2026-12-14", "16:00", "tenis-b")["payload"]
    assert typed_slot(cut, "jam 4") == slot("2026-12-14", "16:00", "tenis-b")["payload"]
    assert typed_slot(cut, "besok jam 4 sore") is None  # another day: the assistant asks
    assert typed_slot(FREE, "jam 8 malam") is None  # a list shown whole: not offered, as before


def test_two_facilities_listed_one_after_the_other(engine: Engine) -> None:
    # bench t-08: "Tenis A ... [16.00]", "Tenis B ... [15.00] [17.00]", then "jam 4an" got
    # the office hours: the buttons of the whole turn count, and only one has 16.00
    court_a = [slot("2026-12-08", "16:00", "tenis-a")]
    court_b = [slot("2026-12-08", "15:00", "tenis-b"), slot("2026-12-08", "17:00", "tenis-b")]
    with Session(engine) as session:
        conv = get_or_create_conversation(session, "web", "warga-courts")
        log_message(session, conv.id, "in", "citizen", "besok sore masih ada yg kosong?")
        log_message(session, conv.id, "out", "bot", "Tenis A kosong", payload=court_a)
        log_message(session, conv.id, "out", "bot", "Tenis B kosong", payload=court_b)
        log_message(session, conv.id, "in", "citizen", "jam 4an")  # logged before it is read
        session.commit()
        buttons = last_buttons(session, conv.id, whole_turn=True)
        assert buttons == court_a + court_b
        assert last_buttons(session, conv.id) == court_b  # the last message alone
    assert typed_slot(buttons, "jam 4an") == court_a[0]["payload"]
    assert typed_slot(buttons, "jam 5 sore") == court_b[1]["payload"]
    both = [slot("2026-12-08", "16:00", "tenis-a"), slot("2026-12-08", "16:00", "tenis-b")]
    # free on both courts: the first listed (the form's confirmation names it)
    assert typed_slot(both, "jam 4 sore") == both[0]["payload"]
    assert typed_slot(buttons, "jam 8 malam") is None  # offered by neither


def test_an_earlier_turn_s_buttons_do_not_count(engine: Engine) -> None:
    with Session(engine) as session:
        conv = get_or_create_conversation(session, "web", "warga-earlier")
        log_message(session, conv.id, "out", "bot", "kosong jam berikut", payload=FREE)
        log_message(session, conv.id, "in", "citizen", "makasih")
        log_message(session, conv.id, "out", "bot", "Sama-sama")
        session.commit()
        assert last_buttons(session, conv.id, whole_turn=True) == []
