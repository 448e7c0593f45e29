"""What the fifth set of bench citizens (tests/bench/citizens/warga_fresh5.yml) and the
fourth set's leftovers found in the complaint flow."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions import complaint as ac
from app.services import complaints as svc
from tests.actions.complaint_helpers import DOMAIN, answer, run, tracker

Y05 = (
    "jalan di gg duwet rt 04 eh salah, maksud saya RT 05 rw 02 karanganyar rusak parah, "
    "lubangnya banyak"
)


async def test_a_correction_inside_the_first_message_keeps_only_the_new_rt(
    engine: Engine,
) -> None:
    # bench y-05: the report went out with "rt 04 eh salah, maksud saya RT 05 ..." as its
    # place (the opening message read as a correction of itself)
    found, _ = ac.reading.from_message(tracker(Y05))
    location = found["complaint_location"].lower()
    assert "duwet" in location and "rt 05" in location and "rw 02" in location
    assert "rt 04" not in location and "salah" not in location
    assert "rt 04" not in found["complaint_description"].lower()
    # the form, activated by the same message, reads no correction in it
    _, slots, _ = await run(ac.ValidateComplaintForm(), tracker(Y05, slots=found))
    assert "rt 04" not in str(slots.get("complaint_location", location)).lower()


async def test_a_correction_inside_the_answer_to_the_location_question(engine: Engine) -> None:
    said = {"complaint_category": "jalan_rusak", "complaint_description": "jalan rusak parah"}
    t = tracker(
        "di gang mawar rt 3 eh salah rt 4 sukasari", slots=said, requested="complaint_location"
    )
    _, slots, _ = await run(ac.ValidateComplaintForm(), t)
    location = str(slots["complaint_location"]).lower()
    assert "mawar" in location and "rt 4" in location and "rt 3" not in location


async def test_the_problem_corrected_at_the_location_question(engine: Engine) -> None:
    # bench z-12: "mau lapor got mampet min", then at the location question the problem told
    # anew: the category (and so the office) and the description change, no place is read
    said = {
        "complaint_category": "banjir_drainase",
        "complaint_description": "Banjir, genangan, atau saluran tersumbat (got mampet min)",
    }
    text = "eh bukan got min, maksudnya pipa pdam nya bocor, airnya ngucur terus ke got"
    t = tracker(text, slots=said, requested="complaint_location")
    messages, slots, _ = await run(ac.ValidateComplaintForm(), t)
    assert slots["complaint_category"] == "air_bersih"
    assert "pdam" in slots["complaint_description"].lower()
    assert slots.get("complaint_location") is None
    assert messages  # told that the problem changed; the location asked again
    # a place that names the same problem is still the answer
    t = tracker(
        "di gang kecil, bukan jalan raya tapi gang mawar sukasari, got mampet",
        slots=said,
        requested="complaint_location",
    )
    _, slots, _ = await run(ac.ValidateComplaintForm(), t)
    assert slots.get("complaint_category", "banjir_drainase") == "banjir_drainase"


@pytest.mark.parametrize(
    "said",
    [
        "nnt aj fotony min sy lg di kantor",
        "hp abdi jadul, teu tiasa moto",
        "eee tidak bisa nak ini kan di mesin",
        "nanti aje bang fotonye",
        "mbah tidak punya hp yang ada kameranya nak",
    ],
)
async def test_no_photo_now_in_many_words(engine: Engine, said: str) -> None:
    slots_before = {"complaint_category": "sampah", "complaint_description": "sampah numpuk"}
    _, slots, _ = await answer("complaint_photo", said, slots_before)
    assert slots["complaint_photo"] == "none", said


@pytest.mark.parametrize(
    ("said", "level"),
    [("rhs aj, ntr sy dicariin anak2 itu", "rahasia"), ("nyang biase aje bang", "biasa")],
)
async def test_privacy_in_slang(engine: Engine, said: str, level: str) -> None:
    _, slots, _ = await answer("complaint_privacy", said, {"complaint_category": "sampah"})
    assert slots["complaint_privacy"] == level


async def test_a_landmark_alone_is_asked_where_once(engine: Engine) -> None:
    # bench z-01, z-02: "depan masjid al-ikhlas", "rt tiga rw lima": one in every kelurahan
    _, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker(
            "min jalan depan masjid al-ikhlas bolong2 gede bgt, kemaren ada ibu2 jatoh", loop=None
        ),
    )
    assert slots["complaint_place"]["address"] == "depan masjid al-ikhlas"
    checked = ac.ValidateComplaintForm().validate_complaint_location(
        slots["complaint_location"], CollectingDispatcher(), tracker("", slots=slots), DOMAIN
    )
    assert checked["complaint_location"] is None and checked["complaint_place"]["area"] is True
    slots |= checked
    dispatcher = CollectingDispatcher()
    t = tracker("", slots=slots, requested="complaint_location")
    await ac.asking.ActionAskComplaintLocation().run(dispatcher, t, DOMAIN)
    assert "jalan atau kelurahan" in dispatcher.messages[-1]["text"]
    # the answer is taken, with the landmark; not asked again
    _, after, _ = await answer("complaint_location", "di jl kenitu sukamaju", slots=slots)
    assert "kenitu" in after["complaint_location"].lower()
    assert "masjid" in after["complaint_location"].lower()
    assert after["complaint_place"]["kelurahan"] == "Sukamaju"
    # a named street, a kelurahan or the town's one terminal is enough
    for place in ("jl kenitu", "masjid al-ikhlas sukamaju", "depan terminal", "alun-alun"):
        assert not ac.reading.needs_area(svc.PlaceInfo(address=place)), place
    assert ac.reading.needs_area(svc.PlaceInfo(address="rt tiga rw lima"))


async def test_a_theft_told_in_other_words_is_the_police_s(engine: Engine) -> None:
    # bench y-12, z-24: "motor anak ibu hilang dicuri semalam" opened the complaint form
    from actions.complaint.filing import ActionComplaintStart

    text = (
        "selamat pagi nak, motor anak ibu hilang dicuri semalam di depan rumah, ini lapornya "
        "bagaimana ya nak?"
    )
    dispatcher = CollectingDispatcher()
    events = await ActionComplaintStart().run(dispatcher, tracker(text, loop=None), DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_elsewhere"]
    assert "110" in str(dispatcher.messages[0].get("where"))
    assert events[-1]["name"] == "action_listen"
    # where it happened names a topic's word ("parkiran": parking fees): still the police's
    t = tracker("min motor sy dicuri td subuh di parkiran pasar, gmn ini", loop=None)
    dispatcher = CollectingDispatcher()
    await ActionComplaintStart().run(dispatcher, t, DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_elsewhere"]
    # city property stolen is a city report
    t = tracker("tutup gorong-gorong di jl kenitu sukamaju dicuri orang, bahaya", loop=None)
    events = await ActionComplaintStart().run(CollectingDispatcher(), t, DOMAIN)
    assert not any(e.get("name") == "action_listen" for e in events)


async def test_an_angry_complaint_is_heard_before_the_first_question(engine: Engine) -> None:
    # bench z-07: a complaint in capitals got the form's question and nothing else
    from actions.complaint.filing import ActionComplaintStart

    text = "TOLONG DONG!!! PKL DI TROTOAR JL MARKISA SUMBERSARI MAKIN PARAH, UDAH LAPOR BERKALI2!!!"
    dispatcher = CollectingDispatcher()
    await ActionComplaintStart().run(dispatcher, tracker(text, loop=None), DOMAIN)
    assert "maaf" in str(dispatcher.messages[0].get("text")).lower()
    calm = CollectingDispatcher()
    t = tracker("pkl di trotoar jl markisa sumbersari makin banyak", loop=None)
    await ActionComplaintStart().run(calm, t, DOMAIN)
    assert not any("maaf" in str(m.get("text")).lower() for m in calm.messages)


async def test_an_angry_officer_request_is_heard_too(engine: Engine) -> None:
    # bench z-23: the app reads the request for a person before Rasa and sends its intent;
    # the words come along in the metadata
    from actions.handoff import ActionRequestHandoff

    said = "UDAH 3X SAYA LAPOR GA ADA YG DATENG!!! SAYA MAU BICARA SAMA ORANG, BUKAN ROBOT"
    t = tracker("/request_human", intent="request_human", metadata={"said": said}, loop=None)
    dispatcher = CollectingDispatcher()
    events = await ActionRequestHandoff().run(dispatcher, t, DOMAIN)
    assert "maaf" in str(dispatcher.messages[0].get("text")).lower()
    assert events[-1]["event"] == "pause"
    calm = CollectingDispatcher()
    t = tracker(
        "/request_human",
        intent="request_human",
        metadata={"said": "mau ke petugas"},
        sender="web:tenang",
    )
    await ActionRequestHandoff().run(calm, t, DOMAIN)
    assert calm.messages == []


def test_the_street_s_di_starts_the_place_and_the_corrected_rt_stays() -> None:
    # bench z-11: "Lokasi: kabel di jl nanas rt 02, eh bukan rt 02, rt 03 kebonsari"
    text = (
        "dahan pohon mangga gede patah nyangkut di kabel di jl nanas rt 02, eh bukan rt 02, "
        "rt 03 kebonsari"
    )
    found, _ = ac.reading.from_message(tracker(text))
    assert found["complaint_place"]["address"] == "jl nanas rt 03 kebonsari"
    assert found["complaint_place"]["kelurahan"] == "Kebonsari"
    # a place the first "di" leads to stays whole
    found, _ = ac.reading.from_message(tracker("lampu di depan rumah di jl mawar sukasari mati"))
    assert found["complaint_place"]["address"] == "depan rumah di jl mawar sukasari"


def test_the_description_keeps_the_story_not_the_other_answers() -> None:
    # bench z-06: the phone number and "nama saya dirahasiakan" were in the description
    text = (
        "Selamat sore. Air PDAM di rumah saya Jl. Kemang Raya No. 14 Pandansari sudah tiga "
        "hari tidak mengalir sama sekali, tetangga juga sama. Saya tidak punya fotonya. Mohon "
        "nama saya dirahasiakan, dan kalau perlu hubungi saya di 0821 3344 5566."
    )
    found, _ = ac.reading.from_message(tracker(text))
    description = found["complaint_description"]
    assert "tetangga juga sama" in description
    assert "0821" not in description and "dirahasiakan" not in description
    assert "foto" not in description
    kiosk = "eee nak lampu jalan di gang mawar rt 3 sukasari mati sudah seminggu"
    found, _ = ac.reading.from_message(tracker(kiosk))
    assert "eee" not in found["complaint_description"]


async def test_a_question_after_an_answer_is_its_follow_up(engine: Engine) -> None:
    # bench y-27: "di kelurahan atanapi di kecamatan?" after SKTM opened the complaint form
    from actions.complaint.filing import ActionComplaintStart

    t = tracker("di kelurahan atanapi di kecamatan?", slots={"last_topic": "sktm"}, loop=None)
    dispatcher = CollectingDispatcher()
    events = await ActionComplaintStart().run(dispatcher, t, DOMAIN)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}
    assert dispatcher.messages  # the SKTM's place, not the form's question
    # a report after an answer is still a report
    t = tracker("lampu jalan di jl kenitu sukamaju mati", slots={"last_topic": "sktm"}, loop=None)
    events = await ActionComplaintStart().run(CollectingDispatcher(), t, DOMAIN)
    assert not any(e.get("name") == "action_listen" for e in events)


async def test_a_shelter_s_roof_on_a_street_and_its_kelurahan_corrected(engine: Engine) -> None:
    # bench z-08: filed as a damaged road at "jl ciplukan karang anyar atapnye"; the
    # kelurahan corrected at the photo question was not read
    text = "bang, halte di jl ciplukan karang anyar atapnye bolong, kalo ujan pada kebasahan"
    found, _ = ac.reading.from_message(tracker(text))
    assert found["complaint_category"] == "fasilitas_umum"
    assert found["complaint_place"]["address"] == "jl ciplukan karang anyar"
    assert svc.recognise_category("jl mawar bolong gede") == "jalan_rusak"
    said = {**found, "complaint_photo": None}
    fix = "eh salah bang, bukan karang anyar, cibening maksud gue"
    _, slots, _ = await answer("complaint_photo", fix, said)
    assert "cibening" in slots["complaint_location"].lower()
    assert "karang" not in slots["complaint_location"].lower()
    assert slots.get("complaint_photo") is None  # the photo is still asked


async def test_a_house_number_corrected_later_keeps_the_kelurahan(engine: Engine) -> None:
    # bench z-15: "Lokasi: tadi alamatnya Jl. Kayu Manis No. 3, bukan nomor 8, maaf"
    found, _ = ac.reading.from_message(
        tracker("aspal di depan rumah Jl. Kayu Manis No. 8 Mekarjaya mengelupas dan berlubang")
    )
    said = {**found, "complaint_photo": "none", "complaint_privacy": "biasa"}
    fix = "bukan, maksudnya tadi alamatnya Jl. Kayu Manis No. 3, bukan nomor 8, maaf"
    _, slots, _ = await answer("complaint_contact_ok", fix, said)
    location = slots["complaint_location"]
    assert "Kayu Manis No. 3" in location and "Mekarjaya" in location
    assert "tadi" not in location and "maaf" not in location and "8" not in location


def test_the_story_is_kept_while_its_kind_is_asked_and_regional_words() -> None:
    # bench z-10: the category was asked and the citizen's story lost to the retelling
    text = (
        "Saya mau mengeluhkan pelayanan di kantor kelurahan Jatisari, antreannya dari jam 8 "
        "sampai jam 12 saya belum dipanggil, petugasnya malah main hp."
    )
    found, _ = ac.reading.from_message(tracker(text))
    assert found["complaint_category"] == "layanan_publik"
    assert "main hp" in found["complaint_description"]
    unknown = "ada yang aneh di gang kenitu sukamaju sejak kemarin, warga jadi resah semua"
    found, _ = ac.reading.from_message(tracker(unknown))
    assert "complaint_category" not in found
    assert "warga jadi resah" in found["complaint_description"]
    # Sundanese: tangkal (tree), solokan (gutter)
    assert svc.recognise_category("aya tangkal ageung doyong ka jalan") == "pohon_tumbang"
    assert svc.recognise_category("solokan pinuh ku runtah caina ngalimpah") == "banjir_drainase"
    # the wish to report is no part of the story
    found, _ = ac.reading.from_message(tracker("bukan eh saya mau lapor air pdam tidak keluar"))
    assert found["complaint_description"].startswith("air pdam")


async def test_a_question_at_a_booking_s_question_opens_no_complaint(engine: Engine) -> None:
    # bench w-28: read as file_complaint, the booking was left for the complaint form
    from actions.switch import ActionSwitchForm

    text = (
        "eh bntr deh min ga jd, mau nanya aj klo mau ngadain acara dangdutan di kampung "
        "izin keramaian nya gmn"
    )
    t = tracker(text, intent="file_complaint", loop=None)
    dispatcher = CollectingDispatcher()
    events = await ActionSwitchForm().run(dispatcher, t, DOMAIN)
    assert not any(e.get("name") == "complaint_form" for e in events)
    assert "utter_form_switch" not in [m.get("response") for m in dispatcher.messages]
    # a report said instead of an answer still changes to the complaint form
    t = tracker("bukan, saya mau lapor jalan rusak di jl kenitu sukamaju", intent="file_complaint")
    events = await ActionSwitchForm().run(CollectingDispatcher(), t, DOMAIN)
    assert any(e.get("name") == "complaint_form" for e in events)
