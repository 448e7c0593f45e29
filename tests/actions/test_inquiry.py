"""action_answer_faq / action_clarify with real knowledge base, real BM25, built trackers."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.inquiry import (
    ActionAnswerFaq,
    ActionAnswerFollowup,
    ActionClarify,
    previous_turn_failed,
    topic_payload,
)
from actions.inquiry_choice import emergency_reading
from app.services.knowledge import get_knowledge_base

pytestmark = pytest.mark.usefixtures("engine")


def parse(
    text: str,
    intent: str = "faq",
    conf: float = 0.9,
    ranking: list[tuple[str, float]] | None = None,
    entities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    ranking = ranking or []
    return {
        "text": text,
        "intent": {"name": intent, "confidence": conf},
        "intent_ranking": [{"name": intent, "confidence": conf}],
        "entities": entities or [],
        "response_selector": {
            "faq": {
                "response": {
                    "intent_response_key": f"faq/{ranking[0][0]}" if ranking else None,
                    "confidence": ranking[0][1] if ranking else 0.0,
                },
                "ranking": [
                    {"intent_response_key": f"faq/{t}", "confidence": c} for t, c in ranking
                ],
            }
        },
    }


def tracker(message: dict[str, Any], events: list[dict[str, Any]] | None = None) -> Tracker:
    events = [*(events or []), {"event": "user", "text": message["text"], "parse_data": message}]
    return Tracker("web:t", {}, message, events, False, None, {}, "action_listen")


def bot(utter_action: str) -> dict[str, Any]:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": utter_action}}


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text}


HANDOFF = "action_request_handoff"


async def run_events(action: Any, trk: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, {})
    return dispatcher.messages, events


def hands_off(events: list[Any], reason: str) -> bool:
    return SlotSet("handoff_reason", reason) in events and FollowupAction(HANDOFF) in events


async def run(action: Any, trk: Tracker) -> list[dict[str, Any]]:
    msgs, events = await run_events(action, trk)
    if (
        isinstance(action, ActionClarify)
        and not hands_off(events, "not_understood")
        and not (hands_off(events, "emergency"))
    ):  # also RulePolicy's core fallback: must not loop
        assert events == [UserUtteranceReverted()]
    return msgs


async def test_confident_selector_answers_the_topic() -> None:
    msgs = await run(
        ActionAnswerFaq(), tracker(parse("syarat bikin ktp", ranking=[("ktp_baru", 0.93)]))
    )
    assert [m["response"] for m in msgs] == ["utter_faq/ktp_baru"]


async def test_unsure_selector_clarifies_with_topic_buttons_and_officer() -> None:
    msg = parse(
        "urusan ktp",
        ranking=[("ktp_hilang", 0.31), ("ktp_rusak", 0.2), ("ktp_baru", 0.05)],
    )
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_clarify"]
    payloads = [b["payload"] for b in msgs[0]["buttons"]]
    assert payloads[0] == topic_payload("ktp_hilang") == '/faq{"faq_topic":"ktp_hilang"}'
    assert 2 <= len(payloads) - 1 <= 3
    assert payloads[-1] == "/request_human"
    assert msgs[0]["buttons"][0]["title"] == "KTP-el hilang"


async def test_a_long_question_bm25_clearly_favours_is_answered_when_the_tiers_scatter() -> None:
    text = "bapak sudah tua mau tanya tempat uji kir untuk mobil bak terbuka usaha kami di mana ya"
    msg = parse(text, ranking=[("izin_keramaian", 0.3), ("pbb_keringanan", 0.2)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_faq/uji_kir"]
    # the same favourite in a short question is offered, not answered
    msg = parse("surat kematian almarhum", ranking=[("izin_keramaian", 0.3)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_clarify"]
    assert msgs[0]["buttons"][0]["payload"] == topic_payload("akta_kematian")


async def test_topic_button_answers_that_topic() -> None:
    msg = parse(
        '/faq{"faq_topic":"pbb_bayar"}', entities=[{"entity": "faq_topic", "value": "pbb_bayar"}]
    )
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_faq/pbb_bayar"]


async def test_unknown_topic_button_is_refused_politely() -> None:
    msg = parse("/faq", entities=[{"entity": "faq_topic", "value": "no_such_topic"}])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_faq_unknown_topic"]


async def test_emergency_words_never_get_a_faq_answer_and_go_to_an_officer() -> None:
    msg = parse("banjir besar di rumah saya, ada nenek terjebak", ranking=[("banjir_siaga", 0.99)])
    msgs, events = await run_events(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_emergency"]
    assert hands_off(events, "emergency")
    unclear = tracker(parse("tlg kbakaran rmh sy", intent="nlu_fallback"))
    msgs, events = await run_events(ActionClarify(), unclear)
    assert [m["response"] for m in msgs] == ["utter_emergency"]
    assert hands_off(events, "emergency")


async def test_fallback_clarifies_from_bm25() -> None:
    msg = parse("jadwal truk sampah lewat kampung", intent="nlu_fallback", conf=0.2)
    msgs = await run(ActionClarify(), tracker(msg))
    assert msgs[0]["response"] == "utter_clarify"
    assert msgs[0]["buttons"][0]["payload"] == topic_payload("jadwal_sampah")


async def test_fallback_with_nothing_to_suggest_shows_the_menu() -> None:
    msgs = await run(
        ActionClarify(), tracker(parse("qwerty zxcv", intent="nlu_fallback", conf=0.1))
    )
    assert [m["response"] for m in msgs] == ["utter_default"]


async def test_second_failure_in_a_row_hands_off_to_an_officer() -> None:
    history = [user("asdf ghjk"), bot("utter_clarify"), {"event": "rewind"}]
    msg = parse("jadwal truk sampah", intent="nlu_fallback", conf=0.2)
    msgs, events = await run_events(ActionClarify(), tracker(msg, history))
    assert [m["response"] for m in msgs] == ["utter_offer_officer"]
    assert hands_off(events, "not_understood")
    # ... also when the FAQ selector was unsure the second time
    unsure = parse("ktp gmn", ranking=[("ktp_baru", 0.2)])
    msgs, events = await run_events(
        ActionAnswerFaq(), tracker(unsure, [user("xx"), bot("utter_default")])
    )
    assert [m["response"] for m in msgs] == ["utter_offer_officer"]
    assert hands_off(events, "not_understood")


async def test_a_success_in_between_resets_the_count() -> None:
    history = [user("asdf"), bot("utter_clarify"), user("halo"), bot("utter_greet")]
    msg = parse("jadwal truk sampah", intent="nlu_fallback", conf=0.2)
    assert not previous_turn_failed(tracker(msg, history))
    msgs = await run(ActionClarify(), tracker(msg, history))
    assert msgs[0]["response"] == "utter_clarify"


async def test_unsure_selector_answers_when_bm25_clearly_agrees() -> None:
    text = "selamat pagi nak, suami saya meninggal, bagaimana mengurus akta kematian"
    msg = parse(text, ranking=[("akta_kematian", 0.35), ("kk_perubahan", 0.2)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_faq/akta_kematian"]
    # no agreement on a short question (BM25 favours another topic): clarify instead
    msg = parse("akta kematian", ranking=[("kk_perubahan", 0.35), ("akta_kelahiran", 0.2)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_clarify"]


async def test_confident_selector_is_vetoed_when_bm25_clearly_disagrees() -> None:
    text = "selamat pagi nak, suami saya meninggal minggu lalu, bagaimana mengurus akta kematiannya"
    msg = parse(text, ranking=[("izin_keramaian", 0.8), ("akta_kematian", 0.1)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_clarify"]
    assert msgs[0]["buttons"][0]["payload"] == topic_payload("akta_kematian")
    assert topic_payload("izin_keramaian") in [b["payload"] for b in msgs[0]["buttons"]]


# Follow-ups in context: the last topic is kept in the `last_topic` slot.


def in_context(message: dict[str, Any], last_topic: str | None) -> Tracker:
    events = [{"event": "user", "text": message["text"], "parse_data": message}]
    slots = {"last_topic": last_topic}
    return Tracker("web:t", slots, message, events, False, None, {}, "action_listen")


@pytest.mark.parametrize(
    ("last", "text", "response", "value_part"),
    [
        ("ktp_baru", "berapa lama jadinya?", "utter_followup_processing_time", "hari kerja"),
        ("akta_kelahiran", "biayanya berapa?", "utter_followup_cost", "Gratis"),
        ("jam_kantor", "bukanya jam berapa?", "utter_followup_hours", "Senin"),
        ("ktp_hilang", "bisa online?", "utter_followup_online", "aplikasi"),
        ("ktp_baru", "syaratnya apa", "utter_followup_requirements", "Kartu Keluarga"),
        ("kk_baru", "di mana ngurusnya", "utter_followup_place", "Disdukcapil"),
        ("skck", "brp lama jadinya", "utter_followup_processing_time", "hari"),
    ],
)
async def test_followup_is_answered_from_the_last_topic(
    last: str, text: str, response: str, value_part: str
) -> None:
    msgs, events = await run_events(
        ActionAnswerFollowup(), in_context(parse(text, intent="ask_followup"), last)
    )
    assert [m["response"] for m in msgs] == [response]
    assert value_part in msgs[0]["value"] and msgs[0]["title"]
    assert events == [SlotSet("last_topic", last)]


async def test_followup_naming_another_topic_switches_to_it() -> None:
    msg = parse("kalau akta kematian?", intent="ask_followup")
    msgs, events = await run_events(ActionAnswerFollowup(), in_context(msg, "akta_kelahiran"))
    assert [m["response"] for m in msgs] == ["utter_faq/akta_kematian"]
    assert events == [SlotSet("last_topic", "akta_kematian")]


async def test_followup_without_a_topic_asks_which_service() -> None:
    msgs, events = await run_events(
        ActionAnswerFollowup(), in_context(parse("berapa biayanya", intent="ask_followup"), None)
    )
    assert [m["response"] for m in msgs] == ["utter_followup_no_topic"]
    assert events == []


async def test_followup_about_an_empty_field_says_it_is_not_known() -> None:
    msg = parse("berapa lama prosesnya", intent="ask_followup")
    msgs, _ = await run_events(ActionAnswerFollowup(), in_context(msg, "jam_kantor"))
    assert [m["response"] for m in msgs] == ["utter_followup_unknown"]


async def test_followup_classified_as_faq_still_uses_the_last_topic() -> None:
    # the selector guesses a random topic for a topic-less question: the context wins
    msg = parse("biayanya berapa ya", ranking=[("pdam", 0.7)])
    msgs, events = await run_events(ActionAnswerFaq(), in_context(msg, "akta_kelahiran"))
    assert [m["response"] for m in msgs] == ["utter_followup_cost"]
    assert events == [SlotSet("last_topic", "akta_kelahiran")]


@pytest.mark.parametrize(
    ("semantic", "response"),
    [
        ("lokasi_kantor", "utter_faq/lokasi_kantor"),  # both tiers ask the office: switch
        ("pindah_datang", "utter_followup_place"),  # only the selector: where is legalisir
    ],
)
async def test_a_question_with_followup_words_asking_another_topic_switches(
    semantic: str, response: str
) -> None:
    text = "kantor disdukcapil itu alamatnya di mana nak?"
    msg = parse(text, ranking=[("lokasi_kantor", 0.92)])
    msg["semantic_topics"] = [{"topic": semantic, "score": 0.96}]
    msgs, _ = await run_events(ActionAnswerFaq(), in_context(msg, "legalisir_dokumen"))
    assert [m["response"] for m in msgs] == [response]


async def test_a_full_new_question_is_not_read_as_a_followup() -> None:
    text = "berapa biaya mengurus surat keterangan catatan kepolisian untuk melamar kerja"
    msg = parse(text, ranking=[("skck", 0.9)])
    msgs, events = await run_events(ActionAnswerFaq(), in_context(msg, "ktp_baru"))
    assert [m["response"] for m in msgs] == ["utter_faq/skck"]
    assert events == [SlotSet("last_topic", "skck")]


async def test_answers_remember_the_topic_and_fallback_reads_followups() -> None:
    _, events = await run_events(
        ActionAnswerFaq(), tracker(parse("syarat bikin ktp", ranking=[("ktp_baru", 0.93)]))
    )
    assert events == [SlotSet("last_topic", "ktp_baru")]
    msg = parse("kalau sabtu buka?", intent="nlu_fallback", conf=0.2)
    msgs, _ = await run_events(ActionClarify(), in_context(msg, "ktp_baru"))
    # a weekday asked about: yes or no first (Disdukcapil: Senin-Jumat), then the times
    assert [m.get("response") for m in msgs] == [None, "utter_followup_hours"]
    assert msgs[0]["text"] == "Hari Sabtu tutup."


@pytest.mark.parametrize(
    ("last", "text", "first"),
    [
        ("jam_kantor", "kalau Sabtu buka?", "Hari Sabtu ada layanan."),  # the MPP on Saturdays
        ("jam_kantor", "hari minggu buka ga", "Hari Minggu tutup."),
        ("ktp_baru", "eee kantornya itu hari sabtu buka tidak nak", "Hari Sabtu tutup."),
        ("ktp_baru", "hari jumat kantornya buka?", "Hari Jumat ada layanan."),
    ],
)
async def test_a_weekday_asked_about_gets_yes_or_no_first(last: str, text: str, first: str) -> None:
    # bench k-08: the place and its times alone left an elderly man to work the answer out
    msgs, _ = await run_events(
        ActionAnswerFollowup(), in_context(parse(text, intent="ask_followup"), last)
    )
    assert msgs[0]["text"] == first
    assert msgs[1]["response"] in ("utter_followup_hours", "utter_followup_place")


async def test_followup_without_a_topic_answers_the_topic_the_rankers_agree_on() -> None:
    # "balai kota alamatnya dimana" classified as a follow-up, with nothing asked before
    msg = parse(
        "balai kota alamatnya dimana", intent="ask_followup", ranking=[("lokasi_kantor", 0.6)]
    )
    msg["semantic_topics"] = [{"topic": "lokasi_kantor", "score": 0.91}]
    msgs, events = await run_events(ActionAnswerFollowup(), in_context(msg, None))
    assert [m["response"] for m in msgs] == ["utter_faq/lokasi_kantor"]
    assert events == [SlotSet("last_topic", "lokasi_kantor")]


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "reading"),
    [
        ("air kran di rumah keruh dan bau", "emergency", 0.57, "complaint"),
        ("rumah sering kebanjiran tiap hujan, selokan mampet", "emergency", 0.6, "complaint"),
        ("air kran di rumah keruh dan bau", "emergency", 0.9, "emergency"),  # sure: 112
        ("tolong cepat datang", "emergency", 0.5, "emergency"),  # unsure, no city problem
        ("ada kebakaran di pasar", "faq", 0.8, "emergency"),  # an emergency phrase
        ("syarat bikin ktp", "faq", 0.9, None),
    ],
)
def test_emergency_reading(text: str, intent: str, confidence: float, reading: str | None) -> None:
    kb = get_knowledge_base()
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}}
    assert emergency_reading(kb, message) == reading


async def test_one_word_several_topics_share_is_asked_back_even_when_the_tiers_agree() -> None:
    # "ktp": new, lost or damaged? the classifiers' shared favourite is only a guess
    msg = parse("ktp", ranking=[("ktp_baru", 0.9), ("ktp_hilang", 0.05)])
    msg["semantic_topics"] = [{"topic": "ktp_baru", "score": 0.9}]
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_clarify"]
    # a word only one topic owns is answered
    msg = parse("sim", ranking=[("sim", 0.9)])
    msg["semantic_topics"] = [{"topic": "sim", "score": 0.9}]
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_faq/sim"]


def with_semantic(message: dict[str, Any], topics: list[tuple[str, float]]) -> dict[str, Any]:
    return {**message, "semantic_topics": [{"topic": t, "score": s} for t, s in topics]}


async def test_a_topic_every_tier_lists_and_bm25_clearly_favours_is_answered() -> None:
    text = "balik nama motor bekas dari luar kota syaratnya apa"
    ranking = [("pindah_datang", 0.59), ("bbnkb", 0.34)]
    msg = with_semantic(parse(text, ranking=ranking), [("pindah_keluar", 0.92), ("bbnkb", 0.91)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_faq/bbnkb"]
    # one tier does not list it in its first two: asked back
    msg = with_semantic(parse(text, ranking=ranking), [("pindah_keluar", 0.92), ("uji_kir", 0.91)])
    msgs = await run(ActionAnswerFaq(), tracker(msg))
    assert [m["response"] for m in msgs] == ["utter_clarify"]


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        # a question about where to report: the answer, and the report a button away
        ("kalau dimintai uang oleh oknum petugas, ke mana saya harus melapor?", True),
        # a report said with report words: the complaint form starts
        ("saya mau melapor, petugas kelurahan minta uang", False),
    ],
)
async def test_a_question_about_reporting_is_answered_with_the_report_offered(
    text: str, answered: bool
) -> None:
    msg = parse(text, ranking=[("pengaduan_pungli", 0.97)])
    msgs, events = await run_events(ActionAnswerFaq(), tracker(msg))
    if answered:
        assert msgs[0]["response"] == "utter_faq/pengaduan_pungli"
        assert msgs[-1]["buttons"][0]["payload"] == "/file_complaint"
        assert SlotSet("last_topic", "pengaduan_pungli") in events
    else:
        assert FollowupAction("complaint_form") in events
        assert not any(m.get("response") == "utter_faq/pengaduan_pungli" for m in msgs)
