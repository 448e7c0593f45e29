"""'Laporan saya yang tadi', 'batalin yang barusan': the code this conversation was given
is used when the citizen says none (bench f-09, f-10, f-19, f-20 were asked to type it)."""

from __future__ import annotations

from datetime import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import booking as act
from actions import complaint as ac
from actions import recent
from app.services import bookings as svc
from app.services.dates_id import local
from tests.actions.booking_helpers import DOMAIN as BOOKING_DOMAIN
from tests.actions.booking_helpers import NOW, SAT
from tests.actions.complaint_helpers import DOMAIN as COMPLAINT_DOMAIN
from tests.actions.complaint_helpers import FILLED
from tests.actions.complaint_helpers import run as run_complaint
from tests.actions.complaint_helpers import tracker as complaint_tracker
from tests.booking_writes import FACILITIES, committed


def said(*texts: str) -> list[dict[str, Any]]:
    return [{"event": "bot", "text": t} for t in texts]


def with_events(t: Tracker, events: list[dict[str, Any]]) -> Tracker:
    t.events = events
    return t


ASK = "Mohon tulis nomor laporan Anda, contohnya LPR-2026-000123."


def test_the_one_code_said_not_the_example() -> None:
    filed = "Terima kasih, laporan Anda sudah kami terima dengan nomor LPR-2026-000008."
    t = Tracker(
        "web:a", {}, {}, said(ASK, filed, 'cukup tulis "cek LPR-2026-000008"'), False, None, {}, ""
    )
    assert recent.the_ticket(t) == "LPR-2026-000008"
    t.events = said(ASK)
    assert recent.the_ticket(t) is None  # only the example
    t.events = said(filed, "Laporan LPR-2026-000009 sudah kami terima")
    assert recent.the_ticket(t) is None  # two reports: which one is asked
    t.events = said("Kodenya diawali BK-, contohnya BK-7K3M9Q.", "Kode pemesanan Anda: BK-WFMR3F.")
    assert recent.the_booking(t) == "BK-WFMR3F"


async def test_status_of_the_report_just_filed_without_its_code(engine) -> None:
    await run_complaint(
        ac.ActionComplaintSubmit(), complaint_tracker("kirim", slots=FILLED, sender="web:me")
    )
    receipt = said("Terima kasih, laporan Anda sudah kami terima dengan nomor LPR-2026-000001.")
    for events, expected in (
        (receipt, "utter_complaint_status_detail"),
        ([], "utter_ask_ticket_code"),
    ):
        d = CollectingDispatcher()
        t = complaint_tracker(
            "laporan saya yang tadi gimana statusnya?",
            intent="check_complaint_status",
            sender="web:me",
            loop=None,
        )
        await ac.ActionComplaintStatus().run(d, with_events(t, events), COMPLAINT_DOMAIN)
        assert d.messages[0]["response"] == expected


async def test_cancel_the_booking_just_made_without_its_code(engine, monkeypatch) -> None:
    from actions import context as action_context

    monkeypatch.setattr(action_context.get(), "clock", lambda: NOW)
    booking = committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:owner",
        now=NOW,
    )
    values: dict[str, Any] = {name: None for name in BOOKING_DOMAIN["slots"]}

    async def cancel(requested: str | None) -> dict[str, Any]:
        latest = {
            "text": "eh ga jadi, batalin yang barusan",
            "intent": {"name": "cancel_booking"},
            "entities": [],
        }
        t = Tracker(
            "web:owner",
            {**values, "requested_slot": requested},
            latest,
            [],
            False,
            None,
            {"name": "cancel_booking_form"},
            "action_listen",
        )
        t.events = said(f"Pemesanan berhasil. Kode pemesanan Anda: {booking.code}.")
        d = CollectingDispatcher()
        events = await act.ValidateCancelBookingForm().run(d, t, BOOKING_DOMAIN)
        return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}

    assert (await cancel(None))["booking_code"] == booking.code
    # once the code has been asked for, the answer is what counts (no silent refill)
    assert (await cancel("booking_code")).get("booking_code") != booking.code
