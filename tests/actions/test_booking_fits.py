"""Several facilities named and the group already said: only those that hold it are offered,
the one that does is taken (bench w-16: "ruang rapat di perpustakaan ... buat 15 orang" was
offered Melati, 12 seats, beside Kenanga, 30)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions import booking as act
from tests.actions.booking_helpers import DOMAIN, pinned_clock, tracker  # noqa: F401 (autouse)


def facility_for(text: str, slots: dict | None = None) -> tuple[str | None, str]:
    dispatcher = CollectingDispatcher()
    trk = tracker(text, slots, requested="booking_facility")
    got = act.ValidateBookingForm().validate_booking_facility(
        "ruang rapat perpustakaan", dispatcher, trk, DOMAIN
    )
    said = " ".join(str(m.get("text") or m.get("response") or "") for m in dispatcher.messages)
    return got["booking_facility"], said


def test_the_one_room_that_holds_the_group_is_taken(engine) -> None:
    got, said = facility_for("mau pinjam ruang rapat perpustakaan buat 15 orang")
    assert got == "perpus-rapat-2" and "15 orang" in said and "Kenanga" in said
    got, _ = facility_for("ruang rapat perpustakaan", {"booking_people": "20"})
    assert got == "perpus-rapat-2"


def test_a_group_both_hold_or_none_said_gets_the_choice(engine) -> None:
    for text in ("mau pinjam ruang rapat perpustakaan buat 8 orang", "ruang rapat perpustakaan"):
        got, said = facility_for(text)
        assert got is None and "utter_booking_which_facility" in said, text
