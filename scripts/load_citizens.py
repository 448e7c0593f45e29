"""The simulated citizens of the load test (scripts/load_test.py): each makes an inquiry,
files a complaint or books a facility through ``POST /api/chat``, answering what the
assistant asks; turns go round-robin across the app instances, per turn."""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import time
from dataclasses import dataclass, field

import httpx

TICKET_RE = re.compile(r"LPR-\d{4}-\d{6}")
BOOKING_RE = re.compile(r"\bBK-[2-9A-HJ-NP-Z]{6}\b")
KEPT = "Pesan Anda sudah kami simpan"

INQUIRIES = [
    ["halo", "gmn cr urus akta lhr anak sy", "pajak motor bayar dimana ya", "terima kasih"],
    ["selamat pagi", "syarat bikin ktp baru apa saja", "terima kasih"],
    ["halo", "pajak motor bayar dimana ya", "gmn cr urus akta lhr anak sy", "makasih"],
]
COMPLAINTS = [
    "lampu jalan mati di jl melati rt 03 kelurahan sukamaju",
    "jalan berlubang besar di jl melati rt 05 kelurahan sukamaju",
    "sampah menumpuk di Pasar Kebonsari, Kota Tengah",
    "lampu jalan mati di depan Pasar Kebonsari, Kota Tengah",
]
BOOKINGS = [
    f"saya mau pesan lapangan tenis {court} {day} jam {hour} 1 jam untuk 2 orang"
    for day in ("lusa", *(f"tanggal {d} desember" for d in range(7, 24)))
    for court in ("a", "b")
    for hour in ("8 pagi", "10 pagi", "1 siang", "4 sore", "7 malam")
]


@dataclass
class Citizen:
    kind: str
    n: int
    session_id: str | None = None
    sent: list[str] = field(default_factory=list)  # message ids
    replies: int = 0  # messages received inline
    codes: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: bool = False


class Load:
    def __init__(self, bases: list[str]) -> None:
        self.bases = bases
        self.turn = itertools.count()
        self.http = httpx.AsyncClient(timeout=120.0, limits=httpx.Limits(max_connections=200))

    async def say(self, c: Citizen, text_: str) -> list[dict]:
        base = self.bases[next(self.turn) % len(self.bases)]  # round-robin, per turn
        mid = f"load-{c.kind}-{c.n}-{len(c.sent)}"
        started = time.perf_counter()
        resp = await self.http.post(
            f"{base}/api/chat",
            json={"session_id": c.session_id, "text": text_, "message_id": mid},
        )
        c.latencies.append(time.perf_counter() - started)
        c.sent.append(mid)
        if resp.status_code != 200:
            c.errors.append(f"HTTP {resp.status_code} on {text_!r}")
            return []
        data = resp.json()
        c.session_id = data["session_id"]
        c.replies += len(data["messages"])
        if any(KEPT in m["text"] for m in data["messages"]):
            c.errors.append(f"kept (Rasa unavailable) on {text_!r}")
        return data["messages"]

    async def inquiry(self, c: Citizen) -> None:
        for line in INQUIRIES[c.n % len(INQUIRIES)]:
            out = await self.say(c, line)
            if not out:
                c.errors.append(f"no answer to {line!r}")
                return
        c.done = True

    async def complaint(self, c: Citizen) -> None:
        await self.say(c, "halo")
        out = await self.say(c, COMPLAINTS[c.n % len(COMPLAINTS)])
        for _ in range(14):
            words, buttons = _texts(out), _payloads(out)
            found = TICKET_RE.findall(words)
            if "baru" in buttons:
                answer = "baru"  # a similar report exists (its code shown): file this as new
            elif found:
                c.codes.extend(sorted(set(found)))
                c.done = True
                return
            elif "lewati" in buttons:
                answer = "lewati"
            elif "anonim" in buttons:
                answer = "biasa"
            elif buttons[:2] == ["ya", "tidak"]:
                answer = "tidak"
            elif "periksa laporan" in words:
                answer = "kirim"
            elif "nomor hp" in words.lower() or "NIK" in words:
                answer = "lewati"
            else:
                c.errors.append(f"complaint: unexpected {words[:120]!r}")
                return
            out = await self.say(c, answer)
        c.errors.append("complaint: not filed in 16 turns")

    async def booking(self, c: Citizen) -> None:
        await self.say(c, "halo")
        out = await self.say(c, BOOKINGS[(c.n // 3) % len(BOOKINGS)])
        phone = f"0812{random.randint(10_000_000, 99_999_999)}"
        for _ in range(10):
            words, buttons = _texts(out), _payloads(out)
            if "Pemesanan berhasil" in words:
                c.codes.extend(sorted(set(BOOKING_RE.findall(words))))
                c.done = True
                return
            if "Atas nama siapa" in words:
                answer = f"Warga Uji {c.n}"
            elif "Nomor HP" in words:
                answer = phone
            elif buttons[:2] == ["ya", "batal"]:
                answer = "ya"
            elif buttons:  # the slot went meanwhile, or the free days / times offered
                answer = buttons[0]
            else:
                c.errors.append(f"booking: unexpected {words[:120]!r}")
                return
            out = await self.say(c, answer)
        c.errors.append("booking: not confirmed in 12 turns")


def _texts(out: list[dict]) -> str:
    return "\n".join(m["text"] for m in out)


def _payloads(out: list[dict]) -> list[str]:
    return [b["payload"] for m in out for b in m.get("buttons", [])]


async def drive(bases: list[str], n: int, concurrency: int) -> tuple[list[Citizen], float]:
    load = Load(bases)
    kinds = ["inquiry", "complaint", "booking"]
    citizens = [Citizen(kinds[i % 3], i) for i in range(n)]
    gate = asyncio.Semaphore(concurrency)

    async def one(c: Citizen) -> None:
        async with gate:
            try:
                await getattr(load, c.kind)(c)
            except Exception as error:  # counted as the citizen's error
                c.errors.append(f"{type(error).__name__}: {error}")

    started = time.perf_counter()
    await asyncio.gather(*(one(c) for c in citizens))
    elapsed = time.perf_counter() - started
    await load.http.aclose()
    return citizens, elapsed
