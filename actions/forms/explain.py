"""A citizen who asks what the question means ("maksudnya apa?", "gimana maksudnya", "ga
ngerti", "apa itu anonim?": :func:`core.lang.meaning.asks_meaning`) gets the question
explained more simply, with an example and the question's buttons, instead of a "not
understood". That is no failed answer: the count towards a default or an officer stays as
it was (bench z-25 asked "maksudnye ape bang?" twice at the category question and was
handed to an officer).

The explanation is the question's own second asking: when the citizen still gives no answer
after it (or asks again), the form goes on as after a second failed answer (the slot's
default or an officer), so no question is asked three times in a row.

The words are the catalogue's ``actions.form_explain.<slot>``; a slot without its own
explanation is asked again the way a second asking is (``utter_reask_<slot>`` or
``utter_form_reask``), still without counting as a failure.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from core.lang.meaning import asks_meaning
from core.texts import lookup

KEY = "actions.form_explain"


def explanation(slot: str) -> str | None:
    """The simpler wording of the question for ``slot``; None when the catalogue has none."""
    try:
        table = lookup(KEY)
    except KeyError:
        return None
    value = table.get(slot) if isinstance(table, dict) else None
    return str(value) if value else None


def last_bot_text(tracker: Tracker) -> str:
    """The text of the assistant's last message before the citizen's latest one."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return ""
            seen_user = True
        elif kind == "bot" and seen_user and event.get("text"):
            return str(event.get("text"))
    return ""


def explained_last(tracker: Tracker, slot: str) -> bool:
    """Whether the assistant's last message explained the question for ``slot``."""
    said = explanation(slot)
    return bool(said) and last_bot_text(tracker).strip() == str(said).strip()


def wanted(tracker: Tracker, slot: str, text: str) -> bool:
    """Whether the citizen's message asks what the question for ``slot`` means, that slot
    has an explanation, and it was not given just now (then the message counts as any other
    that gives no answer)."""
    if text.startswith("/") or not asks_meaning(text) or explanation(slot) is None:
        return False
    return not explained_last(tracker, slot)
