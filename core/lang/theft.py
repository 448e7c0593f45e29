"""A theft, robbery or fraud told by the one it happened to: a matter for the police, not a
city complaint ("motor anak ibu hilang dicuri semalam", "hp saya dicopet di angkot",
"sepeda anak saya ilang dicuri di sekolah", "kena tipu arisan online").

City property stolen is the city's matter, reported like any broken thing: "tutup gorong-
gorong dicuri", "kabel lampu jalan dicuri", "besi pagar taman dicuri maling". Papers taken
with the rest ("dompet dicopet, isinya ktp") are a question of getting them again, answered
from the knowledge base (whose answer names the police letter).

:data:`POLICE_SERVICE` is a name of the police's entry in ``knowledge_base/elsewhere.yml``:
what the assistant says about a theft is said from there.
"""

from __future__ import annotations

import re

from core.lang.text import normalise

__all__ = ["POLICE_SERVICE", "reports_theft"]

POLICE_SERVICE = "lapor polisi"
# normalised words: "dicuri", "kecurian", "kemalingan", "dicopet", "dijambret", "dibegal",
# "dirampok", "ditipu", "penipuan", "curanmor"
_THEFT = re.compile(
    r"\b(?:di|ke|pen|per)?(?:curi|copet|jambret|begal|rampok|tipu|maling)(?:an|in|nya)?\b"
    r"|\bcuranmor\b|\bkena\s+tipu\b|\bdigondol\s+maling\b"
)
# city property: its theft is reported to the city as a broken thing
_CITY_PROPERTY = re.compile(
    r"\b(?:lampu|pju|tutup|gorong|got|selokan|saluran|drainase|manhole|pagar|jembatan|rambu"
    r"|bangku|halte|trotoar|taman|ayunan|pipa|meteran|tiang|besi|grill|teralis)\b"
)


# papers taken with it: how to get them again is the question ("dompet dicopet, isinya ktp")
_PAPERS = re.compile(r"\b(?:ktp\w*|kk|kartu keluarga|akta\w*|akte\w*|ijazah\w*|kia|dokumen\w*)\b")


def reports_theft(text: str) -> bool:
    """Whether the message tells of a theft, robbery or fraud of one's own, with no city
    property and no papers among what was taken (module docstring)."""
    norm = normalise(text)
    if not _THEFT.search(norm):
        return False
    return not _CITY_PROPERTY.search(norm) and not _PAPERS.search(norm)
