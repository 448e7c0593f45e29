"""Two misreadings of the classifier that cost an elderly caller dearly (lead's probe of
2026-12-04): a question about a death certificate told with "sudah ... minggu lalu" read as a
status check (the caller was asked for a report number), and "tidak ada surat dari bidan"
after the birth certificate read, half-sure, as an emergency (112 and the officers' queue)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions import complaint as ac
from actions.emergency import ActionEmergency
from tests.actions.complaint_helpers import DOMAIN
from tests.actions.complaint_helpers import tracker as complaint_tracker
from tests.actions.test_inquiry import parse, run_events

DEATH = (
    "eee permisi nak saya mau tanya bapak saya sudah meninggal minggu lalu"
    " terus ngurus surat kematiannya bagaimana"
)


def status_tracker(text: str, ranking: list[tuple[str, float]]) -> Tracker:
    t = complaint_tracker(text, intent="check_complaint_status", sender="web:x", loop=None)
    t.latest_message = {**parse(text, intent="check_complaint_status", ranking=ranking)}
    return t


async def test_a_question_read_as_a_status_check_gets_its_answer(engine: Any) -> None:
    t = status_tracker(DEATH, [("akta_kematian", 0.92)])
    msgs, events = await run_events(ac.ActionComplaintStatus(), t)
    assert [m["response"] for m in msgs] == ["utter_faq/akta_kematian"]
    assert SlotSet("last_topic", "akta_kematian") in events


async def test_a_real_status_check_still_asks_the_number(engine: Any) -> None:
    t = status_tracker("laporan saya sudah seminggu belum ada kabar", [("akta_kematian", 0.3)])
    msgs, _ = await run_events(ac.ActionComplaintStatus(), t)
    assert [m["response"] for m in msgs] == ["utter_ask_ticket_code"]
    assert "utter_ask_ticket_code" in DOMAIN["responses"]


def emergency_tracker(text: str, confidence: float, last_topic: str | None) -> Tracker:
    message = parse(text, intent="emergency", conf=confidence)
    events = [{"event": "user", "text": text, "parse_data": message}]
    slots = {"last_topic": last_topic}
    return Tracker("web:t", slots, message, events, False, None, {}, "action_listen")


async def test_an_unsure_emergency_in_the_last_topics_words_is_a_followup(engine: Any) -> None:
    t = emergency_tracker("tidak ada surat dari bidan", 0.52, "akta_kelahiran")
    msgs, events = await run_events(ActionEmergency(), t)
    assert [m["response"] for m in msgs][:1] != ["utter_emergency"]
    assert not any(e.get("event") == "followup" for e in events)
    assert SlotSet("last_topic", "akta_kelahiran") in events


async def test_emergencies_stay_emergencies(engine: Any) -> None:
    cases = [
        ("tidak ada surat dari bidan", 0.9, "akta_kelahiran"),  # the classifier is sure
        ("istri saya pendarahan hebat tidak ada bidan", 0.6, "akta_kelahiran"),  # new words
        ("tidak ada surat dari bidan", 0.52, None),  # nothing answered before
        ("rumah sebelah kebakaran", 0.5, "akta_kelahiran"),  # an emergency phrase
    ]
    for text, confidence, last in cases:
        msgs, _ = await run_events(ActionEmergency(), emergency_tracker(text, confidence, last))
        assert [m["response"] for m in msgs][:1] == ["utter_emergency"], text


async def test_a_question_read_as_a_rating_is_answered_as_a_followup(engine: Any) -> None:
    text = "sekeluarga 4 orang semua harus datang?"
    message = parse(text, intent="rate_service", conf=0.46)
    events = [{"event": "user", "text": text, "parse_data": message}]
    t = Tracker("web:t", {"last_topic": "pindah_datang"}, message, events, False, None, {}, "")
    msgs, _ = await run_events(ac.ActionComplaintRate(), t)
    assert msgs and msgs[0]["response"] != "utter_ask_ticket_code"
    assert msgs[0]["response"].startswith(("utter_followup_", "utter_faq/"))


async def test_a_rating_without_its_ticket_still_asks_for_it(engine: Any) -> None:
    for text in ("5", "bintang 4 deh, petugasnya cepat sekali datang"):
        message = parse(text, intent="rate_service")
        events = [{"event": "user", "text": text, "parse_data": message}]
        t = Tracker("web:t", {"last_topic": "ktp_baru"}, message, events, False, None, {}, "")
        msgs, _ = await run_events(ac.ActionComplaintRate(), t)
        assert [m["response"] for m in msgs] == ["utter_ask_ticket_code"], text
