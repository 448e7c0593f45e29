"""A seeded city for the back office tests and screenshots: staff of every kind and 48
complaints spread over the kelurahan, channels, privacy choices, statuses and due dates
(some overdue), filed through the real complaint service. Deterministic (fixed seed).

Staff (password = "<username>-rahasia"):
- ``ani``: call-centre agent, every dinas;
- ``budi``: dinas officer of DPUPR (role agent, dinas_code DPUPR);
- ``sari``: supervisor, every dinas.
"""

from __future__ import annotations

import random
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import Complaint, ComplaintHistory, ComplaintStatus, Privacy, StaffRole
from app.services import complaints as svc
from app.services.complaints import add_working_days
from app.services.conversations import get_or_create_conversation
from app.services.media import save_media
from app.services.staff import create_staff

STAFF = {
    "ani": (StaffRole.AGENT, None, "Ani Lestari"),
    "budi": (StaffRole.AGENT, "DPUPR", "Budi Santoso"),
    "sari": (StaffRole.SUPERVISOR, None, "Sari Wulandari"),
}
PROGRESS = [
    ComplaintStatus.DIVERIFIKASI,
    ComplaintStatus.DIDISPOSISIKAN,
    ComplaintStatus.DIPROSES,
    ComplaintStatus.SELESAI,
]
TEXTS = {
    "jalan_rusak": "Jalan berlubang cukup dalam, motor sering jatuh di malam hari",
    "lampu_jalan": "Lampu penerangan jalan mati sudah tiga malam, gelap sekali",
    "sampah": "Sampah menumpuk di pinggir jalan belum diangkut seminggu",
    "banjir_drainase": "Selokan tersumbat, air meluap ke jalan setiap hujan",
    "pohon_tumbang": "Pohon besar miring hampir tumbang ke kabel listrik",
}
CHANNELS = ["telegram", "whatsapp", "web", "open311"]


def road_photo(width: int = 240, height: int = 160) -> bytes:
    """A PNG of grey asphalt with a dark pothole: a real image the media service accepts."""
    rows = []
    for y in range(height):
        line = bytearray([0])  # filter: none
        for x in range(width):
            inside = ((x - width / 2) / (width / 4)) ** 2 + ((y - height / 2) / (height / 5)) ** 2
            grey = 40 if inside < 1 else 110 + (x * 7 + y * 13) % 20
            line += bytes((grey, grey, grey + 5))
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


PNG = road_photo()


def external_id(channel: str, i: int) -> str:
    """The citizen's id on their channel: Telegram chat ids are numbers."""
    return str(TELEGRAM_CHAT_BASE + i) if channel == "telegram" else f"warga{i}"


TELEGRAM_CHAT_BASE = 700_000


def password(username: str) -> str:
    return f"{username}-rahasia"


@dataclass
class Seeded:
    codes: list[str]  # the last two are duplicates of the first
    by_code: dict[str, Complaint]


def seed_staff(engine: Engine) -> None:
    with Session(engine) as s:
        for name, (role, dinas, full) in STAFF.items():
            create_staff(
                s,
                username=name,
                password=password(name),
                role=role,
                dinas_code=dinas,
                full_name=full,
            )


def seed(engine: Engine, runtime_dir: object, *, today: date, count: int = 48) -> Seeded:
    """Staff and ``count`` complaints filed between 25 and 0 days before ``today``, and
    two duplicates of the first one filed ``today``."""
    rng = random.Random(17)
    city = svc.city()
    seed_staff(engine)
    with Session(engine) as s:
        photo = save_media(runtime_dir, PNG, expect="image").url  # type: ignore[arg-type]
        codes: list[str] = []
        categories = list(TEXTS)
        for i in range(count):
            kel = city.kelurahan[i % len(city.kelurahan)]
            category = categories[i % len(categories)]
            channel = CHANNELS[i % len(CHANNELS)]
            lat = kel.lat + rng.uniform(-0.004, 0.004)
            lon = kel.lon + rng.uniform(-0.004, 0.004)
            privacy = [Privacy.BIASA, Privacy.BIASA, Privacy.ANONIM, Privacy.RAHASIA][
                (i + i // 4) % 4
            ]
            conv_id = None
            if channel != "open311":
                conv = get_or_create_conversation(s, channel, external_id(channel, i))
                conv_id = conv.id
            filed = today - timedelta(days=25 - (i * 25) // count)
            draft = svc.ComplaintDraft(
                category=category,
                description=f"{TEXTS[category]} (laporan {i + 1}).",
                place=svc.PlaceInfo(
                    address=f"Jl. Contoh No. {i + 1}",
                    kelurahan=kel.name,
                    kecamatan=kel.kecamatan,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                ),
                privacy=privacy,
                photo_url=photo if i % 3 == 0 else None,
                reporter_conversation_id=conv_id,
                reporter_name=f"Warga Nomor {i + 1}",
                reporter_phone=f"08123456{i:04d}",
                source="open311" if channel == "open311" else "chat",
            )
            c = svc.create_complaint(s, draft, secret_key="seed", today=filed)
            c.created_at = datetime.combine(filed, time(9, i % 60), tzinfo=UTC)
            s.add(c)
            s.commit()
            for step in PROGRESS[: (i + i // 5) % 5]:
                svc.change_status(s, c, to=step, author="sari", note="")
            if c.status is ComplaintStatus.SELESAI:
                svc.rate(s, c, rating=1 + (i // 5) % 5)
            # the history as it happened: filed at created_at, one step a working day later
            steps = s.exec(
                select(ComplaintHistory)
                .where(ComplaintHistory.complaint_id == c.id)
                .order_by(col(ComplaintHistory.id))
            ).all()
            for n, h in enumerate(steps):
                h.created_at = datetime.combine(
                    min(add_working_days(filed, n), today), time(9 + n, i % 60), tzinfo=UTC
                )
                s.add(h)
            s.commit()
            codes.append(c.ticket_code)
        first = svc.get_by_code(s, codes[0])
        for n in range(2):  # two reports of the same hole, within 30 m of the first
            conv = get_or_create_conversation(s, "web", f"tetangga{n}")
            draft = svc.ComplaintDraft(
                category=first.category,
                description=f"{TEXTS[first.category]} (tetangga {n + 1}).",
                place=svc.PlaceInfo(
                    address=f"Jl. Contoh No. {n + 2}",
                    kelurahan=first.kelurahan,
                    kecamatan=first.kecamatan,
                    latitude=(first.latitude or 0) + 0.0001 * (n + 1),
                    longitude=(first.longitude or 0) + 0.0001,
                ),
                reporter_conversation_id=conv.id,
                reporter_name=f"Tetangga {n + 1}",
            )
            dup = svc.create_complaint(s, draft, secret_key="seed", today=today)
            codes.append(dup.ticket_code)
        by_code = {code: svc.get_by_code(s, code) for code in codes}
        for c in by_code.values():
            s.expunge(c)
    return Seeded(codes=codes, by_code=by_code)
