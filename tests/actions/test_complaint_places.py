"""The complaint's place: cut from the sentence it was said in, asked once more when nobody
could find it ("depan rumah saya"), corrected at another question without losing the rest."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions import complaint as ac
from tests.actions.complaint_helpers import DOMAIN, answer, next_slot, run, tracker

FILLED = {
    "complaint_category": "sampah",
    "complaint_description": "sampah numpuk di jl kenanga sukasari",
    "complaint_location": "jl kenanga sukasari, Kec. Kota Tengah",
    "complaint_place": {
        "address": "jl kenanga sukasari",
        "kelurahan": "Sukasari",
        "kecamatan": "Kota Tengah",
        "latitude": None,
        "longitude": None,
    },
}


async def ask_location(slots: dict[str, Any]) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    t = tracker("", slots=slots, requested="complaint_location")
    await ac.asking.ActionAskComplaintLocation().run(dispatcher, t, DOMAIN)
    return dispatcher.messages[-1]


async def test_the_place_ends_where_the_sentence_goes_on(engine: Engine) -> None:
    _, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker("got mampet di jl kamboja jatisari dari kemarin, airnya luber ke jalan", loop=None),
    )
    assert slots["complaint_location"] == "jl kamboja jatisari, Kec. Kota Utara"
    _, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker(
            "lapor jalan berlubang di Jl. Merdeka depan SDN 2 Sukamaju, tidak ada fotonya",
            loop=None,
        ),
    )
    assert slots["complaint_location"] == "Jl. Merdeka depan SDN 2 Sukamaju, Kec. Kota Tengah"


async def test_a_vague_place_is_asked_once_with_an_example(engine: Engine) -> None:
    said, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker(
            "lampu di jalan depan rumah saya sudah tiga malam ini mati terus, gelap sekali",
            loop=None,
        ),
    )
    assert said == []
    assert slots["complaint_place"]["address"] == "jalan depan rumah saya"
    # the form's first validation: not a location yet, its details are asked
    checked = ac.ValidateComplaintForm().validate_complaint_location(
        slots["complaint_location"], CollectingDispatcher(), tracker("", slots=slots), DOMAIN
    )
    assert checked["complaint_location"] is None and checked["complaint_place"]["pending"]
    slots |= checked
    question = await ask_location(slots)
    assert '"jalan depan rumah saya"' in question["text"] and "misalnya" in question["text"]
    assert question["buttons"] == [{"title": "Tidak tahu", "payload": "tidak tahu"}]
    said, after, _ = await answer(
        "complaint_location", "di Jl. Kenari RT 02 RW 05 Sukasari", slots=slots
    )
    assert said == []
    assert after["complaint_location"] == (
        "Jl. Kenari RT 02 RW 05 Sukasari (jalan depan rumah saya), Kec. Kota Tengah"
    )
    assert after["complaint_place"]["kelurahan"] == "Sukasari"


async def test_not_knowing_the_street_keeps_the_place_as_said(engine: Engine) -> None:
    place = {"address": "depan rumah gw", "pending": True}
    vague = {"complaint_category": "lampu_jalan", "complaint_place": place}
    for reply in ("ga tau min, pokoknya depan rumah gw", "tidak tahu"):
        said, after, _ = await answer("complaint_location", reply, slots=vague)
        assert said == []
        assert after["complaint_location"] == "depan rumah gw"
    # "kosong" in a place is no "nothing": the details are kept
    lot = {**vague, "complaint_place": {"address": "lahan kosong sebelah rumah", "pending": True}}
    _, after, _ = await answer(
        "complaint_location", "lahan kosong Jl. Pepaya RT 02 Pandansari", slots=lot
    )
    assert after["complaint_location"].startswith("lahan kosong Jl. Pepaya RT 02 Pandansari")
    # details that name no street are taken as said: asked once, never again
    said, after, _ = await answer("complaint_location", "deket warung bu sri", slots=vague)
    assert said == [] and after["complaint_location"] == "deket warung bu sri (depan rumah gw)"


async def test_a_vague_answer_to_where_gets_the_details_question(engine: Engine) -> None:
    base = {"complaint_category": "jalan_rusak", "complaint_description": "jalan ambles"}
    said, after, _ = await answer("complaint_location", "deket pasar", slots=base)
    assert said == [] and after["complaint_place"] == {
        "address": "deket pasar",
        "kelurahan": None,
        "kecamatan": None,
        "latitude": None,
        "longitude": None,
        "pending": True,
    }
    assert after["complaint_location"] is None
    said, after, _ = await answer("complaint_location", "pokoknya sana", slots=base)
    assert said == ["utter_complaint_invalid_location_unclear"]  # no place at all: as before
    _, after, _ = await answer("complaint_location", "Pasar Cibening, dekat pos", slots=base)
    assert after["complaint_place"]["kelurahan"] == "Cibening"


async def test_a_street_corrected_at_the_photo_question(engine: Engine) -> None:
    dispatcher = CollectingDispatcher()
    text = "eh maaf salah ketik, bukan jl kenanga tapi jl kenari"
    events = await ac.ValidateComplaintForm().run(
        dispatcher, tracker(text, slots=FILLED, requested="complaint_photo"), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_location"] == "jl kenari sukasari, Kec. Kota Tengah"
    assert slots.get("complaint_photo") is None  # not read as the photo's answer
    texts = [m.get("text") or m.get("response") for m in dispatcher.messages]
    assert texts == ["Baik, lokasinya saya ganti."]


async def test_the_new_street_said_first_at_the_photo_question(engine: Engine) -> None:
    # bench f-02: "maksud saya X, bukan Y" was read as "no photo" and the street kept
    dispatcher = CollectingDispatcher()
    text = "eh salah, maksud saya jalan Kenari, bukan jalan Kenanga"
    events = await ac.ValidateComplaintForm().run(
        dispatcher, tracker(text, slots=FILLED, requested="complaint_photo"), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_location"] == "jl Kenari sukasari, Kec. Kota Tengah"
    assert slots.get("complaint_photo") is None


async def test_privacy_changed_at_the_contact_question(engine: Engine) -> None:
    filled = {**FILLED, "complaint_photo": "none", "complaint_privacy": "biasa"}
    text = "eh bentar min, namaku rahasiain aja deh, takut sama tetangga"
    dispatcher = CollectingDispatcher()
    events = await ac.ValidateComplaintForm().run(
        dispatcher, tracker(text, slots=filled, requested="complaint_contact_ok"), DOMAIN
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_privacy"] == "anonim"
    assert slots.get("complaint_contact_ok") is None
    assert [m.get("text") or m.get("response") for m in dispatcher.messages] == [
        "Baik, privasi laporan saya ganti menjadi: Anonim (identitas disembunyikan)."
    ]
    # "ya boleh" at the contact question is no privacy change
    _, slots, _ = await answer("complaint_contact_ok", "ya boleh", slots=filled)
    assert "complaint_privacy" not in slots and slots["complaint_contact_ok"] == "ya"


def test_the_address_after_rumah_saya_di() -> None:
    # bench f-05: the summary read "Lokasi: rumah saya di Jl. Elang RT 04 Purwodadi"
    from actions.complaint import reading as rd

    said = "rumah saya di Jl. Elang RT 04 Purwodadi nak, yang pagarnya hijau"
    assert rd.place_phrase(said) == "Jl. Elang RT 04 Purwodadi"
    assert rd.place_phrase("rumah saya") == "rumah saya"  # vague: asked for details, as before


async def test_the_rt_corrected_two_questions_later(engine: Engine) -> None:
    # bench g-08: "eh tadi salah, RT 05 bukan RT 04" at the privacy question was no answer
    filled = {
        **FILLED,
        "complaint_photo": "none",
        "complaint_location": "jl kenanga RT 04 sukasari",
    }
    _, slots, _ = await answer(
        "complaint_privacy", "eh tadi salah, RT 05 bukan RT 04", slots=filled
    )
    assert slots["complaint_location"].startswith("jl kenanga RT 05 sukasari")
    assert slots.get("complaint_privacy") is None  # not read as the privacy level


async def test_the_place_and_no_photo_in_one_answer(engine: Engine) -> None:
    # bench g-07: the photo was asked right after "..., fotonya ga ada ya"
    base = {k: v for k, v in FILLED.items() if k.startswith("complaint_c")}
    base["complaint_description"] = "lampu penerangan jalan mati semua"
    text = "di jl kapten tendean sukamaju depan alfamart, fotonya ga ada ya"
    _, slots, _ = await answer("complaint_location", text, slots=base)
    assert slots["complaint_photo"] == "none"
    assert "tendean" in slots["complaint_location"] and "foto" not in slots["complaint_location"]
    _, slots, _ = await answer("complaint_location", "di jl kapten tendean sukamaju", slots=base)
    assert slots.get("complaint_photo") is None  # nothing said of it: asked next


async def test_a_phone_given_at_the_privacy_question(engine: Engine) -> None:
    # bench g-06: "hubungin aja ke 0857..." instead of a privacy level; the number was lost
    filled = {**FILLED, "complaint_photo": "none"}
    text = "hubungin aja ke 0857 3131 4242 kalo perlu"
    _, slots, _ = await answer("complaint_privacy", text, slots=filled)
    assert slots["complaint_contact_ok"] == "ya" and slots["complaint_phone"] == "085731314242"
    assert slots.get("complaint_privacy") is None
    _, slots, _ = await answer("complaint_privacy", "biasa aja", slots=filled)
    assert slots.get("complaint_contact_ok") is None


async def test_no_contact_said_at_the_privacy_question(engine: Engine) -> None:
    # probe: "tidak usah dihubungi" at the privacy question got "pilihannya belum jelas", then
    # the contact question was asked anyway
    filled = {**FILLED, "complaint_photo": "none"}
    dispatcher = CollectingDispatcher()
    t = tracker("tidak usah dihubungi", slots=filled, requested="complaint_privacy")
    events = await ac.ValidateComplaintForm().run(dispatcher, t, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["complaint_contact_ok"] == "tidak"
    assert slots.get("complaint_privacy") is None  # privacy asked once more
    assert "form_attempts" not in slots  # an answer given ahead is no failed answer
    last = dispatcher.messages[-1]  # the second asking: reason, example, buttons
    assert last["response"] == "utter_complaint_invalid_privacy_unclear"
    assert [b["title"] for b in last["buttons"]] == ["Biasa", "Anonim", "Rahasia"]
    assert "tidak akan menghubungi" in dispatcher.messages[0]["text"]
    # the privacy answer next: the contact question is not asked afterwards
    kept = {**filled, "complaint_contact_ok": "tidak"}
    _, after, _ = await answer("complaint_privacy", "anonim", slots=kept)
    assert after["complaint_privacy"] == "anonim"
    assert await next_slot(kept, after) != "complaint_contact_ok"
    # a plain "tidak" (no word of contact) is no contact answer
    _, after, _ = await answer("complaint_privacy", "tidak", slots=filled)
    assert after.get("complaint_contact_ok") is None


async def test_a_bin_is_no_place_word(engine: Engine) -> None:
    # bench w-12: "tempat sampah di depan gereja ..." gave the location "sampah di depan
    # gereja ..." ("tempat" read as "tempatnya", the place); "tempatnya di ..." still leads
    _, slots, _ = await run(
        ac.ActionComplaintStart(),
        tracker(
            "nak, tempat sampah di depan gereja di jalan kemiri jatisari sudah penuh dan"
            " berserakan ke jalan",
            loop=None,
        ),
    )
    assert slots["complaint_location"].startswith("depan gereja di jalan kemiri jatisari")
