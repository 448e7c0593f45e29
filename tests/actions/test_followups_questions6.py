"""What the sixth question set (questions6) found in kind: a follow-up that changes whom the
service is for. A child's identity card is the KIA (a lost or damaged one: the lost-papers
topic), a child who turns 17 gets the KTP-el, a deceased's KTP goes with the death report; a
grown-up alive (a wife, a mother) needs the same service, and an age asked of the KTP itself
("anak saya 16 tahun bisa bikin?") stays its eligibility."""

from __future__ import annotations

import pytest

from actions.inquiry_choice import answer_followup, decide, followup
from app.services.knowledge import get_knowledge_base, load_topics
from core.lang.people import CHILD, DECEASED, GROWN, whom
from tests.actions.test_inquiry import parse

pytestmark = pytest.mark.usefixtures("engine")


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("kalau yang hilang punya anak saya, anak saya masih SD", CHILD),
        ("kalau buat cucu saya yang umur lima tahun", CHILD),
        ("kalau untuk adik saya yang baru kelas enam", CHILD),
        ("kalau bayinya gimana", CHILD),
        ("kalau anaknya sudah tujuh belas tahun", GROWN),
        ("kalau ktp almarhum bapak saya", DECEASED),
        ("kalau punya istri saya yang hilang", None),
        ("bisa diwakilkan anak saya?", None),  # "anak" alone may be grown up
        ("anak saya sudah kerja di pabrik", None),
    ],
)
def test_whom_a_message_says_it_is_for(text: str, who: str | None) -> None:
    assert whom(text) == who


@pytest.mark.parametrize(
    ("last", "text", "topic"),
    [
        (
            "ktp_hilang",
            "eee kalau yang hilang punya anak saya bagaimana nak, masih SD",
            "dokumen_hilang",
        ),
        ("ktp_baru", "kalau untuk anak saya yang masih tk gimana", "kia"),
        ("ktp_rusak", "kalau ktp almarhumah ibu saya yang rusak?", "akta_kematian"),
        ("kia", "kalau anaknya sudah tujuh belas tahun bulan depan", "ktp_baru"),
    ],
)
def test_a_followup_for_a_child_or_the_deceased_is_the_topic_for_them(
    last: str, text: str, topic: str
) -> None:
    kb = get_knowledge_base()
    reply = answer_followup(kb, parse(text, intent="ask_followup"), kb.by_id[last])
    assert reply is not None and reply.kind == "answer"
    assert reply.topic is kb.by_id[topic]
    # the same read when the classifier took it for a question of its own, unsure which
    reply = decide(kb, parse(text, ranking=[("legalisir_ijazah", 0.4)]), last, 0.6)
    assert reply.kind == "answer" and reply.topic is kb.by_id[topic]


def test_an_aspect_asked_for_a_child_is_that_aspect_of_the_childs_topic() -> None:
    kb = get_knowledge_base()
    text = "kalau ktp anak saya yang masih smp hilang, bisa saya yang urus?"
    reply = followup(kb, text, kb.by_id["ktp_hilang"])
    assert reply is not None and reply.kind == "aspect"
    assert reply.topic is kb.by_id["dokumen_hilang"]
    assert reply.aspect is not None and reply.aspect.name == "representation"


@pytest.mark.parametrize(
    ("last", "text", "aspect"),
    [
        ("ktp_baru", "anak sy 16 th tp udh nikah bs bikin?", "eligibility"),
        ("ktp_baru", "kalau anak saya baru umur sepuluh tahun bisa?", "eligibility"),
        ("ktp_hilang", "kalau punya istri saya, bisa saya yang urus?", "representation"),
        (
            "ktp_baru",
            "kalau untuk bapak saya yang sudah stroke tidak bisa ke kantor",
            "home_service",
        ),
    ],
)
def test_an_age_asked_of_the_ktp_or_a_grown_up_keeps_the_last_topic(
    last: str, text: str, aspect: str
) -> None:
    kb = get_knowledge_base()
    reply = followup(kb, text, kb.by_id[last])
    assert reply is not None and reply.kind == "aspect"
    assert reply.topic is kb.by_id[last]
    assert reply.aspect is not None and reply.aspect.name == aspect


def test_a_child_with_another_topic_named_is_that_topic_not_the_kia() -> None:
    kb = get_knowledge_base()
    text = "kalau akta lahir anak saya yang masih bayi gimana"
    reply = followup(kb, text, kb.by_id["ktp_baru"])
    assert reply is None or reply.topic is not kb.by_id["kia"]


def test_a_sure_question_of_its_own_is_not_taken_for_the_child() -> None:
    kb = get_knowledge_base()
    text = "anak saya masih sd mau daftar sekolah smp negeri jalurnya apa"
    msg = parse(text, ranking=[("spmb", 0.95)])
    msg["semantic_topics"] = [{"topic": "spmb", "score": 0.9}]
    reply = followup(kb, text, kb.by_id["ktp_hilang"], msg)
    assert reply is None or reply.topic is not kb.by_id["dokumen_hilang"]


def test_for_whom_names_real_topics() -> None:
    topics = {t.id: t for t in load_topics()}
    pairs = [(t.id, who, target) for t in topics.values() for who, target in t.for_whom]
    assert pairs, "the KTP topics say whose card is another topic"
    for _, who, target in pairs:
        assert who in {CHILD, GROWN, DECEASED} and target in topics


@pytest.mark.parametrize("last", ["ktp_baru", "ktp_hilang", "akta_kelahiran", "pbb_bayar"])
def test_who_and_polite_address_alone_name_no_topic(last: str) -> None:
    # "bapak" and "nak" are in many topics' examples: BM25 may favour one of them by a hair
    kb = get_knowledge_base()
    reply = followup(kb, "eee kalau untuk bapak saya, bisa ke rumah nak", kb.by_id[last])
    assert reply is None or reply.topic is kb.by_id[last]


@pytest.mark.parametrize("last", ["bantuan_lansia", "ktp_baru", "disabilitas"])
def test_the_officer_asked_to_come_is_the_home_service(last: str) -> None:
    # "petugas" also names the extortion topic ("oknum petugas minta uang")
    kb = get_knowledge_base()
    reply = followup(
        kb, "bapak saya sudah lumpuh, petugasnya bisa datang kerumah ga?", kb.by_id[last]
    )
    assert reply is not None and reply.kind == "aspect" and reply.topic is kb.by_id[last]
    assert reply.aspect is not None and reply.aspect.name == "home_service"
