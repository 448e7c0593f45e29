"""Exports: the GeoJSON and CSV keep the privacy rules, the kelurahan heat layer adds up,
the offline base map covers the city, and the monthly report matches figures worked out by
hand on a small month."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time

import holidays
from fastapi.testclient import TestClient
from shapely.geometry import shape
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import ComplaintHistory, ComplaintStatus, Privacy
from app.services import complaints as svc
from tests.office.conftest import login
from tests.office.seed import Seeded


def test_geojson_applies_the_privacy_rules(client: TestClient, seeded: Seeded) -> None:
    r = client.get("/api/staff/complaints.geojson", headers=login(client, "sari"))
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    assert {f["id"] for f in fc["features"]} == set(seeded.codes)
    raw = json.dumps(fc)
    for c in seeded.by_code.values():  # no reporter identity, whatever the privacy
        assert c.reporter_phone is None or c.reporter_phone not in raw
        assert c.reporter_name is None or c.reporter_name not in raw
        assert c.reporter_conversation_id is None or c.reporter_conversation_id not in raw
    for f in fc["features"]:
        c = seeded.by_code[f["id"]]
        lon, lat = f["geometry"]["coordinates"]
        p = f["properties"]
        if c.privacy is Privacy.BIASA:
            assert (lat, lon) == (c.latitude, c.longitude)
            assert p["description"] == c.description and p["address"] == c.address
        else:
            assert (lat, lon) == (round(c.latitude, 3), round(c.longitude, 3))  # type: ignore[arg-type]
            assert p["address"] == f"{c.kelurahan}, {c.kecamatan}"
            assert c.address not in json.dumps(p)
        if c.privacy is Privacy.ANONIM:
            assert p["description"] != c.description and "disunting" in p["description"]
        if c.privacy is Privacy.RAHASIA:
            assert p["description"] is None


def test_geojson_and_csv_follow_the_filters(client: TestClient, seeded: Seeded) -> None:
    ani = login(client, "ani")
    fc = client.get("/api/staff/complaints.geojson?category=sampah&open=true", headers=ani).json()
    want = {
        c for c, x in seeded.by_code.items() if x.category == "sampah" and not x.status.is_closed
    }
    assert {f["id"] for f in fc["features"]} == want
    text = client.get("/api/office/complaints.csv?category=sampah&open=true", headers=ani).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["ticket_code"] for r in rows} == want
    for r in rows:
        c = seeded.by_code[r["ticket_code"]]
        assert r["privacy"] == c.privacy.value
        if c.privacy is Privacy.RAHASIA:
            assert r["description"] == "" and r["address"] == f"{c.kelurahan}, {c.kecamatan}"
        if c.privacy is Privacy.BIASA:
            assert r["description"] == c.description
        assert c.reporter_phone not in text


def test_kelurahan_heat_adds_up(client: TestClient, seeded: Seeded) -> None:
    ani = login(client, "ani")
    fc = client.get("/api/office/map/kelurahan.geojson", headers=ani).json()
    counts = {f["properties"]["name"]: f["properties"]["count"] for f in fc["features"]}
    assert len(counts) == len(svc.city().kelurahan)
    assert sum(counts.values()) == len(seeded.codes)
    sukamaju = [x for x in seeded.by_code.values() if x.kelurahan == "Sukamaju"]
    assert counts["Sukamaju"] == len(sukamaju)
    opened = {f["properties"]["name"]: f["properties"]["open"] for f in fc["features"]}
    assert opened["Sukamaju"] == sum(1 for x in sukamaju if not x.status.is_closed)
    budi = login(client, "budi")
    fc = client.get("/api/office/map/kelurahan.geojson", headers=budi).json()
    dpupr = sum(1 for x in seeded.by_code.values() if x.dinas_code == "DPUPR")
    assert sum(f["properties"]["count"] for f in fc["features"]) == dpupr


def test_offline_base_map_covers_the_city(client: TestClient) -> None:
    fc = client.get("/api/office/city.geojson").json()
    boundary = shape(
        next(f for f in fc["features"] if f["properties"]["kind"] == "boundary")["geometry"]
    )
    areas = {
        f["properties"]["name"]: shape(f["geometry"])
        for f in fc["features"]
        if f["properties"]["kind"] == "kelurahan"
    }
    assert len(areas) == 12
    assert abs(sum(a.area for a in areas.values()) - boundary.area) < 1e-6  # no gaps, no overlaps
    for k in svc.city().kelurahan:  # each centre lies in its own area, and a shared location
        centre = shape({"type": "Point", "coordinates": [k.lon, k.lat]})  # is named the same
        assert areas[k.name].contains(centre)
    place = svc.place_from_point(-6.9612, 110.4188)
    point = shape({"type": "Point", "coordinates": [110.4188, -6.9612]})
    assert areas[place.kelurahan or ""].contains(point)


def _at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour - 7), tzinfo=UTC)  # hour in WIB


def test_monthly_report_against_hand_counts(bare_client: TestClient, engine: Engine) -> None:
    """November 2026 of DLH (sampah: SLA 2 working days; no public holiday in November):
    A filed Mon 2, solved Tue 3 (on time, 1 working day), rated 4;
    B filed Thu 5 (due Mon 9), solved Thu 12 (late, 5 working days), rated 2;
    C filed Fri 20, rejected Sat 21; D filed Wed 25 (due Fri 27), open at the end (1 day late
    on Mon 30); E filed Wed 28 October (due Fri 30 Oct), still open (21 working days late);
    F: DPUPR, not counted."""
    client = bare_client
    assert not [d for d in holidays.country_holidays("ID", years=2026) if d.month == 11]
    plan = {
        "A": (date(2026, 11, 2), "DLH", [(ComplaintStatus.SELESAI, date(2026, 11, 3))], 4),
        "B": (date(2026, 11, 5), "DLH", [(ComplaintStatus.SELESAI, date(2026, 11, 12))], 2),
        "C": (date(2026, 11, 20), "DLH", [(ComplaintStatus.DITOLAK, date(2026, 11, 21))], None),
        "D": (date(2026, 11, 25), "DLH", [], None),
        "E": (date(2026, 10, 28), "DLH", [], None),
        "F": (date(2026, 11, 10), "DPUPR", [], None),
    }
    codes: dict[str, str] = {}
    with Session(engine) as s:
        for name, (filed, dinas, steps, rating) in plan.items():
            category = "sampah" if dinas == "DLH" else "jalan_rusak"
            c = svc.create_complaint(
                s,
                svc.ComplaintDraft(
                    category=category,
                    description=f"Laporan {name} untuk laporan bulanan",
                    place=svc.place_from_point(-6.99, 110.41),
                    source="staff",
                ),
                secret_key="k",
                today=filed,
            )
            c.created_at = _at(filed)
            s.add(c)
            s.commit()
            for to, when in steps:
                path = {
                    ComplaintStatus.SELESAI: [
                        ComplaintStatus.DIVERIFIKASI,
                        ComplaintStatus.DIDISPOSISIKAN,
                        ComplaintStatus.DIPROSES,
                        ComplaintStatus.SELESAI,
                    ],
                    ComplaintStatus.DITOLAK: [ComplaintStatus.DITOLAK],
                }[to]
                for step in path:
                    svc.change_status(s, c, to=step, author="sari", reason="Bukan laporan")
                for h in s.exec(
                    select(ComplaintHistory).where(ComplaintHistory.complaint_id == c.id)
                ):
                    if h.from_status is not None:
                        h.created_at = _at(when, 14)
                        s.add(h)
                s.commit()
            if rating:
                svc.rate(s, c, rating=rating)
            codes[name] = c.ticket_code
    r = client.get(
        "/api/staff/reports/monthly?month=2026-11&dinas=DLH", headers=login(client, "sari")
    )
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["month_label"] == "November 2026" and rep["dinas_code"] == "DLH"
    assert rep["received"] == 4  # A B C D
    assert rep["closed"] == 3 and rep["solved"] == 2 and rep["rejected"] == 1
    assert rep["solved_on_time"] == 1 and rep["on_time_rate"] == 0.5
    assert rep["median_working_days_to_solve"] == 3  # (1 + 5) / 2
    assert rep["open_at_month_end"] == 2 and rep["overdue_at_month_end"] == 2
    assert [t["ticket_code"] for t in rep["overdue_tickets"]] == [codes["E"], codes["D"]]
    assert [t["late_working_days"] for t in rep["overdue_tickets"]] == [21, 1]
    assert rep["rating_average"] == 3.0 and rep["ratings"] == 2
    assert rep["by_category"] == [
        {"code": "sampah", "name": svc.routing().categories["sampah"].name, "count": 4}
    ]
    bad = client.get(
        "/api/staff/reports/monthly?month=2026-13&dinas=DLH", headers=login(client, "sari")
    )
    assert bad.status_code == 422
    nodinas = client.get("/api/staff/reports/monthly?month=2026-11", headers=login(client, "sari"))
    assert nodinas.status_code == 422
