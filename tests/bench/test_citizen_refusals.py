"""A question asked again because the answer was not possible (an hour taken by another
citizen of the same run) is no "asked again, already said" failure; merely asking again is."""

from __future__ import annotations

from tests.bench.test_citizen import citizen, reply


def test_asked_again_because_the_hour_is_taken_is_no_failure() -> None:
    # another citizen of the same run took the hour: the assistant rightly asks another
    spec = {"goal": "booking", "facility": "futsal", "facility_words": "lapangan futsal"}
    spec |= {"not_asked": ["time"]}
    c = citizen(**spec, request="futsal besok jam 7 malam", day=["besok"], at=[19], hours=1)
    taken = {
        "text": "Maaf, Lapangan Futsal pada besok pukul 19.00 sudah dipesan warga lain. "
        "Jam yang masih kosong:",
        "buttons": [{"title": "20.00", "payload": "jam 20.00"}],
    }
    assert reply(c, taken) is not None and c.result.reason != "asked time, already said"
    c = citizen(**spec, request="futsal besok jam 7 malam", day=["besok"], at=[19], hours=1)
    assert reply(c, {"text": "Jam berapa mulainya?"}) is None  # merely asked again
    assert c.result.reason == "asked time, already said"
