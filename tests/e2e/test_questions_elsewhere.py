"""Through the real system: "bisa diwakilin?" after an answer, and a service of another office
(knowledge_base/elsewhere.yml) named with that office and an officer offered."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ChatClient, texts

pytestmark = pytest.mark.e2e


def test_who_may_come_instead_and_another_offices_service(citizen: ChatClient) -> None:
    citizen.say("halo")
    out = texts(citizen.say("syarat bikin kk baru setelah menikah apa saja"))
    assert "Kartu Keluarga" in out or "KK" in out
    out = texts(citizen.say("bisa diwakilkan orang tua saya?"))
    assert out.startswith("Untuk Membuat Kartu Keluarga baru:") and "surat kuasa" in out
    replies = citizen.say("cara bikin paspor buat umroh")
    out = texts(replies)
    assert "Kantor Imigrasi" in out and "petugas" in out
    buttons = [b["payload"] for m in replies for b in m.get("buttons") or []]
    assert "/request_human" in buttons
