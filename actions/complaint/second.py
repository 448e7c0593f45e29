"""Two problems told in one message ("lampu jalan di gg kelor mati udh seminggu, trus got
depannya jg mampet"): the report is filed for the first (its category), and after its number
the other is offered as a report of its own by a button, with its category already chosen
(bench u-08 filed the lamp; the gutter reached the transport office inside the lamp's
description, and nobody offered to report it)."""

from __future__ import annotations

import json
import re

from app.services import complaints as svc
from app.services.complaint_signs import names_problem

# where one problem ends and another may begin
PARTS = re.compile(
    r"[,.;!?\n]+|\s+(?:dan|terus|trus|trs|lalu|terus juga|selain itu|plus|serta)\s+", re.I
)


def other_problem(description: str, filed: str | None) -> str | None:
    """The category of another problem the description tells in a part of its own, besides a
    part that tells the ``filed`` one; None when it tells one problem (a single sentence
    read as another category is no second problem)."""
    parts = [p for p in PARTS.split(description or "") if len(p.split()) >= 2]
    codes = [svc.recognise_category(part) for part in parts]
    if filed not in codes:
        return None
    for part, code in zip(parts, codes, strict=True):
        if code and code != filed and names_problem(part):
            return code
    return None


def payload(code: str) -> str:
    """The button that starts a report of that category."""
    return "/file_complaint" + json.dumps({"complaint_category": code})
