"""Someone who cannot come (old, ill, disabled): the kiosk's own users. A follow-up asking
whether an officer can come to the house gets the topic's home service, a first question that
says so gets it after the full answer, and the words of it mean nothing special after a topic
that has no such service."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.inquiry import ActionAnswerFaq, ActionAnswerFollowup
from actions.inquiry_choice import decide, followup
from app.services.knowledge import get_knowledge_base
from tests.actions.test_inquiry import in_context, parse, run_events

pytestmark = pytest.mark.usefixtures("engine")


@pytest.mark.parametrize(
    ("last", "text", "value_part"),
    [
        ("ktp_baru", "bisa didatangi ke rumah tidak", "datang ke rumah"),
        ("ktp_baru", "ibu saya sudah sepuh, lumpuh, bisa petugas yang datang ke rumah?", "jemput"),
        ("ktp_rusak", "bapak saya stroke ga bisa dateng gmn", "keluarga satu KK"),
        ("kk_baru", "saya lagi sakit, harus datang sendiri?", "anggota keluarga"),
        ("disabilitas", "anak saya pakai kursi roda, bisa dikunjungi?", "ke rumah"),
    ],
)
async def test_a_followup_about_coming_to_the_house_gets_the_home_service(
    last: str, text: str, value_part: str
) -> None:
    msgs, events = await run_events(
        ActionAnswerFollowup(), in_context(parse(text, intent="ask_followup"), last)
    )
    assert [m["response"] for m in msgs] == ["utter_followup_home_service"]
    assert value_part in msgs[0]["value"]
    assert events == [SlotSet("last_topic", last)]


async def test_a_first_question_saying_so_gets_the_answer_then_the_home_service() -> None:
    text = "saya mau tanya bikin ktp untuk ibu saya yang sudah tua tidak bisa jalan"
    msg = parse(text, ranking=[("ktp_baru", 0.95)])
    msgs, events = await run_events(ActionAnswerFaq(), in_context(msg, None))
    assert [m["response"] for m in msgs] == ["utter_faq/ktp_baru", "utter_followup_home_service"]
    assert "jemput bola" in msgs[1]["value"]
    assert events == [SlotSet("last_topic", "ktp_baru")]


def test_a_plain_first_question_gets_the_answer_alone() -> None:
    kb = get_knowledge_base()
    reply = decide(kb, parse("syarat bikin ktp baru", ranking=[("ktp_baru", 0.95)]), None, 0.5)
    assert reply.kind == "answer" and reply.topic is not None and reply.also is None


def test_a_first_question_asking_who_may_come_gets_that_too() -> None:
    kb = get_knowledge_base()
    msg = parse("ktp saya rusak, bisa diwakilkan istri?", ranking=[("ktp_rusak", 0.95)])
    reply = decide(kb, msg, None, 0.5)
    assert reply.topic is not None and reply.topic.id == "ktp_rusak"
    assert reply.also is not None and reply.also.name == "representation"


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("pkh_bpnt", "kalau buat lansia?"),  # who may get it, not a house call
        ("akta_kematian", "meninggalnya di rumah sakit"),
        ("jam_kantor", "kalau lansia ada loket khusus?"),
    ],
)
def test_without_a_home_service_the_words_ask_nothing_of_it(last: str, text: str) -> None:
    kb = get_knowledge_base()
    reply = followup(kb, text, kb.by_id[last])
    assert reply is None or reply.aspect is None or reply.aspect.name != "home_service"
