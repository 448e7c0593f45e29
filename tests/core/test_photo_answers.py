"""No photo now, said in many ways (core.lang.photo); a detail of the problem is none."""

from __future__ import annotations

import pytest

from core.lang.photo import declines_photo


@pytest.mark.parametrize(
    "said",
    [
        "nnt aj fotony min sy lg di kantor",
        "hp abdi jadul, teu tiasa moto",
        "eee tidak bisa nak ini kan di mesin",
        "nanti aje bang fotonye",
        "hp saya jadul",
        "mbah tidak punya hp yang ada kameranya nak",
        "ga ngerti cara kirim foto",
        "g bs moto",
        "hpnya lowbat",
        "ntar aja ya min",
    ],
)
def test_no_photo_now(said: str) -> None:
    assert declines_photo(said)


@pytest.mark.parametrize(
    "said",
    [
        "lubangnya besar, tidak bisa dilewati motor",
        "nanti kalau hujan airnya masuk ke rumah warga sampai selutut",
        "sampahnya tidak bisa diangkut truk karena jalannya sempit",
        "iya ada",
        "bentar saya kirim",
    ],
)
def test_other_answers(said: str) -> None:
    assert not declines_photo(said)
