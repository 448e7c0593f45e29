"""A power line or pole in a dangerous state is PLN's (core/lang/power_line.py, bench z-25)."""

import pytest

from core.lang.power_line import reports_power_danger


@pytest.mark.parametrize(
    "said",
    [
        "bang kabel listrik di depan rumah gue putus, ngejuntai ke jalan, bahaya nih",  # z-25
        "punten, aya kabel listrik ngagantung handap pisan di gang kesambi, sieun kasetrum",
        "tiang listrik depan rumah miring mau rubuh",
        "kabel PLN jatoh ke jalan",
    ],
)
def test_power_lines_in_danger(said: str) -> None:
    assert reports_power_danger(said)


@pytest.mark.parametrize(
    "said",
    [
        # the banner hangs, not the line
        "Spanduk dan baliho liar dipasang di tiang listrik sepanjang Jl. Bidara, sebagian sudah "
        "robek dan menjuntai ke jalan",
        "dahan pohon mangga nyangkut di kabel listrik depan rumah",  # the tree is the matter
        "kucing nyangkut di atas tiang listrik bisa minta tolong damkar ga",  # a rescue
        "lampu jalan mati kabelnya putus",  # the street lamp (Dishub)
        "kabel semrawut menjuntai rendah di gang 4",  # whose cable is not said
        "listrik mati dari semalem sekampung",  # PLN, but no danger
    ],
)
def test_no_power_line_in_danger(said: str) -> None:
    assert not reports_power_danger(said)
