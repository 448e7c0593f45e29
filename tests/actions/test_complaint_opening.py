"""A whole complaint in one message: its photo, contact and privacy clauses are answers
(bench f-01 was asked all three after saying them)."""

from __future__ import annotations

from actions import complaint as ac
from actions.complaint.opening import said_up_front
from tests.actions.complaint_helpers import run, tracker

WHOLE = (
    "min mau lapor lampu jalan mati udh 3 hari di jl cemara rt 02 sukasari, ga ada foto, "
    "ga usah hubungin saya, nama biasa aja"
)


def test_each_clause_read_like_its_answer() -> None:
    assert said_up_front(WHOLE) == {
        "complaint_photo": "none",
        "complaint_contact_ok": "tidak",
        "complaint_privacy": "biasa",
    }
    formal = "jalan berlubang di Jl. Merdeka, tidak ada fotonya, nama saya jangan ditampilkan"
    assert said_up_front(formal) == {"complaint_photo": "none", "complaint_privacy": "anonim"}
    # a complaint that says none of them answers none of them
    assert said_up_front("ada pohon tumbang di jl beringin, mobil tidak bisa lewat") == {}
    assert said_up_front("fotonya ada, nanti saya kirim") == {}


async def test_the_start_keeps_them(engine) -> None:
    _, slots, _ = await run(ac.ActionComplaintStart(), tracker(WHOLE, loop=None))
    assert slots["complaint_photo"] == "none" and slots["complaint_contact_ok"] == "tidak"
    assert slots["complaint_privacy"] == "biasa" and slots["complaint_category"] == "lampu_jalan"
