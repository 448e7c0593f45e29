"""Issue 13 through the real system: follow-ups in context, and the complaint / emergency /
question table (tests/data/emergency_table.yml) routed by the trained model plus the emergency
phrase net (knowledge_base/emergency.yml) that the inquiry and form actions apply."""

from __future__ import annotations

import httpx
import pytest
import yaml

from app.launcher import LocalSystem
from app.services.knowledge import ROOT, get_knowledge_base
from tests.e2e.conftest import ChatClient, texts

pytestmark = pytest.mark.e2e

EMERGENCY_ANSWER = "seperti keadaan darurat"  # utter_emergency (bot/domain/inquiry_flow.yml)
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "emergency_table.yml").read_text("utf-8"))
QUESTION_INTENTS = {"faq", "ask_followup", "ask_info"}


def test_followups_are_answered_from_the_last_topic(citizen: ChatClient) -> None:
    citizen.say("halo")
    out = texts(citizen.say("syarat bikin ktp baru apa saja"))
    assert "Syarat:" in out and "KTP-el" in out
    out = texts(citizen.say("berapa lama jadinya?"))
    assert "lama prosesnya" in out and "hari kerja" in out
    out = texts(citizen.say("bisa online?"))
    assert "layanan online" in out and "aplikasi" in out
    # a new topic in a follow-up switches topic, and its own follow-ups follow it
    out = texts(citizen.say("kalau akta kematian?"))
    assert "Akta kematian" in out or "akta kematian" in out
    out = texts(citizen.say("biayanya berapa?"))
    assert out.startswith("Akta kematian, biayanya: Gratis")


def test_a_followup_after_another_office_is_about_that_office(citizen: ChatClient) -> None:
    """questions5: "trs lapornya kmn min" after the PLN answer lost the context."""
    citizen.say("halo")
    assert "PLN" in texts(citizen.say("saya mau bayar listrik"))
    out = texts(citizen.say("trs lapornya kmn min"))
    assert "PLN" in out and "123" in out


def test_office_hours_followup_about_saturday(citizen: ChatClient) -> None:
    citizen.say("selamat siang")
    assert "Senin" in texts(citizen.say("jam buka kantor pelayanan kapan ya"))
    out = texts(citizen.say("kalau Sabtu buka?"))
    assert "Sabtu" in out and "tempat dan jam layanan" in out


def test_a_service_name_alone_is_answered(citizen: ChatClient) -> None:
    """A name or acronym typed alone, as into a search box (knowledge base `names`,
    bot/components/topic_names.py): the classifier alone took "LOAKK" for a yes."""
    citizen.say("halo")
    out = texts(citizen.say("LOAKK"))
    assert "LOAKK" in out and "KIA" in out
    out = texts(citizen.say("NIB"))  # after another topic's answer: the named one
    assert "Nomor Induk Berusaha" in out
    out = texts(citizen.say("syaratnya apa?"))  # and its follow-ups follow it
    assert "NIK" in out and "email" in out


def parse(system: LocalSystem, http: httpx.Client, text: str) -> str:
    resp = http.post(f"{system.rasa_url}/model/parse", params={"token": system.rasa_token},
                     json={"text": text})  # fmt: skip
    resp.raise_for_status()
    return str((resp.json().get("intent") or {}).get("name"))


def reply_to(system: LocalSystem, text: str) -> str:
    """What a new citizen hears for ``text`` (a fresh conversation for each row)."""
    client = ChatClient(system.app_url)
    try:
        return texts(client.say(text))
    finally:
        client.http.close()


@pytest.mark.parametrize("kind", ["emergency", "complaint"])
def test_complaint_or_emergency_as_the_citizen_hears_it(system: LocalSystem, kind: str) -> None:
    """The emergency answer (112 and an officer) for every emergency; never for a complaint
    (the classifier's half-sure emergencies that describe a city problem become complaints).
    A complaint may still name 112 as advice: a power line hanging low is PLN's, told with
    "bila ada yang tersengat listrik ... telepon 112" (core/lang/power_line.py)."""
    wrong = []
    for text in TABLE[kind]:
        heard = reply_to(system, text)
        alarm = EMERGENCY_ANSWER in heard and "112" in heard
        if alarm != (kind == "emergency"):
            wrong.append((text, heard[:120]))
    assert not wrong, "\n".join(f"{t!r}: {h!r}" for t, h in wrong)


@pytest.mark.parametrize("kind", ["emergency", "question"])
def test_question_and_emergency_intents(system: LocalSystem, kind: str) -> None:
    kb = get_knowledge_base()
    wrong = []
    with httpx.Client(timeout=30.0) as http:
        for text in TABLE[kind]:
            intent = parse(system, http, text)
            emergency = intent == "emergency" or kb.is_emergency(text)
            ok = (
                emergency if kind == "emergency" else (not emergency and intent in QUESTION_INTENTS)
            )
            if not ok:
                wrong.append((text, intent, emergency))
    assert not wrong, "\n".join(f"{t!r}: intent {i}, emergency {e}" for t, i, e in wrong)
