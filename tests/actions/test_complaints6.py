"""What the sixth complaint set (tests/bench/citizens/warga_fresh6.yml) and bench z-25 / y-04
found: a question explained when the citizen asks what it means, a broken power line is
PLN's at once, a problem told before the form keeps its place, a detail given at the photo
question is kept."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions import complaint as ac
from actions.complaint.earlier import earlier_texts
from actions.complaint.filing import ActionComplaintStart
from actions.forms import explain
from actions.forms.base import ATTEMPTS, REASKED
from app.services.complaint_signs import names_problem
from core.lang.meaning import asks_meaning
from core.texts import t
from tests.actions.complaint_helpers import DOMAIN, run

Z25 = "bang kabel listrik di depan rumah gue putus, ngejuntai ke jalan, bahaya nih, lapor kemane?"
Y04 = (
    "bang gue udah kesel nih!! sampah di pinggir kali Jl. Kecapi Cibening kagak diangkut-angkut "
    "udeh seminggu, bau banget, laler di mane-mane, pada kemane sih petugasnye??"
)
SAID = {"complaint_category": "sampah", "complaint_description": "sampah numpuk di gang"}
PLACED = {
    **SAID,
    "complaint_location": "Jl. Kenari, Kel. Sukamaju",
    "complaint_place": {"address": "Jl. Kenari", "kelurahan": "Sukamaju"},
}


def tracker(
    text: str,
    *,
    slots: dict[str, Any] | None = None,
    requested: str | None = None,
    events: list[dict[str, Any]] | None = None,
    intent: str = "file_complaint",
    loop: str | None = "complaint_form",
) -> Tracker:
    """A tracker whose event log ends with ``events`` and the citizen's ``text``."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    log = [*(events or []), {"event": "user", "text": text}]
    return Tracker(
        "web:warga",
        {**(slots or {}), "requested_slot": requested},
        latest,
        log,
        False,
        None,
        {"name": loop} if loop else {},
        "action_listen",
    )


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text}


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text}


# ---------------------------------------------------------------- "maksudnya apa?"


@pytest.mark.parametrize(
    "said",
    [
        "maksudnye ape bang?",
        "maksudnya apa?",
        "gimana maksudnya",
        "ga ngerti",
        "apa itu?",
        "anonim itu apa?",
        "punten, anonim teh naon? teu ngartos abdi",
        "maksude piye?",
        "saya kurang paham nak, maksudnya apa?",
        "hah gmn?",
        "gmn maksudnya? alamat rumah sy ato tempat kejadiannya?",
        "kumaha eta?",
    ],
)
def test_asking_what_a_question_means(said: str) -> None:
    assert asks_meaning(said)


@pytest.mark.parametrize(
    "said",
    [
        "eh bukan got min, maksudnya pipa pdam nya bocor",  # a correction
        "bukan itu maksud saya",
        "cibening maksud gue",
        "tidak apa apa",
        "apa aja boleh",
        "anonim",
        "ini gratis kan?",
        "berapa lama diprosesnya?",
        "jl melati 5 sukamaju",
        "tidak tahu",
        "/file_complaint",
    ],
)
def test_answers_and_other_questions_do_not_ask_the_meaning(said: str) -> None:
    assert not asks_meaning(said)


async def test_the_question_is_explained_and_no_failure_counts(engine: Engine) -> None:
    # bench z-25: "maksudnye ape bang?" twice at the category question ended with an officer
    asked = "complaint_category"
    t0 = tracker("maksudnye ape bang?", requested=asked, slots={ATTEMPTS: f"{asked}:1"})
    dispatcher = CollectingDispatcher()
    events = await ac.ValidateComplaintForm().run(dispatcher, t0, DOMAIN)
    [message] = dispatcher.messages
    assert message["text"] == t(f"actions.form_explain.{asked}")
    assert len(message["buttons"]) >= 5  # the categories
    assert message["custom"]["expects"]["slot"] == asked
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert ATTEMPTS not in slots  # still the one failure it was
    assert slots[REASKED] == asked  # the form's own question stays silent this turn
    assert not any(e.get("event") == "followup" for e in events)


