"""Complaint service: routing, SLA dates, workflow, duplicates, privacy, rating, input checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import ComplaintStatus, Privacy
from app.services import complaints as svc

SECRET = "test-secret"


def draft(**kw: object) -> svc.ComplaintDraft:
    base: dict[str, object] = {
        "category": "lampu_jalan",
        "description": "Lampu jalan mati sejak tiga hari",
        "place": svc.place_from_point(-6.990, 110.410),
        "reporter_conversation_id": "web:abc",
    }
    base.update(kw)
    return svc.ComplaintDraft(**base)  # type: ignore[arg-type]


def test_routing_table_is_data_and_complete() -> None:
    table = svc.routing()
    assert len(table.categories) >= 8
    for cat in table.categories.values():
        assert cat.dinas in table.dinas and cat.sla_days > 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("lampu jalan mati di jl melati", "lampu_jalan"),
        ("Jalan BERLUBANG dekat pasar", "jalan_rusak"),
        ("sampah numpuk udah seminggu", "sampah"),
        ("got mampet kalau hujan banjir", "banjir_drainase"),
        ("ada pkl di trotoar", "ketertiban"),
        ("saya mau lapor", None),
        # words of a keyword with a few others between them (speech, long sentences)
        ("lampu di gang kami mati", "lampu_jalan"),
        ("Lampu dalam mati di dalam melati.", "lampu_jalan"),
        ("air di rumah saya mati sejak pagi", "air_bersih"),
    ],
)
def test_recognise_category(text: str, code: str | None) -> None:
    assert svc.recognise_category(text) == code


def test_working_days_skip_weekend_and_holidays() -> None:
    # 2026-03-19 is Nyepi, 21-22 March Idul Fitri (a weekend), so 3 working days after
    # Wednesday 18 March are Fri 20, Mon 23, Tue 24.
    assert svc.add_working_days(date(2026, 3, 18), 3) == date(2026, 3, 24)
    # Friday + 1 working day = Monday
    assert svc.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    # 17 August (Independence Day, a Monday in 2026) is skipped
    assert svc.add_working_days(date(2026, 8, 14), 1) == date(2026, 8, 18)


def test_create_routes_and_sets_sla(engine: Engine) -> None:
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(), secret_key=SECRET, today=date(2026, 3, 18))
        assert c.ticket_code == "LPR-2026-000001"
        assert c.dinas_code == "DISHUB"
        assert c.expected_date == date(2026, 3, 24)
        assert c.kelurahan == "Sukamaju"
        assert c.status is ComplaintStatus.DITERIMA
        c2 = svc.create_complaint(s, draft(), secret_key=SECRET, today=date(2026, 3, 18))
        assert c2.ticket_code == "LPR-2026-000002"
        assert [h.to_status for h in svc.history(s, c)] == ["diterima"]
        assert svc.history(s, c)[0].note.startswith("Laporan diterima melalui chat web;")


def test_idempotent_filing(engine: Engine) -> None:
    with Session(engine) as s:
        a = svc.create_complaint(s, draft(), secret_key=SECRET, idempotency_key="web:abc:m1")
        b = svc.create_complaint(s, draft(), secret_key=SECRET, idempotency_key="web:abc:m1")
        assert a.id == b.id
        assert len(svc.list_complaints(s, svc.ComplaintFilters())) == 1


def test_workflow_and_history(engine: Engine) -> None:
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(), secret_key=SECRET)
        with pytest.raises(svc.InvalidTransition):
            svc.change_status(s, c, to=ComplaintStatus.SELESAI, author="ani")
        for st in ("diverifikasi", "didisposisikan", "diproses", "selesai"):
            svc.change_status(s, c, to=ComplaintStatus(st), author="ani", note=f"ke {st}")
        hist = svc.history(s, c)
        assert [h.to_status for h in hist] == [
            "diterima",
            "diverifikasi",
            "didisposisikan",
            "diproses",
            "selesai",
        ]
        assert hist[-1].author == "ani" and hist[-1].note == "ke selesai"


def test_rejection_needs_reason(engine: Engine) -> None:
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(), secret_key=SECRET)
        with pytest.raises(svc.InvalidTransition) as err:
            svc.change_status(s, c, to=ComplaintStatus.BUKAN_WEWENANG, author="ani")
        assert err.value.key == "reason_required"
        svc.change_status(
            s, c, to=ComplaintStatus.BUKAN_WEWENANG, author="ani", reason="Jalan nasional"
        )
        assert c.status_reason == "Jalan nasional"
        assert "Jalan nasional" in svc.status_update_text(c)


def test_duplicates_nearby_same_category_open(engine: Engine) -> None:
    with Session(engine) as s:
        first = svc.create_complaint(s, draft(), secret_key=SECRET)
        near = svc.place_from_point(-6.9905, 110.4103)  # about 65 m away
        far = svc.place_from_point(-6.9930, 110.4100)  # about 330 m away
        assert [c.id for c in svc.find_duplicates(s, category="lampu_jalan", place=near)] == [
            first.id
        ]
        assert svc.find_duplicates(s, category="lampu_jalan", place=far) == []
        assert svc.find_duplicates(s, category="sampah", place=near) == []
        # older than 30 days: not a duplicate
        later = first.created_at + timedelta(days=31)
        assert svc.find_duplicates(s, category="lampu_jalan", place=near, now=later) == []
        # closed: not a duplicate
        svc.change_status(s, first, to=ComplaintStatus.DITOLAK, author="x", reason="uji")
        assert svc.find_duplicates(s, category="lampu_jalan", place=near) == []


def test_duplicate_by_typed_address(engine: Engine) -> None:
    with Session(engine) as s:
        place = svc.place_from_text("Jl. Melati RT 03, Sukamaju")
        svc.create_complaint(s, draft(place=place), secret_key=SECRET)
        again = svc.place_from_text("jl melati rt 03 sukamaju")
        assert len(svc.find_duplicates(s, category="lampu_jalan", place=again)) == 1


def test_rating_flags_low_scores(engine: Engine) -> None:
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(), secret_key=SECRET)
        with pytest.raises(svc.InvalidComplaintInput):
            svc.rate(s, c, rating=5)  # not finished yet
        for st in ("diverifikasi", "didisposisikan", "diproses", "selesai"):
            svc.change_status(s, c, to=ComplaintStatus(st), author="ani")
        with pytest.raises(svc.InvalidComplaintInput):
            svc.rate(s, c, rating=6)
        svc.rate(s, c, rating=2, comment="lampu mati lagi")
        assert c.flagged_for_review and c.rating == 2
        svc.rate(s, c, rating=5)
        assert not c.flagged_for_review


def test_reporter_detection(engine: Engine) -> None:
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(reporter_phone="+62 812-3456-7890"), secret_key=SECRET)
        assert c.reporter_phone == "081234567890"
        assert svc.is_reporter(c, "web:abc")
        assert svc.is_reporter(c, "telegram:9", "7890")
        assert not svc.is_reporter(c, "telegram:9", "1111")
        assert not svc.is_reporter(c, "telegram:9")


def test_privacy_anonim_drops_name_rahasia_hidden_from_public(engine: Engine) -> None:
    with Session(engine) as s:
        a = svc.create_complaint(
            s, draft(privacy=Privacy.ANONIM, reporter_name="Budi"), secret_key=SECRET
        )
        assert a.reporter_name is None
        svc.create_complaint(s, draft(privacy=Privacy.RAHASIA), secret_key=SECRET)
        public = svc.list_complaints(s, svc.ComplaintFilters(exclude_private=True))
        assert [c.id for c in public] == [a.id]


def test_nik_validated_and_only_hmac_stored(engine: Engine) -> None:
    with pytest.raises(svc.InvalidComplaintInput) as err:
        svc.validate_nik("1234567890123456")
    assert err.value.key == "nik_invalid"
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(nik="3201011508900001"), secret_key=SECRET)
        assert c.nik_hmac and "3201011508900001" not in c.nik_hmac
        assert len(c.nik_hmac) == 32


def test_nik_token_from_chat_files_the_same_hmac_and_invalid_token_is_refused(
    engine: Engine,
) -> None:
    from app.services.privacy import tokenise_niks

    token = tokenise_niks("3201 0115 0890 0001", SECRET)
    assert token.startswith("NIK#") and token.endswith("#0001#v")
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(nik=token), secret_key=SECRET)
        assert c.nik_hmac == svc.nik_hmac(SECRET, "3201011508900001")
        bad = tokenise_niks("1234567890123456", SECRET)
        assert bad.endswith("#3456#x")
        with pytest.raises(svc.InvalidComplaintInput) as err:
            svc.create_complaint(s, draft(nik=bad), secret_key=SECRET)
        assert err.value.key == "nik_invalid"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "description_empty"),
        ("   ", "description_empty"),
        ("rusak", "description_too_short"),
        ("x" * 1001, "description_too_long"),
    ],
)
def test_bad_descriptions(text: str, key: str) -> None:
    with pytest.raises(svc.InvalidComplaintInput) as err:
        svc.clean_description(text)
    assert err.value.key == key


def test_html_and_sql_stored_as_text(engine: Engine) -> None:
    evil = "<script>alert(1)</script>'; DROP TABLE complaint; --"
    with Session(engine) as s:
        c = svc.create_complaint(s, draft(description=evil), secret_key=SECRET)
        found = svc.list_complaints(s, svc.ComplaintFilters(q="drop table"))
        assert [x.id for x in found] == [c.id]
        assert svc.get_by_code(s, c.ticket_code).description == evil


@pytest.mark.parametrize(
    ("text", "kelurahan"),
    [
        ("jl melati rt 03 kelurahan sukamaju", "Sukamaju"),
        # as a speech recogniser writes it: split or misspelt
        ("jalan melati kelurahan suka maju", "Sukamaju"),
        ("jalan melatik ke lukaran sukar maju", "Sukamaju"),
        ("gang mawar, sukasari", "Sukasari"),
        ("jalan kenanga rt 2", None),
    ],
)
def test_kelurahan_recognised(text: str, kelurahan: str | None) -> None:
    assert svc.place_from_text(text).kelurahan == kelurahan


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Jl. Sudirman, Surabaya", "location_outside_city"),
        ("pokoknya di sana", "location_unclear"),
        ("", "location_empty"),
    ],
)
def test_bad_places(text: str, key: str) -> None:
    with pytest.raises(svc.InvalidComplaintInput) as err:
        svc.place_from_text(text)
    assert err.value.key == key


def test_point_outside_city_refused() -> None:
    with pytest.raises(svc.InvalidComplaintInput) as err:
        svc.place_from_point(-6.2, 106.8)  # Jakarta
    assert err.value.key == "location_outside_city"


def test_ticket_code_parsing_and_unknown_category() -> None:
    assert svc.parse_ticket_code("cek LPR-2026-000123 dong") == "LPR-2026-000123"
    assert svc.parse_ticket_code("lpr 2026 7") == "LPR-2026-000007"
    assert svc.parse_ticket_code("nomor saya 123") is None
    with pytest.raises(svc.InvalidComplaintInput) as err:
        svc.routing().category("ufo")
    assert err.value.key == "category_unknown"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Jl. Melati RT 03, Sukamaju", "jalan melati rt 3 sukamaju mati total", True),
        ("Jl. Melati RT 03", "jl melati rt 4", False),
        ("Jl. Melati", "Jl. Mawar", False),
        ("Pasar Kebonsari", "pasar kebonsari", True),
        ("Gang Mawar", "Jl. Mawar", False),
    ],
)
def test_same_street_for_typed_addresses(a: str, b: str, same: bool) -> None:
    assert svc.same_street(a, b) is same


def test_a_long_story_answer_keeps_only_the_address() -> None:
    """Bench w-04: an elderly resident answers the location question with the story of the
    lamp; the report's location is the street part, not the grandchild and the holiday."""
    story = (
        "begini nak, rumah ibu itu masuk gang di Jl. Gardenia RT 02 RW 05 Karanganyar, sebelah"
        " warung bu Ijah. Lampunya yang di tiang dekat pos ronda itu nak, sudah mati sejak cucu"
        " ibu pulang kampung lebaran kemarin, jadi kalau ibu pulang pengajian malam-malam gelap"
    )
    place = svc.place_from_text(story)
    assert place.address == "Jl. Gardenia RT 02 RW 05 Karanganyar, sebelah warung bu Ijah"
    assert place.kelurahan == "Karanganyar"
    short = "di Jl. Kartini RT 03 RW 02 Kebonsari nak, depan mushola Al Ikhlas"
    assert svc.place_from_text(short).address.startswith("Jl. Kartini RT 03 RW 02 Kebonsari")
