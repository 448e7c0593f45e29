"""Citizens' rights in chat and the retention purge, end to end through the real app on
SQLite and PostgreSQL (UU PDP No. 27/2022). Rasa's tracker store is a real SQL table of
the shape Rasa's SQLTrackerStore writes."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from app.models import AuditEntry, Booking, Complaint, MessageLog
from app.models.base import utcnow
from app.services import personal_data
from app.services.complaints import ComplaintDraft, PlaceInfo, create_complaint
from tests.app.trust_fixtures import chat, running

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ERASE = "saya mau menghapus semua data pribadi saya"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield {"rasa_tracker_url": f"sqlite:///{tmp_path / 'rasa_tracker.db'}"}
        return
    name = f"halo_t_{uuid.uuid4().hex}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        yield {"database_url": url, "rasa_tracker_url": url}
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app(tmp_path: Path, database: dict[str, str]):
    yield from running(tmp_path, **database)


def tracker_rows(url: str, rows: list[tuple[str, float, str]]) -> None:
    """Events as Rasa's SQL tracker store keeps them (sender_id, timestamp, data)."""
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, "
                "sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL, "
                "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
            )
        )
        start = int(conn.execute(text("SELECT COUNT(*) FROM events")).scalar() or 0)
        for i, (sender, at, data) in enumerate(rows, start=start + 1):
            conn.execute(
                text("INSERT INTO events VALUES (:i, :s, 'user', :t, NULL, NULL, :d)"),
                {"i": i, "s": sender, "t": at, "d": data},
            )
    eng.dispose()


def senders(url: str) -> list[str]:
    eng = create_engine(url)
    with eng.connect() as conn:
        found = [r[0] for r in conn.execute(text("SELECT sender_id FROM events"))]
    eng.dispose()
    return found


def file_complaint(engine, conv_id: str, phone: str) -> str:
    place = PlaceInfo(address="Jl. Melati", kelurahan="Sukamaju", latitude=-6.2, longitude=106.8)
    draft = ComplaintDraft(
        category="jalan_rusak",
        description="jalan berlubang besar di depan sekolah",
        place=place,
        reporter_conversation_id=conv_id,
        reporter_phone=phone,
        reporter_name="Siti",
        nik="3201011508900001",
    )
    with Session(engine) as s:
        return create_complaint(s, draft, secret_key="k").ticket_code


def test_see_then_erase_my_data_in_chat(app):
    client, rasa = app
    settings = client.app.state.ctx.settings
    engine = client.app.state.ctx.engine
    sid = chat(client, "halo, nik saya 3201011508900001").json()["session_id"]
    conv = f"web:{sid}"
    other = f"web:{chat(client, 'halo').json()['session_id']}"
    code = file_complaint(engine, conv, "081234567890")
    media = settings.runtime_dir / "media"
    media.mkdir(exist_ok=True)
    (media / "foto.jpg").write_bytes(b"\xff\xd8 photo")
    with Session(engine) as s:
        s.add(
            MessageLog(
                conversation_id=conv,
                direction="in",
                sender="citizen",
                text="",
                payload=json.dumps({"attachments": [{"kind": "image", "url": "media/foto.jpg"}]}),
            )
        )
        s.commit()
    tracker_rows(
        settings.tracker_store_url, [(conv, time.time(), "{}"), (other, time.time(), "{}")]
    )

    # see: a summary and a download link, no Rasa involved
    seen = chat(client, "lihat data saya", sid).json()["messages"][0]["text"]
    assert "1 laporan" in seen and "/api/privacy/export/" in seen
    link = seen.split("/api/privacy/export/")[1].split()[0]
    export = client.get(f"/api/privacy/export/{link}")
    assert export.status_code == 200
    data = export.json()
    assert data["complaints"][0]["code"] == code and data["complaints"][0]["nik_stored"]
    assert "3201011508900001" not in export.text and "NIK ****" in export.text
    assert client.get(f"/api/privacy/export/{link[:-2]}xx").status_code == 404

    # erase: a confirmation first (not a booking cancellation), then the erasure
    asked = chat(client, ERASE, sid).json()["messages"][0]
    assert "Lanjutkan?" in asked["text"]
    yes = asked["buttons"][0]["payload"]
    done = chat(client, yes, sid).json()["messages"][0]["text"]
    assert "sudah dihapus" in done
    assert len(rasa.messages) == 2  # the two greetings only

    with Session(engine) as s:
        lines = [
            m.text for m in s.exec(select(MessageLog).where(MessageLog.conversation_id == conv))
        ]
        complaint = s.exec(select(Complaint).where(Complaint.ticket_code == code)).one()
        actions = [
            a.action for a in s.exec(select(AuditEntry).where(AuditEntry.conversation_id == conv))
        ]
    assert lines == [done]  # only the answer that it is done
    assert complaint.description.startswith("jalan berlubang")  # the public record stays
    assert (complaint.reporter_phone, complaint.nik_hmac, complaint.reporter_conversation_id) == (
        None,
        None,
        None,
    )
    assert not (media / "foto.jpg").exists()
    assert senders(settings.tracker_store_url) == [other]
    assert actions == ["data_access", "data_export", "data_erasure_requested", "data_erasure"]