async def test_a_choice_named_in_the_question_is_explained_not_taken(engine: Engine) -> None:
    # "apa itu anonim?" names a choice: it is a question about it, not that choice
    t0 = tracker("apa itu anonim?", requested="complaint_privacy", slots=PLACED)
    dispatcher = CollectingDispatcher()
    events = await ac.ValidateComplaintForm().run(dispatcher, t0, DOMAIN)
    assert dispatcher.messages[0]["text"] == t("actions.form_explain.complaint_privacy")
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots.get("complaint_privacy") is None
    # after the explanation the answer is taken
    explained = [bot(t("actions.form_explain.complaint_privacy"))]
    t1 = tracker(
        "oh gitu, anonim aja", requested="complaint_privacy", slots=PLACED, events=explained
    )
    _, slots, _ = await run(ac.ValidateComplaintForm(), t1)
    assert slots["complaint_privacy"] == "anonim"


async def test_no_answer_after_the_explanation_is_its_third_time(engine: Engine) -> None:
    # explained once: asked again, the default is taken (privacy) or an officer comes
    # (the category has no default); never a second explanation in a row
    explained = [bot(t("actions.form_explain.complaint_privacy"))]
    t0 = tracker("maksudnya apa?", requested="complaint_privacy", slots=PLACED, events=explained)
    messages, slots, _ = await run(ac.ValidateComplaintForm(), t0)
    assert slots["complaint_privacy"] == "biasa"
    assert "utter_form_default_complaint_privacy" in messages
    explained = [bot(t("actions.form_explain.complaint_category"))]
    t1 = tracker("ape tuh bang", requested="complaint_category", events=explained)
    messages, _, events = await run(ac.ValidateComplaintForm(), t1)
    assert "utter_form_to_officer" in messages
    assert any(e.get("name") == "action_request_handoff" for e in events)


def test_every_question_of_the_complaint_form_has_its_explanation() -> None:
    for slot in DOMAIN["forms"]["complaint_form"]["required_slots"]:
        if slot != "complaint_confirm":
            assert explain.explanation(slot), slot
    assert explain.explanation("booking_people")
    assert explain.explanation("no_such_slot") is None


# ---------------------------------------------------------------- a broken power line


async def test_a_broken_power_line_is_pln_s_at_once(engine: Engine) -> None:
    # bench z-25 got the category question (nothing fits a power line) and an officer
    dispatcher = CollectingDispatcher()
    events = await ActionComplaintStart().run(dispatcher, tracker(Z25, loop=None), DOMAIN)
    warning, referral = dispatcher.messages
    assert warning["text"] == t("actions.power_line_danger") and "112" in warning["text"]
    assert referral["response"] == "utter_elsewhere"
    assert "PLN" in str(referral["where"]) and "123" in str(referral["where"])
    assert events[-1]["name"] == "action_listen"  # no form


async def test_a_banner_hanging_from_a_pole_is_a_complaint(engine: Engine) -> None:
    text = (
        "Spanduk dan baliho liar dipasang di tiang listrik sepanjang Jl. Bidara Mekarjaya, "
        "sebagian sudah robek dan menjuntai ke jalan"
    )
    events = await ActionComplaintStart().run(
        CollectingDispatcher(), tracker(text, loop=None), DOMAIN
    )
    assert not any(e.get("name") == "action_listen" for e in events)


# ---------------------------------------------------------------- told before the form


def test_a_doubled_word_names_its_problem() -> None:
    assert names_problem(Y04)  # "kagak diangkut-angkut": not taken away
    assert names_problem("jalan di gang kami bolong-bolong")


