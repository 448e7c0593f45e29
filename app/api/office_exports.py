"""Exports of the workbench: ``GET /api/staff/complaints.geojson`` and
``GET /api/office/complaints.csv`` (the workbench's filters, scoped to the officer's dinas),
the city's base map and the kelurahan heat layer, and the monthly report per dinas.

Privacy in the GeoJSON (a file that may leave the office, e.g. into a GIS): never the
reporter's name, phone, e-mail, NIK or conversation; an ``anonim`` report is published as
Open311 publishes it (coordinates rounded to about 110 m, the address reduced to
kelurahan and kecamatan, the description edited); a ``rahasia`` report keeps its rounded
point and area but no description or address. The CSV follows the same rules."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from app.api.complaints_staff import _csv_cell
from app.api.deps import SessionDep
from app.api.office_auth import OfficeStaff, dinas_scope
from app.api.office_complaints import row, staff_names
from app.api.office_filters import Filters
from app.api.open311 import ANON_COORD_DECIMALS, edited_description
from app.models import Complaint, Privacy
from app.services import complaint_queue as queue
from app.services import geo
from app.services.monthly_report import Month, monthly_report
from app.services.sla import today_local
from core.errors import InvalidInput

router = APIRouter(tags=["office"])

MAX_EXPORT = 20_000
GEOJSON = "application/geo+json"


def _area(c: Complaint) -> str | None:
    return ", ".join(x for x in (c.kelurahan, c.kecamatan) if x) or None


def disclosed(c: Complaint) -> dict[str, Any]:
    """Location and text as an export may carry them (see the module's docstring)."""
    lat, lon = c.latitude, c.longitude
    if c.privacy is Privacy.BIASA:
        return {"lat": lat, "lon": lon, "address": c.address, "description": c.description}
    if lat is not None and lon is not None:
        lat, lon = round(lat, ANON_COORD_DECIMALS), round(lon, ANON_COORD_DECIMALS)
    if c.privacy is Privacy.ANONIM:
        return {
            "lat": lat,
            "lon": lon,
            "address": _area(c),
            "description": edited_description(c.description),
        }
    return {"lat": lat, "lon": lon, "address": _area(c), "description": None}


EXPORT_FIELDS = (
    "ticket_code",
    "status",
    "category",
    "category_name",
    "dinas_code",
    "kelurahan",
    "kecamatan",
    "channel",
    "privacy",
    "created_at",
    "expected_date",
    "flagged",
    "assigned_to",
)


def _properties(c: Complaint, today: date, names: dict[int, str]) -> dict[str, Any]:
    line = row(c, today, names)
    props = {k: line[k] for k in EXPORT_FIELDS}
    props["sla_state"] = line["sla"]["state"]
    props["sla_days"] = line["sla"]["days"]
    shown = disclosed(c)
    props["address"] = shown["address"]
    props["description"] = shown["description"]
    return props


@router.get("/api/staff/complaints.geojson")
def complaints_geojson(db: SessionDep, filters: Filters) -> Response:
    today = filters.today or today_local()
    names = staff_names(db)
    features = []
    for c in queue.fetch(db, filters, limit=MAX_EXPORT):
        shown = disclosed(c)
        if shown["lat"] is None or shown["lon"] is None:
            continue  # a typed address without a point: in the CSV, not on a map
        features.append(
            {
                "type": "Feature",
                "id": c.ticket_code,
                "geometry": {"type": "Point", "coordinates": [shown["lon"], shown["lat"]]},
                "properties": _properties(c, today, names),
            }
        )
    body = {"type": "FeatureCollection", "features": features}
    return JSONResponse(body, media_type=GEOJSON)


@router.get("/api/office/complaints.csv")
def complaints_csv(db: SessionDep, filters: Filters) -> Response:
    today = filters.today or today_local()
    names = staff_names(db)
    columns = [*EXPORT_FIELDS, "sla_state", "sla_days", "address", "description", "lat", "lon"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for c in queue.fetch(db, filters, limit=MAX_EXPORT):
        props = _properties(c, today, names)
        shown = disclosed(c)
        props["lat"], props["lon"] = shown["lat"], shown["lon"]
        writer.writerow([_csv_cell(props[k]) for k in columns])
    return Response(
        content=buf.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="antrean-pengaduan.csv"'},
    )


@router.get("/api/office/city.geojson")
def city_geojson() -> Response:
    """The city's boundary and kelurahan (public: no personal data)."""
    return JSONResponse(geo.city_geojson(), media_type=GEOJSON)


@router.get("/api/office/map/kelurahan.geojson")
def kelurahan_heat(db: SessionDep, filters: Filters) -> Response:
    """Complaints per kelurahan (the filters' result) on the kelurahan areas."""
    counts = queue.counts_by_kelurahan(db, filters)
    filters.open_only = True
    open_counts = queue.counts_by_kelurahan(db, filters)
    return JSONResponse(geo.kelurahan_heat(counts, open_counts), media_type=GEOJSON)


@router.get("/api/staff/reports/monthly")
def report_monthly(
    db: SessionDep,
    user: OfficeStaff,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")],
    dinas_code: Annotated[str | None, Query(alias="dinas", max_length=32)] = None,
) -> dict[str, Any]:
    """One dinas's month (a dinas officer: always their own dinas)."""
    scope = dinas_scope(user, dinas_code)
    if scope is None:
        raise InvalidInput("dinas required")
    try:
        m = Month.parse(month)
    except ValueError as error:
        raise InvalidInput("bad month") from error
    return monthly_report(db, dinas_code=scope, month=m)
