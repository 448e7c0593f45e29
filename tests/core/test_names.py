"""A name said in passing (core/lang/names.py)."""

from __future__ import annotations

import pytest

from core.lang.names import introduced_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("selamat pagi, saya pak harjo mau pinjam aula buat arisan", "Pak Harjo"),
        ("nama saya Sri Wahyuni, mau pesan lapangan", "Sri Wahyuni"),
        ("permisi saya ibu Siti Aminah warga sukamaju mau booking", "Ibu Siti Aminah"),
        ("assalamualaikum saya bu endang", "Bu Endang"),
        ("saya mau pinjam aula", None),  # no honorific: no name
        ("anak saya mas budi mau pinjam lapangan", None),  # the son, not the writer
        ("saya pak rt 05 mau pinjam", None),  # a role, not a name
        ("nama saya tidak usah disebut", None),
        ("rumah saya bu, lampunya mati", None),
    ],
)
def test_introduced_name(text: str, name: str | None) -> None:
    assert introduced_name(text) == name