async def test_the_place_told_before_the_form_is_kept(engine: Engine) -> None:
    # bench y-04: the place was in the first message (answered with the rubbish schedule);
    # "bukan bang, gue mau lapor ..." opened the form and asked the place again
    before = [user(Y04), bot("Sampah rumah tangga di Kota Contoh diangkut dari TPS ...")]
    again = "bukan bang, gue mau lapor sampah kagak diangkut seminggu"
    events = await ActionComplaintStart().run(
        CollectingDispatcher(), tracker(again, events=before, loop=None), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_category"] == "sampah"
    assert "kecapi" in slots["complaint_location"].lower()
    # the button after the answer: the problem and the place both come from before
    events = await ActionComplaintStart().run(
        CollectingDispatcher(), tracker("/file_complaint", events=before, loop=None), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_category"] == "sampah"
    assert "kecapi" in slots["complaint_location"].lower()
    assert "diangkut" in slots["complaint_description"].lower()


async def test_an_earlier_message_of_another_problem_or_form_is_not_used(engine: Engine) -> None:
    lamp = [user("lampu jalan di jl kenari sukamaju mati seminggu"), bot("...")]
    again = "mau lapor sampah numpuk"
    events = await ActionComplaintStart().run(
        CollectingDispatcher(), tracker(again, events=lamp, loop=None), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots.get("complaint_location") is None  # the lamp's street is not the rubbish's
    # what came before the last form belongs to that form
    done = [user(Y04), {"event": "active_loop", "name": None}, bot("...")]
    assert earlier_texts(tracker(again, events=done, loop=None)) == []
    # a place said now wins
    now = "mau lapor sampah numpuk di jl melati sukasari"
    events = await ActionComplaintStart().run(
        CollectingDispatcher(), tracker(now, events=[user(Y04)], loop=None), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert "melati" in slots["complaint_location"].lower()


# ---------------------------------------------------------------- a detail at the photo


async def test_a_detail_given_at_the_photo_question_is_kept(engine: Engine) -> None:
    said = {**PLACED, "complaint_category": "jalan_rusak", "complaint_description": "jalan bolong"}
    text = "fotonya ga ada, tapi lubangnya sedalam lutut, udh 2 motor jatoh"
    t0 = tracker(text, requested="complaint_photo", slots=said)
    dispatcher = CollectingDispatcher()
    events = await ac.ValidateComplaintForm().run(dispatcher, t0, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_photo"] == "none"
    assert "lutut" in slots["complaint_description"]
    assert dispatcher.messages[0]["text"] == t("actions.complaint_detail_added")
    # courtesy is no detail
    t1 = tracker(
        "mohon maaf nak, saya tidak punya fotonya", requested="complaint_photo", slots=said
    )
    _, slots, _ = await run(ac.ValidateComplaintForm(), t1)
    assert slots["complaint_photo"] == "none"
    assert "complaint_description" not in slots


async def test_a_broken_power_line_asked_as_a_question_is_pln_s_too(engine: Engine) -> None:
    # the same told as a question ("lapor kemane?") read as faq: no form, no city topic
    from actions.inquiry import ActionAnswerFaq

    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker(Z25, intent="faq", loop=None), DOMAIN)
    said = [m.get("response") or m.get("text") for m in dispatcher.messages]
    assert said == [t("actions.power_line_danger"), "utter_elsewhere"]
    # another office's matter with a report word ("mau lapor listrik mati") is that office's
    dispatcher = CollectingDispatcher()
    text = "mau lapor listrik mati dari semalem sekampung"
    await ActionAnswerFaq().run(dispatcher, tracker(text, intent="faq", loop=None), DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_elsewhere"]


def test_what_the_sixth_set_said_in_its_own_words() -> None:
    from actions.complaint.reading import place_in
    from core.lang.answers import privacy_choice
    from core.lang.mood import is_upset

    # u-21: let down, though not in capitals nor with a feeling word
    angry = "got depan rumah mampet, GA ADA YG NGURUS!! pada kerja ga sih dinasnya??"
    assert is_upset(angry)
    assert not is_upset("jam kerja tidak sama tiap hari?")
    # u-13: Sundanese "my name must not be shown"
    assert privacy_choice("nami abdi ulah ditingalikeun") == "anonim"
    assert privacy_choice("biasa wae") == "biasa"
    # u-18: "sepanjang Jl. Bidara": the street, not the tree the banner hangs on
    text = "spanduk liar dipasang di pohon dan tiang listrik sepanjang Jl. Bidara Mekarjaya, robek"
    place = place_in(text)
    assert place is not None and "bidara" in place.address.lower()


# ---------------------------------------------------------------- opened by mistake


async def test_a_form_opened_by_mistake_is_left(engine: Engine) -> None:
    # bench u-10: "eh salah pencet" at the problem question got its question answered, then
    # "Baik, kita lanjutkan" and the problem question again
    t0 = tracker("eh salah pencet min", requested="complaint_category", intent="faq")
    dispatcher = CollectingDispatcher()
    events = await ac.ValidateComplaintForm().run(dispatcher, t0, DOMAIN)
    assert [m.get("text") for m in dispatcher.messages] == [t("actions.complaint_by_mistake")]
    assert {"event": "active_loop", "name": None} in [
        {"event": e.get("event"), "name": e.get("name")}
        for e in events
        if e["event"] == "active_loop"
    ]
    assert events[-1]["name"] == "action_listen"
    assert not any(m.get("response") == "utter_form_resume" for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("said", "asked", "slots"),
    [
        # the problem itself after the slip: the form goes on with it
        ("salah pencet, maksudnya sampah numpuk di gang", "complaint_category", {}),
        # a later question: a wrong button there, the report itself is wanted
        ("kepencet min", "complaint_privacy", PLACED),
    ],
)
async def test_no_mistake_leaves_a_form_with_a_problem(
    engine: Engine, said: str, asked: str, slots: dict[str, Any]
) -> None:
    t0 = tracker(said, requested=asked, slots=slots)
    events = await ac.ValidateComplaintForm().run(CollectingDispatcher(), t0, DOMAIN)
    assert not any(e.get("event") == "active_loop" for e in events)


# ---------------------------------------------------------------- two problems in one


def test_a_second_problem_in_the_same_message_is_offered() -> None:
    from actions.complaint.second import other_problem, payload

    told = "lampu jalan di gg kelor pandansari mati udh seminggu, trus got depannya jg mampet"
    assert other_problem(told, "lampu_jalan") == "banjir_drainase"
    assert payload("banjir_drainase") == '/file_complaint{"complaint_category": "banjir_drainase"}'
    # one problem, however long; one sentence read as another category is no second one
    assert (
        other_problem("jalan bolong gede. lubangnya sedalam lutut, motor jatoh", "jalan_rusak")
        is None
    )
    assert other_problem("air pdam di rumah saya tidak ngalir tiga hari", "air_bersih") is None


async def test_the_second_problem_follows_the_report_s_number(engine: Engine) -> None:
    said = {
        **PLACED,
        "complaint_category": "lampu_jalan",
        "complaint_description": "lampu jalan di gg kelor mati seminggu, trus got depannya mampet",
        "complaint_photo": "none",
        "complaint_privacy": "biasa",
        "complaint_contact_ok": "tidak",
        "complaint_confirm": "kirim",
    }
    dispatcher = CollectingDispatcher()
    await ac.ActionComplaintSubmit().run(dispatcher, tracker("kirim", slots=said), DOMAIN)
    filed, offer = dispatcher.messages
    assert filed["response"] == "utter_complaint_filed"
    assert "Banjir" in offer["text"]
    assert offer["buttons"][0]["payload"].endswith('{"complaint_category": "banjir_drainase"}')


async def test_an_unclear_message_telling_a_problem_opens_the_report(engine: Engine) -> None:
    # bench u-25: young men drinking at the night-watch post got "Maksud Anda ...?" with
    # school admissions and the family card
    from actions.inquiry import ActionClarify

    text = "tiap malam ada pemuda mabuk nongkrong di pos ronda, ribut sampai subuh"
    t0 = tracker(text, intent="nlu_fallback", loop=None)
    events = await ActionClarify().run(CollectingDispatcher(), t0, DOMAIN)
    assert any(e.get("name") == "complaint_form" for e in events)
    # asked as a question it stays a question
    t1 = tracker("bagaimana cara mengatasi banjir di rumah?", intent="nlu_fallback", loop=None)
    events = await ActionClarify().run(CollectingDispatcher(), t1, DOMAIN)
    assert not any(e.get("name") == "complaint_form" for e in events)
