"""Follow-ups residents ask after an answer: may someone else come in my place, and questions
that only say "making it" ("dimana bikinnya?") without naming another service."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import SlotSet

from actions.inquiry import ActionAnswerFollowup
from actions.inquiry_choice import followup
from app.services.knowledge import ROOT, get_knowledge_base
from tests.actions.test_inquiry import in_context, parse, run_events

pytestmark = pytest.mark.usefixtures("engine")


@pytest.mark.parametrize(
    ("last", "text", "value_part"),
    [
        ("ktp_baru", "bisa diwakilin?", "sidik jari"),
        ("kk_baru", "bisa diwakilkan orang tua saya?", "surat kuasa"),  # no lansia topic
        ("akta_kelahiran", "bapaknya aja yg dateng boleh?", "orang tua"),
        ("akta_kematian", "bisa diurusin pak rt?", "ketua RT"),
        ("pajak_kendaraan", "bisa diwakilin anak saya?", "STNK"),  # no KIA either
        ("pindah_keluar", "harus dateng sendiri apa bisa diwakilin", "surat kuasa"),
        ("sim", "boleh pakai surat kuasa?", "Tidak bisa diwakilkan"),
    ],
)
async def test_who_may_come_instead_is_answered_from_the_last_topic(
    last: str, text: str, value_part: str
) -> None:
    msgs, events = await run_events(
        ActionAnswerFollowup(), in_context(parse(text, intent="ask_followup"), last)
    )
    assert [m["response"] for m in msgs] == ["utter_followup_representation"]
    assert value_part in msgs[0]["value"]
    assert events == [SlotSet("last_topic", last)]


async def test_a_topic_without_that_fact_says_so_and_points_to_an_officer() -> None:
    kb = get_knowledge_base()
    assert kb.by_id["jam_kantor"].representation == ""
    msg = parse("bisa diwakilkan?", intent="ask_followup")
    msgs, _ = await run_events(ActionAnswerFollowup(), in_context(msg, "jam_kantor"))
    assert [m["response"] for m in msgs] == ["utter_followup_unknown"]


def test_coming_in_person_is_still_the_online_question() -> None:
    """'harus datang sendiri?' asks whether it can be done without coming (the first
    follow-up set's reading); only a word about someone else makes it representation."""
    kb = get_knowledge_base()
    reply = followup(kb, "harus datang sendiri?", kb.by_id["sktm"])
    assert reply is not None and reply.aspect is not None and reply.aspect.name == "online"


@pytest.mark.parametrize(
    ("last", "text", "aspect"),
    [
        ("skck", "dimana bikinnya", "place"),
        ("sktm", "berapa lama bikinnya", "processing_time"),
        ("kk_baru", "berapa lama ngurusnya", "processing_time"),
        ("pbg", "daftarnya dimana", "place"),
    ],
)
def test_making_or_applying_names_no_other_topic(last: str, text: str, aspect: str) -> None:
    kb = get_knowledge_base()
    reply = followup(kb, text, kb.by_id[last])
    assert reply is not None and reply.kind == "aspect"
    assert reply.topic is not None and reply.topic.id == last
    assert reply.aspect is not None and reply.aspect.name == aspect


def test_a_followup_naming_another_service_still_switches() -> None:
    kb = get_knowledge_base()
    reply = followup(kb, "kalau akta kematian?", kb.by_id["akta_kelahiran"])
    assert reply is not None and reply.kind == "answer"
    assert reply.topic is not None and reply.topic.id == "akta_kematian"
    reply = followup(kb, "kalau pindah datang bikinnya dimana?", kb.by_id["pindah_keluar"])
    assert reply is not None and reply.topic is not None and reply.topic.id == "pindah_datang"


def test_every_aspect_has_its_response_in_the_domain() -> None:
    domain = yaml.safe_load(Path(ROOT / "bot/domain/inquiry_flow.yml").read_text("utf-8"))
    for aspect in get_knowledge_base().aspects:
        assert f"utter_followup_{aspect.name}" in domain["responses"], aspect.name


# Services of other offices (knowledge_base/elsewhere.yml): named with the office, never
# answered with a city topic that shares a word.


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("mau perpanjang paspor syaratnya apa", "Imigrasi"),
        ("balik nama sertifikat tanah dimana", "BPN"),
        ("npwp hilang gimana", "Pajak"),
        ("saya mau bayar listrik", "PLN"),  # probe: twice not understood, then an officer
        ("elpiji 3 kg langka di warung", "Pertamina"),
    ],
)
async def test_another_offices_service_is_named_with_its_office(text: str, where: str) -> None:
    from actions.inquiry import ActionAnswerFaq

    msg = parse(text, ranking=[("ktp_hilang", 0.95)])  # a confident wrong topic
    msgs, events = await run_events(ActionAnswerFaq(), in_context(msg, None))
    assert [m["response"] for m in msgs] == ["utter_elsewhere"]
    assert where in msgs[0]["where"] and msgs[0]["service"]
    # the conversation is now about that office's service, not the last city topic
    assert events == [
        SlotSet("last_topic", None),
        SlotSet("last_elsewhere", msgs[0]["service"]),
    ]


async def test_another_offices_service_in_a_followup_is_named_too() -> None:
    msg = parse("kalau paspor?", intent="ask_followup")
    msgs, _ = await run_events(ActionAnswerFollowup(), in_context(msg, "ktp_baru"))
    assert [m["response"] for m in msgs] == ["utter_elsewhere"]


def test_a_city_question_mentioning_another_office_is_still_answered() -> None:
    """The divorce court is the reason, the KK the question; a CPNS application the
    purpose, the stamped copy the question."""
    from actions.inquiry_choice import handled_elsewhere

    kb = get_knowledge_base()
    for text in (
        "sudah dapat akta cerai dari pengadilan agama, kartu keluarga saya gimana misahnya",
        "fotokopi kk perlu dicap basah dukcapil buat daftar cpns ga",
    ):
        assert kb.elsewhere(text) is not None
        assert handled_elsewhere(kb, text) is None, text
    assert kb.elsewhere("cara bikin ktp baru") is None


async def test_a_follow_up_read_as_a_status_check_stays_on_the_topic() -> None:
    # probe: after the akta kematian answer, "... sudah 2 tahun lalu gimana" was classified as
    # check_complaint_status (0.71) and got "Mohon tulis nomor laporan Anda"
    from actions.complaint.status import ActionComplaintStatus

    text = "kalau ayah saya meninggalnya sudah 2 tahun lalu gimana"
    msg = parse(text, intent="check_complaint_status", conf=0.71)
    msgs, _ = await run_events(ActionComplaintStatus(), in_context(msg, "akta_kematian"))
    said = [m.get("response") for m in msgs]
    assert "utter_ask_ticket_code" not in said and msgs
    assert any("kematian" in str(m).lower() for m in msgs)  # the same topic's answer
    # a real status check still asks for the number, with or without a topic before
    for last in ("akta_kematian", None):
        msg = parse("laporan saya kemarin gimana ya", intent="check_complaint_status")
        msgs, _ = await run_events(ActionComplaintStatus(), in_context(msg, last))
        assert [m.get("response") for m in msgs] == ["utter_ask_ticket_code"]