def test_erasure_needs_the_confirmation(app):
    client, rasa = app
    sid = chat(client, "halo").json()["session_id"]
    chat(client, "hapus data saya", sid)
    chat(client, "jam buka kantor?", sid)  # anything else withdraws the request
    assert rasa.messages[-1] == "jam buka kantor?"
    # a late "yes" erases nothing: it is a new request, asked again
    assert "Lanjutkan?" in chat(client, "ya, hapus data saya", sid).json()["messages"][0]["text"]
    with Session(client.app.state.ctx.engine) as s:
        assert s.exec(select(MessageLog).where(MessageLog.conversation_id == f"web:{sid}")).all()
    chat(client, "tolong hapus data saya", sid)
    assert "dibatalkan" in chat(client, "batal", sid).json()["messages"][0]["text"]


def test_retention_purge_removes_what_is_older_than_the_notice_says(app):
    client, _ = app
    settings = client.app.state.ctx.settings
    engine = client.app.state.ctx.engine
    old_sid = chat(client, "halo dulu sekali").json()["session_id"]
    new_sid = chat(client, "halo sekarang").json()["session_id"]
    old, new = f"web:{old_sid}", f"web:{new_sid}"
    code = file_complaint(engine, old, "081234567890")
    long_ago = utcnow() - timedelta(days=settings.privacy_retention_days + 1)
    with Session(engine) as s:
        conv = s.get(personal_data.Conversation, old)
        conv.last_seen_at = long_ago
        s.add(conv)
        c = s.exec(select(Complaint).where(Complaint.ticket_code == code)).one()
        c.created_at = long_ago
        s.add(c)
        s.add(
            Booking(
                code="BK-OLD001",
                facility_id="tenis-a",
                start_at=long_ago,
                end_at=long_ago + timedelta(hours=1),
                people=2,
                name="Siti",
                phone="081234567890",
                owner_id=new,
            )
        )
        s.commit()
    tracker_rows(
        settings.tracker_store_url,
        [
            (old, long_ago.timestamp(), "{}"),
            (new, long_ago.timestamp(), "{}"),
            (new, time.time(), "{}"),
        ],
    )
    for folder in ("media", "tts-cache"):
        (settings.runtime_dir / folder).mkdir(exist_ok=True)
        stale = settings.runtime_dir / folder / "old.bin"
        stale.write_bytes(b"x")
        os.utime(stale, (long_ago.timestamp(), long_ago.timestamp()))
        (settings.runtime_dir / folder / "fresh.bin").write_bytes(b"y")

    counts = personal_data.purge(engine, settings)

    # the old conversation is erased whole; of the others, events older than the period
    assert counts["conversations"] == 1 and counts["tracker_events"] == 1
    with Session(engine) as s:
        assert not s.exec(select(MessageLog).where(MessageLog.conversation_id == old)).all()
        assert s.exec(select(MessageLog).where(MessageLog.conversation_id == new)).all()
        c = s.exec(select(Complaint).where(Complaint.ticket_code == code)).one()
        assert c.reporter_phone is None and c.reporter_name is None and c.description
        b = s.exec(select(Booking).where(Booking.code == "BK-OLD001")).one()
        assert (b.name, b.phone) == ("-", "")
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "retention_purge")).one()
    assert senders(settings.tracker_store_url) == [new]
    for folder in ("media", "tts-cache"):
        assert sorted(p.name for p in (settings.runtime_dir / folder).iterdir()) == ["fresh.bin"]


def test_erasure_confirmed_or_withdrawn_in_plain_words(app):
    # the answer to "Lanjutkan?" as people give it, not only the button's words
    client, rasa = app
    sid = chat(client, "halo").json()["session_id"]
    chat(client, "hapus data saya", sid)
    assert "dibatalkan" in chat(client, "nggak jadi deh", sid).json()["messages"][0]["text"]
    assert "Lanjutkan?" in chat(client, "hapus data saya", sid).json()["messages"][0]["text"]
    assert "sudah dihapus" in chat(client, "iya", sid).json()["messages"][0]["text"]
    assert rasa.messages == ["halo"]  # none of it reached the assistant
    sid = chat(client, "halo").json()["session_id"]
    seen = chat(client, "data saya apa aja yang disimpan?", sid).json()["messages"][0]["text"]
    assert "/api/privacy/export/" in seen  # the citizen's own summary, not a general answer
