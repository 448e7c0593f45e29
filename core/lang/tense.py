"""What a message tells as already over: "kemarin ada motor jatuh sampai pingsan" is a past
event mentioned in passing (the report is the hole in the road), "dari kemarin banjir
sepinggang belum surut" is still going on. And a plea for a repair ("tolong cepat ditambal")
is urgency about the city's work, not a person in danger."""

from __future__ import annotations

import re

from core.lang.text import clauses

# a time that is over: the clause tells what happened then
_PAST = re.compile(
    r"\b(kemarin|kemaren|semalem|semalam|tadi malam|minggu lalu|bulan lalu|tahun lalu"
    r"|beberapa hari lalu|\w+ hari (yang )?lalu|waktu itu|dulu|pernah)\b"
)
# ...unless it says that it goes on: "dari kemarin", "sampai sekarang", "masih", "belum"
_ONGOING = re.compile(
    r"\b(dari|sejak|sampai sekarang|hingga sekarang|masih|belum|sekarang|lagi|sedang)\b"
)

# "tolong cepat ditambal", "tolong segera diangkut": a passive verb for the city's work
_REPAIR_PLEA = re.compile(r"\btolong\s+(?:cepat|segera|secepatnya)\s+(?=di[a-z]{3,})")


def is_past(clause: str) -> bool:
    """True when a (normalised) clause tells of something that is over."""
    return bool(_PAST.search(clause)) and not _ONGOING.search(clause)


def present_part(text: str) -> str:
    """``text`` without its clauses about what is over and without a plea for a quick repair
    (normalised, clauses joined by ", ")."""
    kept = (_REPAIR_PLEA.sub("", c) for c in clauses(text) if not is_past(c))
    return ", ".join(kept)
