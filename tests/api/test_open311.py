"""Open311 GeoReport v2 over real HTTP (uvicorn on a free port, plain httpx client)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.api import open311
from app.api.errors import install as install_error_handler
from app.config import Settings
from app.context import AppContext
from app.models import ComplaintStatus, Privacy
from app.services import complaints as svc
from tests.e2e.conftest import free_port

API_KEY = "kunci-uji-open311"
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip


@pytest.fixture
def base_url(engine: Engine, settings: Settings) -> Iterator[str]:
    settings.open311_api_keys = [API_KEY]
    api = FastAPI()
    install_error_handler(api)  # as create_app does: the error tree answers
    api.state.ctx = AppContext(engine=engine, settings=settings)
    api.include_router(open311.router)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/open311/v2"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url + "/", timeout=10) as client:
        yield client


def post(http: httpx.Client, **fields: str) -> httpx.Response:
    return http.post("requests.json", data={"api_key": API_KEY, **fields})


def test_discovery_and_services(http: httpx.Client, base_url: str) -> None:
    d = http.get("discovery.json").json()
    assert d["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert d["endpoints"][0]["url"] == base_url + "/"
    assert "application/json" in d["endpoints"][0]["formats"]
    services = http.get("services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"jalan_rusak", "lampu_jalan", "sampah"} <= codes
    for s in services:
        assert set(s) == {
            "service_code", "service_name", "description", "metadata", "type", "keywords", "group"
        }  # fmt: skip
        assert s["type"] == "realtime" and s["metadata"] is True
    definition = http.get("services/sampah.json").json()
    assert definition["service_code"] == "sampah"
    attr = definition["attributes"][0]
    assert {"variable", "code", "datatype", "required", "datatype_description", "order",
            "description", "values"} <= set(attr)  # fmt: skip
    assert [v["key"] for v in attr["values"]] == ["biasa", "anonim", "rahasia"]


def test_errors_use_spec_format(http: httpx.Client) -> None:
    r = http.get("services/ufo.json")
    assert r.status_code == 404
    assert r.json() == [{"code": 404, "description": "service_code 'ufo' not found"}]
    r = http.get("services.xml")
    assert r.status_code == 400 and r.json()[0]["code"] == 400
    r = http.get("requests/LPR-2026-999999.json")
    assert r.status_code == 404 and set(r.json()[0]) == {"code", "description"}


def test_post_needs_api_key(http: httpx.Client) -> None:
    form = {"service_code": "sampah", "lat": "-6.99", "long": "110.41", "description": "x" * 20}
    r = http.post("requests.json", data=form)
    assert r.status_code == 403 and r.json()[0]["code"] == 403
    r = http.post("requests.json", data={**form, "api_key": "salah"})
    assert r.status_code == 403


def test_post_then_get_with_spec_fields(http: httpx.Client) -> None:
    r = post(
        http,
        service_code="jalan_rusak",
        lat="-6.9901",
        long="110.4102",
        description="Lubang besar di tengah jalan, membahayakan motor",
        first_name="Budi",
        phone="081234567890",
        **{"attribute[privacy]": "biasa"},
    )
    assert r.status_code == 200, r.text
    created = r.json()[0]
    assert created["service_request_id"].startswith("LPR-")
    assert "service_notice" in created
    got = http.get(f"requests/{created['service_request_id']}.json").json()
    assert len(got) == 1 and set(got[0]) == REQUEST_FIELDS
    req = got[0]
    assert req["status"] == "open"
    assert req["service_code"] == "jalan_rusak"
    assert req["lat"] == pytest.approx(-6.9901) and req["long"] == pytest.approx(110.4102)
    assert req["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert req["expected_datetime"] > req["requested_datetime"]
    assert "081234567890" not in r.text + str(got) and "Budi" not in str(got)


def test_post_bad_input(http: httpx.Client) -> None:
    r = post(http, service_code="sampah", description="sampah menumpuk di pasar")
    assert r.status_code == 400 and "location" in r.json()[0]["description"]
    r = post(http, service_code="sampah", lat="-6.2", long="106.8", description="x" * 30)
    assert r.status_code == 400 and "location_outside_city" in r.json()[0]["description"]
    r = post(http, service_code="sampah", lat="-6.99", long="110.41", description="")
    assert r.status_code == 400 and "description_empty" in r.json()[0]["description"]
    r = post(http, service_code="sampah", lat="-6.99", long="110.41", description="y" * 4001)
    assert r.status_code == 400 and "description_too_long" in r.json()[0]["description"]
    r = post(http, service_code="ufo", lat="-6.99", long="110.41", description="y" * 40)
    assert r.status_code == 404


def test_get_filters(http: httpx.Client, engine: Engine) -> None:
    ids = []
    for code in ("sampah", "sampah", "lampu_jalan"):
        r = post(http, service_code=code, address_string="Jl. Kenanga RT 2, Sukasari",
                 description=f"Laporan uji untuk {code}")  # fmt: skip
        ids.append(r.json()[0]["service_request_id"])
    with Session(engine) as s:
        c = svc.get_by_code(s, ids[1])
        svc.change_status(s, c, to=ComplaintStatus.DITOLAK, author="x", reason="Laporan ganda")
        svc.create_complaint(
            s,
            svc.ComplaintDraft(
                category="sampah",
                description="Laporan rahasia tentang sampah",
                place=svc.place_from_text("Jl. Kenanga, Sukasari"),
                privacy=Privacy.RAHASIA,
            ),
            secret_key="k",
        )
    every = http.get("requests.json").json()
    assert {r["service_request_id"] for r in every} == set(ids)  # rahasia not published
    sampah = http.get("requests.json", params={"service_code": "sampah"}).json()
    assert {r["service_request_id"] for r in sampah} == set(ids[:2])
    closed = http.get("requests.json", params={"status": "closed"}).json()
    assert [r["service_request_id"] for r in closed] == [ids[1]]
    assert closed[0]["status_notes"].endswith("Laporan ganda")
    opened = http.get("requests.json", params={"status": "open"}).json()
    assert {r["status"] for r in opened} == {"open"}
    # service_request_id overrides the other filters
    both = http.get(
        "requests.json", params={"service_request_id": f"{ids[0]},{ids[2]}", "status": "closed"}
    ).json()
    assert {r["service_request_id"] for r in both} == {ids[0], ids[2]}
    now = datetime.now(UTC)
    window = {
        "start_date": (now - timedelta(days=1)).isoformat(),
        "end_date": (now + timedelta(days=1)).isoformat(),
    }
    assert len(http.get("requests.json", params=window).json()) == 3
    past = {
        "start_date": (now - timedelta(days=10)).isoformat(),
        "end_date": (now - timedelta(days=5)).isoformat(),
    }
    assert http.get("requests.json", params=past).json() == []
    too_wide = {
        "start_date": (now - timedelta(days=100)).isoformat(),
        "end_date": now.isoformat(),
    }
    r = http.get("requests.json", params=too_wide)
    assert r.status_code == 400 and r.json()[0]["code"] == 400
    assert http.get("requests.json", params={"status": "pending"}).status_code == 400


# -- issue 14: disclosure rules, as attacks --------------------------------------------


def test_javascript_media_url_is_refused_and_never_published(http, engine):
    bad = post(
        http,
        service_code="jalan_rusak",
        lat="-6.99",
        long="110.41",
        description="jalan berlubang besar",
        media_url="javascript:alert(1)",
    )
    assert bad.status_code == 400 and "media_url" in bad.text
    ok = post(
        http,
        service_code="jalan_rusak",
        lat="-6.99",
        long="110.41",
        description="jalan berlubang besar",
    ).json()[0]["service_request_id"]
    with Session(engine) as s:  # a photo stored some other way (e.g. before this rule)
        c = svc.get_by_code(s, ok)
        c.photo_url = "javascript:alert(1)"
        s.add(c)
        s.commit()
    assert http.get(f"requests/{ok}.json").json()[0]["media_url"] is None


def test_anonymous_report_published_edited_and_rounded_secret_one_not_at_all(http):
    text = "Lubang di depan rumah saya no 12, hubungi 0812-3456-7890 atau siti@contoh.id"
    anon = post(
        http,
        service_code="jalan_rusak",
        lat="-6.991234",
        long="110.405678",
        description=text,
        phone="081234567890",
        first_name="Siti",
        **{"attribute[privacy]": "anonim"},
    ).json()[0]["service_request_id"]
    secret = post(
        http,
        service_code="jalan_rusak",
        lat="-6.99",
        long="110.41",
        description="laporan rahasia tentang pungli",
        **{"attribute[privacy]": "rahasia"},
    ).json()[0]["service_request_id"]
    (shown,) = http.get(f"requests/{anon}.json").json()
    assert shown["description"] != text
    for private in ("0812-3456-7890", "siti@contoh.id", "Siti", "081234567890"):
        assert private not in str(shown)
    assert (shown["lat"], shown["long"]) == (-6.991, 110.406)
    listed = http.get("requests.json", params={"service_request_id": f"{anon},{secret}"}).json()
    assert [r["service_request_id"] for r in listed] == [anon]
    assert http.get(f"requests/{secret}.json").status_code == 404


def test_id_queries_keep_the_time_window(http, engine):
    code = post(
        http,
        service_code="jalan_rusak",
        lat="-6.99",
        long="110.41",
        description="jalan rusak parah",
    ).json()[0]["service_request_id"]
    with Session(engine) as s:
        c = svc.get_by_code(s, code)
        c.created_at = datetime.now(UTC) - timedelta(days=400)
        s.add(c)
        s.commit()
    assert http.get("requests.json", params={"service_request_id": code}).json() == []
    assert http.get(f"requests/{code}.json").status_code == 404
