"""A follow-up asking what the last topic's data never says gets that said, with an officer a
tap away, not the same long answer again; one that only asks again gets the answer again."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.inquiry import ActionAnswerFollowup
from actions.inquiry_choice import answer_followup
from app.services.knowledge import get_knowledge_base
from tests.actions.test_inquiry import in_context, parse, run_events

pytestmark = pytest.mark.usefixtures("engine")


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("ktp_baru", "kalau fotonya pakai kacamata boleh?"),
        ("akta_kelahiran", "kalau bapaknya warga negara asing?"),
    ],
)
async def test_words_the_topic_never_uses_get_not_in_my_data_and_an_officer(
    last: str, text: str
) -> None:
    msgs, _ = await run_events(
        ActionAnswerFollowup(), in_context(parse(text, intent="ask_followup"), last)
    )
    assert [m["response"] for m in msgs] == ["utter_followup_unknown"]


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("ktp_baru", "caranya gimana?"),
        ("spmb", "jelasin lagi dong"),
        ("ktp_baru", "terus prosedurnya?"),
        ("kk_perubahan", "oke makasih infonya"),
        ("ktp_hilang", "kalau yang hilang punya anak saya"),  # someone else: the same answer
        ("kk_perubahan", "kalau anaknya kembar gimana"),  # no word of the base: the best guess
        ("spmb", "kalau zonasi gimana"),  # the topic's own word: its answer says it
    ],
)
def test_asking_again_gets_the_answer_again(last: str, text: str) -> None:
    kb = get_knowledge_base()
    reply = answer_followup(kb, {"text": text}, kb.by_id[last])
    assert reply is not None and reply.kind == "answer"
    assert reply.topic is not None and reply.topic.id == last


async def test_a_problem_told_about_the_last_topic_gets_a_report_offered() -> None:
    msg = parse("kok udah 3 hari ga diangkut", intent="nlu_fallback", conf=0.3)
    msgs, events = await run_events(ActionAnswerFollowup(), in_context(msg, "jadwal_sampah"))
    [offer] = msgs
    assert [b["payload"] for b in offer["buttons"]] == [
        '/file_complaint{"complaint_category": "sampah"}'
    ]
    assert "maaf" in offer["text"].lower()
    assert SlotSet("last_topic", "jadwal_sampah") in events


def test_asking_about_the_service_is_no_problem_told() -> None:
    kb = get_knowledge_base()
    for last, text in [("jadwal_sampah", "jam berapa diangkutnya?"), ("ktp_baru", "lama ga")]:
        reply = answer_followup(kb, {"text": text}, kb.by_id[last])
        assert reply is not None and reply.kind != "report", text


def test_a_dialects_aspect_is_still_that_aspect() -> None:
    kb = get_knowledge_base()
    reply = answer_followup(kb, {"text": "biayana sabaraha?"}, kb.by_id["akta_kelahiran"])
    assert reply is not None and reply.aspect is not None and reply.aspect.name == "cost"
