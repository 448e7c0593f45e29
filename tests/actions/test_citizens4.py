"""What the fourth set of bench citizens (tests/bench/citizens/warga_fresh4.yml) found: an
officer asked for in the middle of the complaint form, an accident told in passing, standing
water full of larvae, a kiosk transcript's "eee" in the address."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions import complaint as ac
from actions.complaint.opening import said_up_front
from actions.emergency import ActionEmergency, reading
from app.services.knowledge import get_knowledge_base
from tests.actions.complaint_helpers import DOMAIN, FILLED, answer, tracker

OPENED = {k: FILLED[k] for k in ("complaint_category", "complaint_description")}
OPENED |= {k: FILLED[k] for k in ("complaint_location", "complaint_place")}


async def test_the_app_s_officer_request_leaves_the_form_at_the_photo_question(
    engine: Engine,
) -> None:
    # "sambungin ke petugas aja, saya mau ngomong sama orang" reaches the form as the app's
    # /request_human: it was read as a photo that did not come ("fotonya belum saya terima")
    _, slots, events = await answer(
        "complaint_photo", "/request_human", OPENED, intent="request_human"
    )
    assert slots["handoff_reason"] == "request_human"
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_request_handoff"}
    assert "complaint_photo" not in slots or slots["complaint_photo"] is None


def emergency_message(text: str) -> dict[str, object]:
    return {"text": text, "intent": {"name": "emergency", "confidence": 1.0}}


def test_an_accident_told_in_passing_is_the_complaint_about_the_road() -> None:
    kb = get_knowledge_base()
    text = (
        "jalan di Jl. Cempedak Sukamaju ada lubang gede banget, kemarin ada motor jatuh sampe "
        "pingsan dibawa ke rumah sakit, tolong cepet ditambal"
    )
    assert reading(kb, emergency_message(text)) == "complaint"


def test_what_is_still_an_emergency_stays_one() -> None:
    kb = get_knowledge_base()
    for text in (
        "ada lubang besar di jalan, motor jatuh pengendaranya pingsan",
        "dari kemarin banjir sepinggang belum surut di jl mawar",
        "kemarin rumah tetangga kebakaran",  # no city problem to file: 112 and an officer
    ):
        assert reading(kb, emergency_message(text)) == "emergency", text


async def test_the_accident_in_passing_opens_the_complaint_form(engine: Engine) -> None:
    text = "jalan di Jl. Cempedak Sukamaju ada lubang gede banget, kemarin ada motor jatuh pingsan"
    t = Tracker("web:w", {}, emergency_message(text), [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = await ActionEmergency().run(dispatcher, t, DOMAIN)
    assert "utter_emergency" not in [m.get("response") for m in dispatcher.messages]
    assert any(e.get("name") == "complaint_form" for e in events), events


def test_larvae_in_standing_water_go_to_health_not_drainage(engine: Engine) -> None:
    # the classifier's entity "genangan" said drainage; the message names larvae, mosquitoes
    # and dengue: the health office
    text = "di belakang pasar ada genangan air banyak jentik nyamuknya takut demam berdarah"
    entities = [{"entity": "complaint_category", "value": "banjir_drainase"}]
    found, _ = ac.reading.from_message(tracker(text, entities=entities))
    assert found["complaint_category"] == "kesehatan_lingkungan"
    plain = "genangan air di jalan depan rumah tiap hujan"
    found, _ = ac.reading.from_message(tracker(plain, entities=entities))
    assert found["complaint_category"] == "banjir_drainase"


async def test_a_kiosk_transcript_s_fillers_stay_out_of_the_address(engine: Engine) -> None:
    pending = {**FILLED["complaint_place"], "address": "depan rumah saya", "kelurahan": None}
    _, slots, _ = await answer(
        "complaint_location",
        "eee di jalan cempaka wangi eee nomor dua belas sukasari",
        {**OPENED, "complaint_location": None, "complaint_place": {**pending, "pending": True}},
    )
    assert "eee" not in str(slots.get("complaint_location")), slots
    assert "cempaka wangi" in str(slots.get("complaint_location")).lower()


def test_a_whole_complaint_in_one_message_gives_privacy_contact_and_phone() -> None:
    text = (
        "Selamat siang, saya mau melaporkan pipa PDAM bocor di depan rumah saya di Jl. Randu "
        "Alas No. 7 Kebonsari, airnya muncrat ke jalan sudah dua hari. Saya tidak punya foto, "
        "laporannya biasa saja, dan boleh dihubungi di 0812 8080 9191. Terima kasih"
    )
    assert said_up_front(text) == {
        "complaint_photo": "none",
        "complaint_privacy": "biasa",
        "complaint_contact_ok": "ya",
        "complaint_phone": "081280809191",
    }
    refused = said_up_front("lampu mati, jangan hubungi saya di 0812 8080 9191")
    assert refused == {"complaint_contact_ok": "tidak"}


async def test_a_train_timetable_is_no_booking_change(engine: Engine) -> None:
    # "jadwal kereta ke jakarta besok pagi" read as reschedule_booking asked for a BK- code
    from actions.booking.manage import ActionBookingStartManage

    t = tracker(
        "jadwal kereta ke jakarta besok pagi jam berapa aja ya", intent="reschedule_booking"
    )
    dispatcher = CollectingDispatcher()
    events = await ActionBookingStartManage().run(dispatcher, t, DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_elsewhere"]
    assert "KAI" in str(dispatcher.messages[0].get("where"))
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "action_listen"


async def test_a_power_cut_read_as_a_complaint_is_pln_s(engine: Engine) -> None:
    from actions.complaint.filing import ActionComplaintStart

    t = tracker("min listrik mati dr semalem sekampung, kpn nyala nya??", loop=None)
    dispatcher = CollectingDispatcher()
    events = await ActionComplaintStart().run(dispatcher, t, DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_elsewhere"]
    assert "PLN" in str(dispatcher.messages[0].get("where"))
    assert events[-1]["name"] == "action_listen"
    # a city problem still opens the form
    t = tracker("lampu jalan di jl mawar sukasari mati", loop=None)
    events = await ActionComplaintStart().run(CollectingDispatcher(), t, DOMAIN)
    assert not any(e.get("event") == "followup" for e in events)


async def test_the_kelurahan_corrected_at_the_summary_without_naming_the_address(
    engine: Engine,
) -> None:
    # "eh salah min bkn jatisari, taman jl rukem purwodadi" was not understood, twice, and the
    # citizen went to an officer; "alamatny" (typed) was not read as "alamatnya"
    place = {**FILLED["complaint_place"], "address": "taman jl rukem jatisari"}
    slots = {**FILLED, "complaint_confirm": None, "complaint_place": place}
    slots["complaint_location"] = "taman jl rukem jatisari, Kec. Kota Utara"
    for text in (
        "eh salah min bkn jatisari, taman jl rukem purwodadi",
        "eh salah min alamatny taman jl rukem purwodadi",
    ):
        _, got, _ = await answer("complaint_confirm", text, slots, intent="inform")
        assert "purwodadi" in str(got.get("complaint_location")).lower(), text


def test_a_second_problem_told_after_the_first_keeps_the_first_s_category(engine: Engine) -> None:
    # w-01: the classifier's "lampu jalan" lost to the drain's three keywords told after "trs"
    text = "min lampu jalan di jl seroja mekarjaya mati trs got nya jg mampet kl ujan banjir tlg y"
    entities = [{"entity": "complaint_category", "value": "lampu_jalan"}]
    found, _ = ac.reading.from_message(tracker(text, entities=entities))
    assert found["complaint_category"] == "lampu_jalan"
    said = "genangan air, banyak jentik nyamuk, takut demam berdarah"
    entities = [{"entity": "complaint_category", "value": "banjir_drainase"}]
    found, _ = ac.reading.from_message(tracker(said, entities=entities))
    assert found["complaint_category"] == "kesehatan_lingkungan"
