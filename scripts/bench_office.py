"""Speed of the back office's reads on a city with many complaints (issue 17).

Fills a fresh SQLite database with N complaints (rows written directly, spread over the
kelurahan, categories, statuses and 90 days), then times the workbench queue, the map's
GeoJSON and heat layer, the CSV export and a monthly report through the real app
(in-process ASGI client), median of 5 runs each.

Usage: PYTHONPATH=. .venv/bin/python scripts/bench_office.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.models import Complaint, ComplaintStatus, Privacy, StaffRole
from app.services import complaints as svc
from app.services.staff import create_staff


def fill(engine: object, n: int) -> None:
    rng = random.Random(17)
    city, table = svc.city(), svc.routing()
    cats = list(table.categories.values())
    now = datetime.now(UTC)
    with Session(engine) as s:  # type: ignore[arg-type]
        rows = []
        for i in range(n):
            kel = rng.choice(city.kelurahan)
            cat = rng.choice(cats)
            created = now - timedelta(days=rng.uniform(0, 90))
            rows.append(
                Complaint(
                    ticket_code=f"LPR-2026-{i + 1:06d}",
                    year=2026,
                    seq=i + 1,
                    category=cat.code,
                    dinas_code=cat.dinas,
                    description=f"Laporan uji {i}",
                    address=f"Jl. Uji {i}",
                    kelurahan=kel.name,
                    kecamatan=kel.kecamatan,
                    latitude=kel.lat + rng.uniform(-0.004, 0.004),
                    longitude=kel.lon + rng.uniform(-0.004, 0.004),
                    privacy=rng.choice(list(Privacy)),
                    status=rng.choice(list(ComplaintStatus)),
                    expected_date=(created + timedelta(days=cat.sla_days)).date(),
                    created_at=created,
                    updated_at=created,
                )
            )
        s.add_all(rows)
        s.commit()
        create_staff(s, username="bench", password="bench-rahasia", role=StaffRole.SUPERVISOR)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runtime = Path(tempfile.mkdtemp())
    settings = Settings(
        environment="test",
        runtime_dir=runtime,
        rasa_url="http://127.0.0.1:9",
        stt_preload=False,
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
    )
    app = create_app(settings)
    with TestClient(app) as client:
        fill(app.state.ctx.engine, n)
        token = client.post(
            "/api/staff/login", json={"username": "bench", "password": "bench-rahasia"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        month = datetime.now(UTC).strftime("%Y-%m")
        cases = {
            "queue (100 rows, open)": "/api/office/complaints?open=true&limit=100",
            "queue filtered (overdue, DPUPR)": "/api/office/complaints?overdue=true&dinas=DPUPR",
            "map GeoJSON (all open)": "/api/staff/complaints.geojson?open=true",
            "kelurahan heat layer": "/api/office/map/kelurahan.geojson",
            "CSV export (all)": "/api/office/complaints.csv?open=false",
            "monthly report (DPUPR)": f"/api/staff/reports/monthly?month={month}&dinas=DPUPR",
        }
        print(f"{n} complaints, SQLite, median of 5 (ms):")
        for name, path in cases.items():
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                r = client.get(path, headers=headers)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (path, r.status_code)
            print(f"  {name:34s} {statistics.median(times):8.1f}  ({len(r.content) // 1024} KiB)")


if __name__ == "__main__":
    main()
