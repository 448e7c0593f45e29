"""The workbench API: sign-in, the dinas scope enforced by the server, the queue's order and
filters, one complaint's page, the actions with what the citizen receives, bulk actions."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import Complaint, ComplaintStatus, Privacy
from app.services import complaints as svc
from app.services.conversations import transcript
from tests.office.conftest import RecordingSender, login
from tests.office.seed import PNG, Seeded


def all_items(client: TestClient, headers: dict[str, str], query: str = "") -> list[dict]:
    r = client.get(f"/api/office/complaints?limit=500&{query}", headers=headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["total"] == len(data["items"])
    return data["items"]


def test_staff_token_required(client: TestClient) -> None:
    for path in (
        "/api/office/complaints",
        "/api/office/meta",
        "/api/office/complaints/LPR-2026-000001",
        "/api/staff/complaints.geojson",
        "/api/office/complaints.csv",
        "/api/office/map/kelurahan.geojson",
        "/api/staff/reports/monthly?month=2026-11&dinas=DLH",
    ):
        assert client.get(path).status_code == 401, path
    r = client.post("/api/office/complaints/bulk", json={"action": "verify", "codes": ["x"]})
    assert r.status_code == 401
    assert client.get("/api/office/shell").status_code == 200  # public: no personal data
    assert client.get("/api/office/city.geojson").status_code == 200


def test_dinas_officer_sees_only_their_dinas(client: TestClient, seeded: Seeded) -> None:
    budi = login(client, "budi")  # dinas officer of DPUPR
    dpupr = {c for c, x in seeded.by_code.items() if x.dinas_code == "DPUPR"}
    other = next(c for c, x in seeded.by_code.items() if x.dinas_code != "DPUPR")
    assert 0 < len(dpupr) < len(seeded.codes)
    for query in ("", "dinas=DLH", "dinas=DISHUB&open=false"):
        got = {i["ticket_code"] for i in all_items(client, budi, query)}
        assert got == dpupr, query
    assert client.get(f"/api/office/complaints/{other}", headers=budi).status_code == 404
    r = client.post(
        f"/api/office/complaints/{other}/actions", json={"action": "verify"}, headers=budi
    )
    assert r.status_code == 404
    bulk = client.post(
        "/api/office/complaints/bulk", json={"action": "verify", "codes": [other]}, headers=budi
    ).json()
    assert bulk["results"] == [{"ticket_code": other, "ok": False, "error": "not_found"}]
    geo = client.get("/api/staff/complaints.geojson?dinas=DLH", headers=budi).json()
    assert {f["properties"]["dinas_code"] for f in geo["features"]} == {"DPUPR"}
    csv_text = client.get("/api/office/complaints.csv?dinas=DLH", headers=budi).text
    assert other not in csv_text and "DLH" not in csv_text.split("\n", 1)[1]
    report = client.get("/api/staff/reports/monthly?month=2026-11&dinas=DLH", headers=budi)
    assert report.json()["dinas_code"] == "DPUPR"
    meta = client.get("/api/office/meta", headers=budi).json()
    assert [d["code"] for d in meta["dinas"]] == ["DPUPR"]
    # the agent and the supervisor see every dinas
    for user in ("ani", "sari"):
        assert len(all_items(client, login(client, user))) == len(seeded.codes)


def test_queue_sorted_by_due_date_and_filtered(
    client: TestClient, seeded: Seeded, today: date
) -> None:
    ani = login(client, "ani")
    items = all_items(client, ani)
    due = [i["expected_date"] for i in items]
    assert due == sorted(due)
    by = seeded.by_code

    def codes(query: str) -> set[str]:
        return {i["ticket_code"] for i in all_items(client, ani, query)}

    open_codes = {c for c, x in by.items() if not x.status.is_closed}
    assert codes("open=true") == open_codes
    overdue = {c for c in open_codes if by[c].expected_date < today}
    assert overdue and codes("overdue=true") == overdue
    assert all(i["sla"]["state"] == "overdue" for i in all_items(client, ani, "overdue=true"))
    assert codes("status=selesai") == {c for c, x in by.items() if x.status == "selesai"}
    assert codes("category=sampah") == {c for c, x in by.items() if x.category == "sampah"}
    assert codes("kelurahan=sukamaju") == {c for c, x in by.items() if x.kelurahan == "Sukamaju"}
    telegram = {c for c, x in by.items() if (x.reporter_conversation_id or "").startswith("tel")}
    assert telegram and codes("channel=telegram") == telegram
    assert codes("channel=open311") == {c for c, x in by.items() if x.source == "open311"}
    flagged = {c for c, x in by.items() if x.flagged_for_review}
    assert flagged and codes("flagged=true") == flagged
    assert codes("q=tetangga") == set(seeded.codes[-2:])
    assert codes("q=selokan&kelurahan=Sukamaju&category=banjir_drainase") == {
        c for c, x in by.items() if x.kelurahan == "Sukamaju" and x.category == "banjir_drainase"
    }
    page = client.get("/api/office/complaints?limit=5&offset=5", headers=ani).json()
    assert [i["ticket_code"] for i in page["items"]] == [i["ticket_code"] for i in items[5:10]]


def test_one_complaint_page(client: TestClient, seeded: Seeded) -> None:
    sari = login(client, "sari")
    first = seeded.codes[0]
    d = client.get(f"/api/office/complaints/{first.lower()}", headers=sari).json()
    assert d["ticket_code"] == first
    assert {x["ticket_code"] for x in d["duplicates"]} == set(seeded.codes[-2:])
    assert d["history"][0]["to_status"] == "diterima"
    assert d["reporter"]["name"] == "Warga Nomor 1"  # biasa: the contact is shown
    assert d["photo"] is True
    photo = client.get(f"/api/office/complaints/{first}/photo", headers=sari)
    assert photo.status_code == 200 and photo.content == PNG
    anon = next(c for c, x in seeded.by_code.items() if x.privacy is Privacy.ANONIM)
    d = client.get(f"/api/office/complaints/{anon}", headers=sari).json()
    assert d["reporter"] is None  # anonim: hidden even from staff
    no_photo = next(c for c, x in seeded.by_code.items() if not x.photo_url)
    assert client.get(f"/api/office/complaints/{no_photo}/photo", headers=sari).status_code == 404


def first_with(seeded: Seeded, status: ComplaintStatus, channel: str) -> str:
    return next(
        c
        for c, x in seeded.by_code.items()
        if x.status == status and (x.reporter_conversation_id or "").startswith(channel)
    )


def test_status_change_with_note_reaches_the_citizen_on_their_channel(
    client: TestClient, seeded: Seeded, telegram: RecordingSender
) -> None:
    sari = login(client, "sari")
    code = first_with(seeded, ComplaintStatus.DITERIMA, "telegram")
    r = client.post(
        f"/api/office/complaints/{code}/actions", json={"action": "verify"}, headers=sari
    )
    assert r.status_code == 200 and r.json()["status"] == "diverifikasi"
    r = client.post(
        f"/api/office/complaints/{code}/actions",
        json={"action": "status", "status": "didisposisikan", "note": "Tim berangkat besok pagi"},
        headers=sari,
    )
    assert r.status_code == 200 and r.json()["delivered"] == 1
    assert r.json()["history"][-1]["note"] == "Tim berangkat besok pagi"
    user = seeded.by_code[code].reporter_conversation_id.partition(":")[2]  # type: ignore[union-attr]
    texts = [t for u, t in telegram.sent if u == user]
    assert len(texts) == 2
    assert code in texts[1] and "Tim berangkat besok pagi" in texts[1]
    bad = client.post(
        f"/api/office/complaints/{code}/actions",
        json={"action": "status", "status": "selesai"},
        headers=sari,
    )
    assert bad.status_code == 409 and bad.json()["detail"] == "transition_not_allowed"


def test_reject_needs_a_reason_and_tells_the_web_citizen(
    client: TestClient, seeded: Seeded, engine: Engine
) -> None:
    ani = login(client, "ani")
    code = first_with(seeded, ComplaintStatus.DITERIMA, "web")
    r = client.post(
        f"/api/office/complaints/{code}/actions", json={"action": "reject"}, headers=ani
    )
    assert r.status_code == 422 and r.json()["detail"] == "reason_required"
    r = client.post(
        f"/api/office/complaints/{code}/actions",
        json={"action": "reject", "reason": "Lokasi di luar wilayah kota"},
        headers=ani,
    )
    assert r.json()["status"] == "ditolak"
    conv = seeded.by_code[code].reporter_conversation_id
    with Session(engine) as s:
        pushed = [line.text for line in transcript(s, conv or "") if line.pushed]
    assert pushed and code in pushed[-1] and "Lokasi di luar wilayah kota" in pushed[-1]


def test_merge_duplicates(client: TestClient, seeded: Seeded, engine: Engine) -> None:
    budi = login(client, "budi")  # the hole is a DPUPR matter (jalan_rusak)
    target, dup = seeded.codes[0], seeded.codes[-1]
    assert seeded.by_code[target].dinas_code == "DPUPR"
    r = client.post(
        f"/api/office/complaints/{dup}/actions",
        json={"action": "merge", "target": target},
        headers=budi,
    )
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["status"] == "ditolak" and merged["merged_into"] == target
    t = client.get(f"/api/office/complaints/{target}", headers=budi).json()
    assert dup in t["merged_from"] and t["followers"] == 1
    assert dup not in {x["ticket_code"] for x in t["duplicates"]}
    # the duplicate's reporter now hears about the kept ticket
    client.post(
        f"/api/office/complaints/{target}/actions",
        json={"action": "status", "status": "diverifikasi", "note": "Sudah dicek"},
        headers=budi,
    )
    conv = seeded.by_code[dup].reporter_conversation_id or ""
    with Session(engine) as s:
        pushed = [line.text for line in transcript(s, conv) if line.pushed]
    assert len(pushed) == 2 and target in pushed[0] and dup in pushed[0]
    assert target in pushed[1] and "Sudah dicek" in pushed[1]
    again = client.post(
        f"/api/office/complaints/{dup}/actions",
        json={"action": "merge", "target": target},
        headers=budi,
    )
    assert again.status_code == 409


def test_assign_to_officer_and_dinas(client: TestClient, seeded: Seeded, engine: Engine) -> None:
    ani, budi, sari = (login(client, u) for u in ("ani", "budi", "sari"))
    meta = client.get("/api/office/meta", headers=sari).json()
    ids = {s["name"]: s["id"] for s in meta["staff"]}
    dpupr = next(
        c for c, x in seeded.by_code.items() if x.dinas_code == "DPUPR" and x.status == "diterima"
    )
    dlh = next(
        c for c, x in seeded.by_code.items() if x.dinas_code == "DLH" and x.status == "diterima"
    )

    def act(headers: dict[str, str], code: str, **body: object) -> tuple[int, dict]:
        r = client.post(f"/api/office/complaints/{code}/actions", json=body, headers=headers)
        return r.status_code, r.json()

    status, _ = act(ani, dpupr, action="assign_staff", staff_id=ids["Budi Santoso"])
    assert status == 403  # only a supervisor gives a ticket to someone else
    status, _ = act(sari, dlh, action="assign_staff", staff_id=ids["Budi Santoso"])
    assert status == 422  # Budi is of DPUPR
    status, body = act(budi, dpupr, action="assign_staff", staff_id=ids["Budi Santoso"])
    assert status == 200 and body["assigned_to"] == "Budi Santoso"
    mine = all_items(client, budi, "assigned=me")
    assert [i["ticket_code"] for i in mine] == [dpupr]
    status, _ = act(ani, dpupr, action="assign_dinas", dinas_code="DLH")
    assert status == 403
    status, body = act(sari, dpupr, action="assign_dinas", dinas_code="DLH", note="Saluran")
    assert status == 200 and body["dinas_code"] == "DLH"
    assert body["assigned_to"] is None  # Budi (DPUPR) is released
    assert client.get(f"/api/office/complaints/{dpupr}", headers=budi).status_code == 404


def test_bulk_actions(client: TestClient, seeded: Seeded) -> None:
    sari = login(client, "sari")
    fresh = [c for c, x in seeded.by_code.items() if x.status == "diterima"][:3]
    done = next(c for c, x in seeded.by_code.items() if x.status == "selesai")
    r = client.post(
        "/api/office/complaints/bulk",
        json={"action": "verify", "codes": [*fresh, done, "LPR-1999-000001"]},
        headers=sari,
    ).json()
    assert r["done"] == 3 and r["failed"] == 2
    errors = {x["ticket_code"]: x["error"] for x in r["results"] if not x["ok"]}
    assert errors == {done: "transition_not_allowed", "LPR-1999-000001": "not_found"}
    after = {i["ticket_code"]: i["status"] for i in all_items(client, sari)}
    assert all(after[c] == "diverifikasi" for c in fresh)
    r = client.post(
        "/api/office/complaints/bulk",
        json={"action": "reject", "codes": fresh},
        headers=sari,
    ).json()
    assert r["failed"] == 3 and {x["error"] for x in r["results"]} == {"reason_required"}


def test_a_ticket_reopened_after_a_low_rating_keeps_its_flag(
    client: TestClient, seeded: Seeded, engine: Engine
) -> None:
    flagged = next(c for c, x in seeded.by_code.items() if x.flagged_for_review)
    sari = login(client, "sari")
    r = client.post(
        f"/api/office/complaints/{flagged}/actions",
        json={"action": "status", "status": "diproses", "note": "Kami tangani ulang"},
        headers=sari,
    )
    assert r.status_code == 200 and r.json()["flagged"] is True
    with Session(engine) as s:
        c = s.get(Complaint, svc.get_by_code(s, flagged).id)
        assert c is not None and c.status is ComplaintStatus.DIPROSES
