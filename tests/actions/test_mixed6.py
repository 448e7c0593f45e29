"""The conversation around the services (topic mixed6): a wish to report said after an answer
is read as a status check or a rating ("saya mau lapor", "lapor aja deh", "gimana cara
laporinnya"): the complaint form starts, no report number is asked for; a question about an
emergency that has not happened ("kalau ada kebakaran nomor darurat berapa?") is answered,
no alarm; a real one still gets 112; a greeting in English only gets a word on the language
and the menu."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions import complaint as ac
from actions.emergency import ActionEmergency
from actions.greeting import ActionGreet
from actions.inquiry import ActionAnswerFaq
from app.services.knowledge import get_knowledge_base
from core.lang.wishes import english_greeting, is_hypothetical, wants_to_report
from core.texts import t
from tests.actions.test_inquiry import parse, run_events

COMPLAINT_FORM = FollowupAction("complaint_form")


def after_answer(text: str, intent: str, last_topic: str = "jadwal_sampah") -> Tracker:
    message = parse(text, intent=intent, conf=0.6)
    events = [{"event": "user", "text": text, "parse_data": message}]
    return Tracker("web:m6", {"last_topic": last_topic}, message, events, False, None, {}, "")


# ---- a wish to report after an answer


@pytest.mark.parametrize(
    "text", ["saya mau lapor", "lapor aja deh", "gimana cara laporinnya", "pengen ngadu min"]
)
async def test_a_wish_to_report_read_as_a_status_check_starts_the_report(
    engine: Any, text: str
) -> None:
    msgs, events = await run_events(
        ac.ActionComplaintStatus(), after_answer(text, "check_complaint_status")
    )
    assert COMPLAINT_FORM in events, text
    assert "utter_ask_ticket_code" not in [m.get("response") for m in msgs], text


@pytest.mark.parametrize("text", ["lapor aja deh", "saya mau lapor"])
async def test_a_wish_to_report_read_as_a_rating_starts_the_report(engine: Any, text: str) -> None:
    msgs, events = await run_events(ac.ActionComplaintRate(), after_answer(text, "rate_service"))
    assert COMPLAINT_FORM in events, text
    assert "utter_ask_ticket_code" not in [m.get("response") for m in msgs], text


@pytest.mark.parametrize(
    "text",
    [
        "laporan saya sudah sampai mana ya",  # the noun: a report to check
        "saya sudah lapor kemarin tapi belum ada kabar",  # a report already made
        "cek status laporan saya dong",
    ],
)
async def test_a_status_check_still_asks_the_number(engine: Any, text: str) -> None:
    msgs, events = await run_events(
        ac.ActionComplaintStatus(), after_answer(text, "check_complaint_status")
    )
    assert COMPLAINT_FORM not in events, text
    assert [m.get("response") for m in msgs] == ["utter_ask_ticket_code"], text


async def test_a_wish_to_report_with_a_ticket_is_a_status_check(engine: Any) -> None:
    text = "mau lapor, nomor saya LPR-2026-999999 gimana"  # a number named: that report
    msgs, events = await run_events(
        ac.ActionComplaintStatus(), after_answer(text, "check_complaint_status")
    )
    assert COMPLAINT_FORM not in events
    assert msgs  # the number's answer (here: not found), never the form


def test_wishes_to_report_in_words() -> None:
    for text in ("saya mau lapor", "lapor aja deh", "gimana cara laporinnya", "mau ngadu"):
        assert wants_to_report(text), text
    for text in (
        "laporan sy udh sampe mana",
        "sy udh lapor tp blm ditindak",
        "cek laporan saya",
        "status LPR-2026-000001",
        "syarat bikin ktp",
        "",
    ):
        assert not wants_to_report(text), text


# ---- a question about an emergency that has not happened

HYPOTHETICAL = [
    "kalau ada kebakaran nomor darurat berapa?",
    "min klo banjir nanti ngungsinya kmn ya",
    "kalau banjir sepinggang harus ngungsi ke mana?",
]
REAL = [
    "rumah saya kebanjiran sekarang, air sudah sepinggang",
    "tolong ada kebakaran di sebelah rumah",
    "kalau bisa tolong cepat, rumah tetangga kebakaran!",
    "kebakaran di pasar, kalau bisa kirim damkar",  # no question: happening
]


def test_hypothetical_questions_in_words() -> None:
    for text in HYPOTHETICAL:
        assert is_hypothetical(text), text
        assert not get_knowledge_base().is_emergency(text), text
    for text in REAL:
        assert not is_hypothetical(text), text
        assert get_knowledge_base().is_emergency(text), text


def emergency_tracker(text: str, intent: str = "emergency", conf: float = 1.0) -> Tracker:
    message = parse(text, intent=intent, conf=conf, ranking=[("damkar_non_darurat", 0.7)])
    events = [{"event": "user", "text": text, "parse_data": message}]
    return Tracker("web:m6", {}, message, events, False, None, {}, "action_listen")


async def test_a_hypothetical_emergency_question_is_answered(engine: Any) -> None:
    for text in HYPOTHETICAL:
        for action in (ActionEmergency(), ActionAnswerFaq()):
            msgs, _ = await run_events(action, emergency_tracker(text))
            responses = [m.get("response") for m in msgs]
            assert "utter_emergency" not in responses, (text, action.name())
            assert msgs, text


async def test_a_real_emergency_still_gets_the_alarm(engine: Any) -> None:
    for text in REAL:
        msgs, _ = await run_events(ActionEmergency(), emergency_tracker(text))
        assert [m.get("response") for m in msgs][:1] == ["utter_emergency"], text
        msgs, _ = await run_events(ActionAnswerFaq(), emergency_tracker(text, "faq", 0.8))
        assert [m.get("response") for m in msgs][:1] == ["utter_emergency"], text


# ---- a greeting in English


async def greet(text: str) -> list[dict[str, Any]]:
    from rasa_sdk.executor import CollectingDispatcher

    tracker = Tracker(
        "web:m6", {}, {"text": text, "intent": {"name": "greet"}}, [], False, None, {}, ""
    )
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, tracker, {})
    return dispatcher.messages


async def test_an_english_greeting_gets_a_word_on_the_language_and_the_menu() -> None:
    for text in ("hello", "Hello, good morning. Can you help me?", "hi there"):
        first, menu = await greet(text)
        assert first["text"] == t("actions.english_greeting"), text
        assert menu["response"] == "utter_greet", text


async def test_indonesian_and_mixed_greetings_get_the_menu_alone() -> None:
    for text in ("halo", "hi min", "selamat pagi", "hello kak mau tanya ktp"):
        assert [m.get("response") for m in await greet(text)] == ["utter_greet"], text
    assert not english_greeting("help")  # no greeting word: not a greeting


async def test_an_english_greeting_typed_on_as_the_greeting_is_still_read() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from app.services.greeting_words import is_ping

    said = "good morning, can you help me?"
    assert is_ping(said)  # the app sends it on as /greet, the words in the metadata
    latest = {"text": "/greet", "intent": {"name": "greet"}, "metadata": {"said": said}}
    tracker = Tracker("web:m6", {}, latest, [], False, None, {}, "")
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, tracker, {})
    assert [m.get("text") for m in dispatcher.messages][:1] == [t("actions.english_greeting")]
    assert not is_ping("hello kak mau tanya ktp")  # Indonesian after it: read as it is


# ---- an officer asked for in Sundanese or Javanese; data rights in chat spelling


def test_an_officer_asked_for_in_regional_words() -> None:
    from app.services.officer_words import asks_for_officer

    assert asks_for_officer("punten, abdi hoyong nyarios sareng jalmi, sanes sareng mesin")
    assert asks_for_officer("kula badhe matur kalih tiyang mawon")
    assert not asks_for_officer("pedagangnya ngomong kasar sama orang lewat")


def test_data_rights_in_chat_spelling() -> None:
    from app.services.data_rights import matches

    assert matches("erase", "oke, hapus aja semua data sy ya min")
    assert matches("erase", "tolong hapusin data gue ya")
    assert matches("see", "min data sy apa aja sih yg disimpen disini?")
    assert matches("confirm", "Ya, hapus data saya") and matches("cancel", "ga jadi")
    assert not matches("erase", "hapus laporan saya")  # a report, not one's data
    assert not matches("erase", "cara hapus akun")


# ---- a bare wish to report as a follow-up; the number said before a hypothetical's answer


def followup_tracker(text: str, slots: dict[str, Any]) -> Tracker:
    message = parse(text, intent="ask_followup", conf=0.4)
    events = [{"event": "user", "text": text, "parse_data": message}]
    return Tracker("web:m6", slots, message, events, False, None, {}, "action_listen")


async def test_a_bare_wish_to_report_as_a_followup_starts_the_report(engine: Any) -> None:
    from actions.inquiry import ActionAnswerFollowup

    for text in ("gimana cara laporinnya", "mau lapor aja deh min"):
        t_ = followup_tracker(text, {"last_topic": "pohon_rawan"})
        _, events = await run_events(ActionAnswerFollowup(), t_)
        assert COMPLAINT_FORM in events, text


async def test_a_followup_naming_a_thing_or_after_another_office_is_no_report(
    engine: Any,
) -> None:
    from actions.inquiry import ActionAnswerFollowup

    cases = [
        ("lapor kehilangannya ke polisi gimana", {"last_topic": "ktp_hilang"}),
        ("trs lapornya kmn min", {"last_topic": None, "last_elsewhere": "Sertifikat tanah"}),
        ("gimana cara laporinnya", {"last_topic": None, "last_elsewhere": "Sertifikat tanah"}),
    ]
    for text, slots in cases:
        _, events = await run_events(ActionAnswerFollowup(), followup_tracker(text, slots))
        assert COMPLAINT_FORM not in events, text


def test_bare_wishes_in_words() -> None:
    from core.lang.wishes import bare_wish_to_report

    for text in ("gimana cara laporinnya", "lapor aja deh", "bisa lapor di sini?"):
        assert bare_wish_to_report(text), text
    for text in ("lapor kehilangannya ke polisi gimana", "kalau mau lapor pungli ke mana?"):
        assert not bare_wish_to_report(text), text


async def test_the_number_is_said_before_a_hypotheticals_answer(engine: Any) -> None:
    text = "kalau ada kebakaran nomor darurat berapa?"
    msgs, events = await run_events(ActionEmergency(), emergency_tracker(text))
    number = get_knowledge_base().emergency_number
    assert msgs[0]["text"] == t("actions.emergency_if", number=number)
    assert not any(e.get("name") == "handoff_reason" for e in events)  # no officer's queue
    assert not any(e.get("event") == "followup" for e in events)


# ---- a status check that says its number is forgotten: the reports of this account at once


def test_a_status_check_with_its_number_forgotten_gets_the_reports(engine: Any) -> None:
    from sqlmodel import Session

    from app.services import forgot_code
    from app.services.transcripts import get_or_create_conversation, log_message

    with Session(engine) as session:
        conv = get_or_create_conversation(session, "telegram", "m6-forgot").id
        log_message(session, conv, "out", "bot", "Ada lagi yang bisa saya bantu?")
        session.commit()
        said = "min mau nanya laporan sy minggu lalu udh sampe mana ya, nomernya lupa"
        [reply] = forgot_code.answer(session, conv, said) or []
        assert "LPR-" in reply.text and reply.buttons[-1].payload == "/request_human"
        for other in (
            "laporan saya kemarin gimana, nomor hp saya lupa",  # a phone's number
            "laporan saya sudah sampai mana",  # nothing forgotten: the number is asked
            "mau lapor lampu mati, nomornya lupa",  # a new report: no report noun
        ):
            assert forgot_code.answer(session, conv, other) is None, other


# ---- the officer request withdrawn in words while waiting


def test_a_cancel_with_an_interjection_while_waiting() -> None:
    from app.services.handoff_citizen import typed_cancel

    for text in ("eh ga jadi deh", "eh gak jadi deh min", "aduh ga jadi deh kak", "batal"):
        assert typed_cancel(text), text
    for text in ("batalkan pesanan saya", "tolong batalin booking saya dong"):
        assert not typed_cancel(text), text  # for the officer
