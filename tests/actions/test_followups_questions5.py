"""What the fifth question set (questions5) found in kind: a follow-up naming the heirs as who
would come is no question about the heirs' certificate, and a follow-up after another office's
service ("trs lapornya kmn?" after PLN) is about that office, not the last city topic."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.followup_context import asks_elsewhere_again, elsewhere_named
from actions.inquiry import ActionAnswerFaq, ActionAnswerFollowup
from actions.inquiry_choice import answer_followup, decide, followup, handled_elsewhere
from app.services.knowledge import get_knowledge_base
from tests.actions.test_inquiry import parse, run_events

pytestmark = pytest.mark.usefixtures("engine")

PLN = "Listrik rumah"


def tracker(message: dict[str, Any], last_topic: str | None, elsewhere: str | None) -> Tracker:
    events = [{"event": "user", "text": message["text"], "parse_data": message}]
    slots = {"last_topic": last_topic, "last_elsewhere": elsewhere}
    return Tracker("web:q5", slots, message, events, False, None, {}, "action_listen")


@pytest.mark.parametrize(
    "text", ["harus ahli waris yang dateng?", "yang ngurus boleh ahli waris aja?"]
)
def test_heirs_as_who_comes_is_a_followup_of_the_death_certificate(text: str) -> None:
    kb = get_knowledge_base()
    last = kb.by_id["akta_kematian"]
    assert kb.elsewhere(text) is not None  # "ahli waris" names the heirs' certificate
    assert handled_elsewhere(kb, text, last) is None
    reply = answer_followup(kb, parse(text, intent="ask_followup"), last)
    assert reply is not None and reply.kind == "aspect"
    assert reply.topic is last and reply.aspect is not None
    assert reply.aspect.name == "representation"


def test_the_heirs_certificate_asked_after_a_death_is_still_elsewhere() -> None:
    kb = get_knowledge_base()
    last = kb.by_id["akta_kematian"]
    for text in ("surat keterangan ahli waris syaratnya apa", "kalau surat ahli waris gimana"):
        reply = handled_elsewhere(kb, text, last)
        assert reply is not None and reply.kind == "elsewhere", text


@pytest.mark.parametrize(
    "text",
    ["trs lapornya kmn min", "nomor telponnya brp", "kantornya dimana ya", "kontaknya?"],
)
async def test_a_followup_after_another_office_gets_that_office_again(text: str) -> None:
    msg = parse(text, intent="ask_followup", ranking=[("pengaduan_pungli", 0.6)])
    msgs, _ = await run_events(ActionAnswerFollowup(), tracker(msg, None, PLN))
    assert [m["response"] for m in msgs] == ["utter_elsewhere"]
    assert "PLN" in msgs[0]["where"]
    assert msgs[0]["service"] == PLN


async def test_a_faq_parse_of_such_a_followup_gets_that_office_too() -> None:
    msg = parse("trus ngurusnya kemana ya pak", ranking=[("pdam", 0.95)])
    msgs, _ = await run_events(ActionAnswerFaq(), tracker(msg, None, PLN))
    assert [m["response"] for m in msgs] == ["utter_elsewhere"]


@pytest.mark.parametrize(
    "text",
    [
        "kalau bikin ktp baru dimana",  # a city service of its own
        "kalau sim dimana",
        "lapor jalan rusak kemana",  # a report, not the office again
        "makasih",
        "terus gimana",
    ],
)
def test_not_every_message_after_another_office_is_about_it(text: str) -> None:
    kb = get_knowledge_base()
    assert not asks_elsewhere_again(kb, text, elsewhere_named(kb, PLN))


def test_a_topic_answered_since_wins_over_the_office_said_before() -> None:
    kb = get_knowledge_base()
    away = elsewhere_named(kb, PLN)
    msg = parse("syaratnya apa", intent="ask_followup")
    reply = answer_followup(kb, msg, kb.by_id["skck"], away)
    assert reply is not None and reply.kind == "aspect" and reply.topic is kb.by_id["skck"]
    faq = decide(kb, parse("biayanya brp"), "pdam", 0.5, away)
    assert faq.kind == "aspect" and faq.topic is kb.by_id["pdam"]


async def test_a_report_word_after_another_office_does_not_open_the_complaint_form() -> None:
    """Bench y-11: "trs lapornya kmn min" after the PLN answer, read as a complaint."""
    from actions.complaint.filing import ActionComplaintStart

    msg = parse("trs lapornya kmn min", intent="file_complaint")
    msgs, events = await run_events(ActionComplaintStart(), tracker(msg, None, PLN))
    assert [m["response"] for m in msgs] == ["utter_elsewhere"]
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "action_listen"
    # with a city topic answered since, the office said before is not repeated
    msg = parse("lampu jalan di jl mawar sukasari mati, lapornya kemana", intent="file_complaint")
    msgs, _ = await run_events(ActionComplaintStart(), tracker(msg, "skck", PLN))
    assert "utter_elsewhere" not in [m.get("response") for m in msgs]


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("sktm", "di kelurahan atanapi di kecamatan?"),  # bench y: Sundanese "atanapi" = atau
        ("kk_baru", "capil atau kelurahan?"),
        ("legalisir_ijazah", "ke sekolah atau ke dinas?"),
    ],
)
def test_which_of_two_offices_asks_the_place(last: str, text: str) -> None:
    kb = get_knowledge_base()
    reply = answer_followup(kb, parse(text, intent="ask_followup"), kb.by_id[last])
    assert reply is not None and reply.kind == "aspect" and reply.aspect is not None
    assert reply.aspect.name == "place" and reply.topic is kb.by_id[last]


def test_two_places_of_what_happened_are_no_place_question() -> None:
    kb = get_knowledge_base()
    found = kb.aspect_of("kalau hilang di jalan atau di rumah gimana", kb.by_id["ktp_hilang"])
    assert found is None or found[0].name != "place"


@pytest.mark.parametrize(
    ("last", "text", "aspect"),
    [
        ("akta_kelahiran", "yang ngurus boleh kakeknya?", "representation"),  # who, with -nya
        ("pbb_bayar", "bisa dibayarin adik saya?", "representation"),
        ("bphtb", "itu berapa persen ya", "cost"),
        ("ktp_baru", "bikinnya di kecamatan bisa?", "place"),
        ("kk_baru", "kelurahan aja atau harus ke capil?", "place"),
        ("ktp_hilang", "harus lapor polisi dulu ga?", "requirements"),  # not the police's
        ("ktp_baru", "how long does it take to finish", "processing_time"),  # English
        ("akta_kelahiran", "what documents should i bring", "requirements"),
    ],
)
def test_followup_shapes_of_questions5(last: str, text: str, aspect: str) -> None:
    kb = get_knowledge_base()
    reply = answer_followup(kb, parse(text, intent="ask_followup"), kb.by_id[last])
    assert reply is not None and reply.kind == "aspect" and reply.aspect is not None, text
    assert reply.aspect.name == aspect and reply.topic is kb.by_id[last], text


def test_the_police_asked_for_a_theft_is_still_elsewhere_after_a_lost_ktp() -> None:
    kb = get_knowledge_base()
    reply = handled_elsewhere(kb, "lapor polisi dimana", kb.by_id["ktp_hilang"])
    assert reply is not None and reply.kind == "elsewhere"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("where do i get a birth certificate for my newborn", "akta_kelahiran"),
        ("how to pay property tax", "pbb_bayar"),
        ("police clearance letter requirements", "skck"),
    ],
)
def test_english_words_reach_the_lexical_tier(text: str, topic: str) -> None:
    kb = get_knowledge_base()
    hits = kb.search(text)
    assert hits and hits[0].topic.id == topic, [(h.topic.id, h.score) for h in hits]


@pytest.mark.parametrize(
    ("last", "text", "aspect"),
    [
        ("puskesmas", "pas lebaran hari pertama ada yang tetap buka ga ya", "hours"),
        ("spmb", "umur anak paling kecil berapa buat masuk sd negeri", "eligibility"),
    ],
)
def test_a_longer_followup_naming_no_other_topic_is_still_one(
    last: str, text: str, aspect: str
) -> None:
    kb = get_knowledge_base()
    reply = answer_followup(kb, parse(text, intent="ask_followup"), kb.by_id[last])
    assert reply is not None and reply.aspect is not None and reply.aspect.name == aspect


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("ktp_baru", "berapa lama proses surat pindah ke luar kota"),  # the moving topics tie
        ("kk_baru", "biaya uji kir mobil pikap berapa"),
        ("ktp_hilang", "dimana tempat ngungsi kalau banjir besar"),
    ],
)
def test_a_longer_question_of_another_topic_is_no_followup(last: str, text: str) -> None:
    kb = get_knowledge_base()
    reply = followup(kb, text, kb.by_id[last])
    assert reply is None or reply.topic is not kb.by_id[last], text
