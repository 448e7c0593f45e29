"""Every analytics figure against the seeded fortnight (tests/app/analytics_seed.py), on
SQLite and PostgreSQL. The expected numbers are worked out by hand in the comments from
the seed's timestamps; nothing here is computed by the code under test.

Period 2026-11-02 .. 2026-11-15 (WIB). In the period: C1..C8 (X1 and X2 fall just outside;
M1, a duplicate merged into C1, is not counted).

      category     kelurahan channel  status   1st   resolved  done vs due (WIB)  rating reopened
  C1  jalan_rusak  Sukamaju  telegram selesai   4 h   48 h   11-04 <= 11-11 ok   5
  C2  jalan_rusak  Sukamaju  whatsapp selesai  10 h  240 h   11-13 >  11-12 late 2      yes
  C3  lampu_jalan  Sukasari  web      selesai   1 h   24 h   11-05 <= 11-09 ok   4
  C4  lampu_jalan  Sukasari  telegram diproses  2 h    -     open, due 11-10: overdue
  C5  lampu_jalan  (none)    open311  ditolak   6 h    -     rejected: not in SLA
  C6  sampah       Sukamaju  web      diterima  -      -     open, due 11-10: overdue
  C7  jalan_rusak  Sukasari  whatsapp selesai   8 h   24 h   11-10 <= 11-18 ok   3
  C8  lampu_jalan  Sukamaju  telegram selesai   8 h   96 h   11-06 >  11-05 late 5
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine, migrate
from app.models import StaffRole
from app.services import analytics, analytics_public
from app.services import staff as staff_service
from app.services.analytics_assistant import assistant_summary
from app.services.facilities import load_catalogue
from tests.app.analytics_seed import END, PERSONAL, START, seed_all
from tests.app.trust_fixtures import running

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TODAY = date(2026, 12, 2)  # every due date of the seed has passed
PERIOD = analytics.Period(START, END)
PASSWORD = "rahasia-sekali-123"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'analytics.db'}"
        return
    name = f"halo_t_{uuid.uuid4().hex}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def seeded(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    settings = Settings(environment="test", runtime_dir=tmp_path, database_url=database_url)
    engine = make_engine(settings)
    migrate(engine)
    seed_all(engine)
    yield engine
    engine.dispose()


def summary(engine: Engine, dinas: str | None = None) -> dict[str, Any]:
    with Session(engine) as s:
        return analytics.complaint_summary(analytics.complaint_facts(s, PERIOD, dinas), TODAY)


def group(rows: list[dict[str, Any]], key: str | None) -> dict[str, Any]:
    (row,) = [r for r in rows if r["key"] == key]
    return row


FIGURES = [
    *("total", "resolved", "open", "overdue_open", "rejected", "sla_known", "sla_met"),
    *("sla_compliance", "median_first_response_hours", "median_resolution_hours", "rated"),
    *("csat", "rating_avg", "reopened", "reopened_rate"),
]


def check(row: dict[str, Any], *values: Any) -> None:
    assert {k: row[k] for k in FIGURES} == dict(zip(FIGURES, values, strict=True))


def test_whole_period(seeded: Engine) -> None:
    s = summary(seeded)
    check(
        s,
        8,  # C1..C8 (X1 11-01 23:30 WIB and X2 11-16 00:00 WIB are outside; M1 merged)
        5,  # resolved at least once: C1 C2 C3 C7 C8
        2,  # open: C4 (diproses), C6 (diterima)
        2,  # both past their due date 11-10
        1,  # C5 ditolak (M1, also ditolak, is a merged duplicate)
        7,  # SLA known: 5 resolved + 2 overdue
        3,  # on time: C1, C3, C7 (C2 and C8 late)
        0.4286,  # 3 / 7
        6.0,  # first responses [1, 2, 4, 6, 8, 8, 10] -> the 4th
        48.0,  # resolutions [24, 24, 48, 96, 240] -> the 3rd
        5,  # ratings 5, 2, 4, 3, 5
        0.6,  # 4 or 5: C1, C3, C8 -> 3 / 5
        3.8,  # 19 / 5
        1,  # C2
        0.2,  # 1 / 5 resolved
    )


def test_by_category(seeded: Engine) -> None:
    rows = summary(seeded)["by_category"]
    assert [r["key"] for r in rows] == ["lampu_jalan", "jalan_rusak", "sampah"]  # 4, 3, 1
    assert group(rows, "lampu_jalan")["label"] == "Lampu penerangan jalan mati"
    # C3 C4 C5 C8: resolved C3 C8; C4 open+overdue; C5 rejected; SLA C3 ok of C3 C4 C8;
    # first [1, 2, 6, 8] -> (2+6)/2 = 4; resolution [24, 96] -> 60; ratings 4, 5
    check(group(rows, "lampu_jalan"), 4, 2, 1, 1, 1, 3, 1, 0.3333, 4.0, 60.0, 2, 1.0, 4.5, 0, 0.0)
    # C1 C2 C7: SLA C1 C7 of 3; first [4, 8, 10] -> 8; resolution [24, 48, 240] -> 48;
    # ratings 5 2 3: one of 3 is 4+, mean 10/3; C2 reopened: 1/3
    check(
        group(rows, "jalan_rusak"),
        3,
        3,
        0,
        0,
        0,
        3,
        2,
        0.6667,
        8.0,
        48.0,
        3,
        0.3333,
        3.33,
        1,
        0.3333,
    )
    # C6 only: open, overdue, SLA 0 of 1, nothing else known
    check(group(rows, "sampah"), 1, 0, 1, 1, 0, 1, 0, 0.0, None, None, 0, None, None, 0, None)


def test_by_kelurahan(seeded: Engine) -> None:
    rows = summary(seeded)["by_kelurahan"]
    assert [r["key"] for r in rows] == ["Sukamaju", "Sukasari", None]  # 4, 3, 1
    assert group(rows, None)["label"] == "Kelurahan tidak diketahui"
    # C1 C2 C6 C8: resolved C1 C2 C8; C6 overdue; SLA only C1 of 4; first [4, 8, 10] -> 8;
    # resolution [48, 96, 240] -> 96; ratings 5 2 5: 2/3, mean 4; C2 reopened 1/3
    check(group(rows, "Sukamaju"), 4, 3, 1, 1, 0, 4, 1, 0.25, 8.0, 96.0, 3, 0.6667, 4.0, 1, 0.3333)
    # C3 C4 C7: resolved C3 C7; C4 overdue; SLA 2 of 3; first [1, 2, 8] -> 2;
    # resolution [24, 24] -> 24; ratings 4 3: 1/2, mean 3.5
    check(group(rows, "Sukasari"), 3, 2, 1, 1, 0, 3, 2, 0.6667, 2.0, 24.0, 2, 0.5, 3.5, 0, 0.0)
    # C5: rejected after 6 h
    check(group(rows, None), 1, 0, 0, 0, 1, 0, 0, None, 6.0, None, 0, None, None, 0, None)


def test_by_channel(seeded: Engine) -> None:
    rows = summary(seeded)["by_channel"]
    # 3, then the two 2s by label ("Chat web" < "WhatsApp"), then 1
    assert [r["key"] for r in rows] == ["telegram", "web", "whatsapp", "open311"]
    # C1 C4 C8: SLA C1 of 3; first [2, 4, 8] -> 4; resolution [48, 96] -> 72; ratings 5 5
    check(group(rows, "telegram"), 3, 2, 1, 1, 0, 3, 1, 0.3333, 4.0, 72.0, 2, 1.0, 5.0, 0, 0.0)
    # C2 C7: SLA C7 of 2; first [8, 10] -> 9; resolution [24, 240] -> 132; ratings 2 3
    check(group(rows, "whatsapp"), 2, 2, 0, 0, 0, 2, 1, 0.5, 9.0, 132.0, 2, 0.0, 2.5, 1, 0.5)
    # C3 C6: SLA C3 of 2; first [1]; resolution [24]; rating 4
    check(group(rows, "web"), 2, 1, 1, 1, 0, 2, 1, 0.5, 1.0, 24.0, 1, 1.0, 4.0, 0, 0.0)
    check(group(rows, "open311"), 1, 0, 0, 0, 1, 0, 0, None, 6.0, None, 0, None, None, 0, None)


def test_dinas_scope(seeded: Engine) -> None:
    s = summary(seeded, "DISHUB")  # lampu_jalan: C3 C4 C5 C8, as in test_by_category
    check(s, 4, 2, 1, 1, 1, 3, 1, 0.3333, 4.0, 60.0, 2, 1.0, 4.5, 0, 0.0)
    assert [r["key"] for r in s["by_category"]] == ["lampu_jalan"]


def test_assistant_figures(seeded: Engine) -> None:
    with Session(seeded) as s:
        a = assistant_summary(s, PERIOD, load_catalogue())
    # citizens wrote in the period: 111 222 333 444 555 666 999 (777 before, 888 after)
    assert a["conversations"] == 7
    # handoffs requested in the period: 222 333 444 555 666 (999's was in October)
    assert a["self_served"] == 2  # 111 and 999
    assert a["self_service_rate"] == 0.2857  # 2 / 7
    assert a["by_channel"] == [
        {"key": "telegram", "conversations": 3},  # 111 666 999
        {"key": "web", "conversations": 3},  # 333 444 555
        {"key": "whatsapp", "conversations": 1},  # 222
    ]
    assert a["handoffs"] == 5
    assert a["handoffs_claimed"] == 4  # 555 was never claimed
    assert a["handoffs_abandoned"] == 1  # 555, closed without an officer
    assert a["handoffs_after_hours"] == 1  # 444
    # waits within service hours: 10, 30, 4 minutes (444 after hours left out)
    assert a["median_queue_wait_minutes"] == 10.0
    assert a["p90_queue_wait_minutes"] == 30.0  # nearest rank: ceil(0.9 * 3) = 3rd of 3


def test_booking_use(seeded: Engine) -> None:
    with Session(seeded) as s:
        rows = {r["key"]: r for r in assistant_summary(s, PERIOD, load_catalogue())["bookings"]}
    # tenis-a: 11-03 2 h (checked in) and 11-04 1 h confirmed; 11-05 cancelled.
    # Open 06-22 (16 h) on 14 days, minus the staff closure of 11-10: 13 * 16 = 208 h
    assert rows["tenis-a"] == {
        "key": "tenis-a",
        "label": "Lapangan Tenis A (Taman Kota)",
        "booking_confirmed": 2,
        "booking_cancelled": 1,
        "booking_checked_in": 1,
        "booking_hours": 3.0,
        "open_hours": 208.0,
        "utilisation": 0.0144,  # 3 / 208 = 0.01442
    }
    # futsal: 11-07 2 h checked in; 11-16 is outside. 14 * 16 = 224 h open; 2 / 224 = 0.00893
    assert {k: rows["futsal"][k] for k in ("booking_confirmed", "booking_checked_in")} == {
        "booking_confirmed": 1,
        "booking_checked_in": 1,
    }
    assert (rows["futsal"]["booking_hours"], rows["futsal"]["utilisation"]) == (2.0, 0.0089)
    assert rows["gor"]["booking_confirmed"] == 0 and rows["gor"]["utilisation"] == 0.0


def test_public_index_pools_small_groups(seeded: Engine, monkeypatch) -> None:
    monkeypatch.setattr(analytics_public, "min_group", lambda: 3)
    with Session(seeded) as s:
        index = analytics_public.public_index(s, PERIOD, TODAY, load_catalogue())
    c = index["complaints"]
    assert (c["total"], c["sla_compliance"], c["csat"]) == (8, 0.4286, 0.6)
    # channels: telegram (3) stays; whatsapp 2, web 2, open311 1 are pooled: C2 C7 C3 C6 C5
    # resolved C2 C7 C3; C6 open; SLA C7 C3 of C2 C7 C3 C6 = 2/4; first [1, 6, 8, 10] -> 7;
    # resolution [24, 24, 240] -> 24; ratings 2 3 4 -> 1/3; C2 reopened 1/3
    (tele, other) = c["by_channel"]
    assert tele["key"] == "telegram" and tele["total"] == 3
    assert other == {
        "key": "_lainnya",
        "label": "Lainnya (gabungan kelompok kecil)",
        "groups": 3,
        "total": 5,
        "resolved": 3,
        "open": 1,
        "sla_compliance": 0.5,
        "median_first_response_hours": 7.0,
        "median_resolution_hours": 24.0,
        "csat": 0.3333,
        "reopened_rate": 0.3333,
    }
    # categories: sampah (1 complaint) pooled alone: still under 3, so no figures at all
    assert c["by_category"][-1] == {
        "key": "_lainnya",
        "label": "Lainnya (gabungan kelompok kecil)",
        "groups": 1,
        "suppressed": True,
    }
    assert "rating_avg" not in c and "rated" not in c  # only the published figures


def staff_token(client, engine_url: str, tmp: Path, username: str, **kw: Any) -> str:
    settings = Settings(environment="test", runtime_dir=tmp, database_url=engine_url)
    engine = make_engine(settings)
    with Session(engine) as s:
        staff_service.create_staff(s, username=username, password=PASSWORD, **kw)
    engine.dispose()
    r = client.post("/api/staff/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def test_api_summary_and_public_index(seeded: Engine, database_url: str, tmp_path: Path):
    for client, _rasa in running(tmp_path / "app", database_url=database_url):
        query = {"start": START.isoformat(), "end": END.isoformat()}
        assert client.get("/api/staff/analytics/summary", params=query).status_code == 401
        sup = staff_token(client, database_url, tmp_path, "kepala", role=StaffRole.SUPERVISOR)
        r = client.get(
            "/api/staff/analytics/summary",
            params=query,
            headers={"Authorization": f"Bearer {sup}"},
        )
        body = r.json()
        assert (body["total"], body["sla_compliance"], body["median_resolution_hours"]) == (
            8,
            0.4286,
            48.0,
        )
        assert body["assistant"]["conversations"] == 7
        assert body["labels"]["figures"]["csat"] == "Kepuasan warga (nilai 4-5)"
        assert body["dinas_options"]["DISHUB"] == "Dinas Perhubungan"
        narrowed = client.get(
            "/api/staff/analytics/summary",
            params={**query, "dinas_code": "DPUPR"},  # jalan_rusak: C1 C2 C7
            headers={"Authorization": f"Bearer {sup}"},
        ).json()
        assert (narrowed["total"], narrowed["dinas_name"]) == (
            3,
            "Dinas Pekerjaan Umum dan Penataan Ruang",
        )
        assert narrowed["assistant"]["conversations"] == 7  # city-wide, still shown

        officer = staff_token(client, database_url, tmp_path, "dishub1", dinas_code="DISHUB")
        r = client.get(
            "/api/staff/analytics/summary",
            params=query,
            headers={"Authorization": f"Bearer {officer}"},
        )
        body = r.json()
        assert (body["total"], body["dinas_code"], body["assistant"]) == (4, "DISHUB", None)
        assert body["dinas_options"] is None
        other = client.get(
            "/api/staff/analytics/summary",
            params={**query, "dinas_code": "DPUPR"},  # another dinas: still only DISHUB
            headers={"Authorization": f"Bearer {officer}"},
        ).json()
        assert (other["total"], other["dinas_code"]) == (4, "DISHUB")
        assert body["dinas_name"] == "Dinas Perhubungan"

        backwards = {"start": "2026-11-20", "end": "2026-11-01"}
        bad = client.get(
            "/api/staff/analytics/summary",
            params=backwards,
            headers={"Authorization": f"Bearer {sup}"},
        )
        assert bad.status_code == 422

        # the public index: no sign-in, the real threshold (5): every category and
        # kelurahan has fewer than 5 complaints, so each list is one pooled row of all 8
        r = client.get("/api/public/index", params=query)
        assert r.status_code == 200
        index = r.json()
        assert index["min_group"] == 5
        for key in ("by_category", "by_kelurahan", "by_channel"):
            (pooled,) = index["complaints"][key]
            assert (pooled["key"], pooled["total"], pooled["sla_compliance"]) == (
                "_lainnya",
                8,
                0.4286,
            )
        # 4 claimed handoffs < 5: the waiting time is withheld
        assert index["assistant"]["median_queue_wait_minutes"] is None
        raw = r.text.lower()
        for kind, values in PERSONAL.items():
            for value in values:
                assert value.lower() not in raw, kind
        assert "lpr-2026" not in raw and "bk-aaaa" not in raw
        assert "telegram:" not in raw and "whatsapp:" not in raw
        json.loads(r.text)


def test_public_index_is_rate_limited(tmp_path: Path) -> None:
    for client, _rasa in running(tmp_path):
        codes = [client.get("/api/public/index").status_code for _ in range(61)]
        assert codes[:60] == [200] * 60  # 60/minute per client (app/data/analytics.yml)
        assert codes[60] == 429
