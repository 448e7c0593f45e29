"""Inquiries through the app's chat API and the real Rasa server (trained model):
FAQ answers, "Maksud Anda ...?" clarification, officer offer, emergencies."""

import json

import pytest

from tests.e2e.conftest import payloads, texts

pytestmark = pytest.mark.e2e


def test_colloquial_faq_question_gets_the_knowledge_base_answer(citizen):
    citizen.say("halo")
    out = texts(citizen.say("gmn cr urus akta lhr anak sy"))
    assert "60 hari" in out and "Syarat:" in out and "Biaya: Gratis" in out
    out = texts(citizen.say("pajak motor bayar dimana ya"))
    assert "Samsat" in out


def test_elderly_long_question_is_answered_or_the_topic_offered_first(citizen):
    citizen.say("selamat pagi")
    out = citizen.say(
        "selamat pagi nak, maaf mengganggu, suami saya meninggal minggu lalu, "
        "bagaimana cara mengurus akta kematiannya"
    )
    if "Maksud Anda" in texts(out):  # the two tiers disagreed: the right topic comes first
        assert payloads(out)[0] == '/faq{"faq_topic":"akta_kematian"}'
    else:
        assert "Akta kematian gratis" in texts(out)


def test_unclear_question_offers_topics_and_a_button_answers(citizen):
    citizen.say("halo")
    out = citizen.say("ktp")
    assert "Maksud Anda" in texts(out)
    buttons = payloads(out)
    topic_buttons = [p for p in buttons if p.startswith("/faq")]
    assert 2 <= len(topic_buttons) <= 3 and buttons[-1] == "/request_human"
    chosen = json.loads(topic_buttons[0][len("/faq") :])["faq_topic"]
    assert chosen.startswith("ktp_")
    answer = texts(citizen.say(topic_buttons[0]))
    assert "KTP-el" in answer and "Syarat" in answer


def test_second_failure_goes_to_an_officer(citizen):
    citizen.say("halo")
    first = citizen.say("zzqx vrrk plomb")
    assert "belum mengerti" in texts(first) or "Maksud Anda" in texts(first)
    assert "sambungkan Anda dengan petugas" not in texts(first)
    second = citizen.say("qqwj zzkk brrt")
    assert "sambungkan Anda dengan petugas" in texts(second)
    # the queue notice (or, out of hours, the service hours) follows in the same turn
    assert "antrean" in texts(second).lower() or "jam layanan" in texts(second).lower()


@pytest.mark.parametrize(
    "message",
    [
        "tolong ada kebakaran di rumah tetangga",
        "banjir besar air sudah sampai atap rumah saya",
        "bapak saya pingsan tidak sadarkan diri",
    ],
)
def test_emergency_gets_112_and_an_officer_never_a_faq_answer(citizen, message):
    citizen.say("halo")
    out = citizen.say(message)
    assert "112" in texts(out)
    assert "antrean" in texts(out).lower() or "jam layanan" in texts(out).lower()
    assert "Syarat:" not in texts(out) and "Maksud Anda" not in texts(out)
