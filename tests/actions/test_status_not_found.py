"""A tracking number not found twice in a row: the second reply says where the number is
written and offers an officer, instead of the same "tidak kami temukan" a third time (probe
of 2026-12-03: three numbers typed, three identical replies)."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions import complaint as ac
from tests.actions.complaint_helpers import DOMAIN
from tests.actions.complaint_helpers import tracker as complaint_tracker

NOT_FOUND = "utter_complaint_invalid_ticket_not_found"


def bot(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


async def status_reply(engine: Any, events: list[dict[str, Any]]) -> dict[str, Any]:
    d = CollectingDispatcher()
    t = complaint_tracker(
        "LPR-2026-000999", intent="check_complaint_status", sender="web:x", loop=None
    )
    t.events = [*events, {"event": "user", "text": "LPR-2026-000999"}]
    await ac.ActionComplaintStatus().run(d, t, DOMAIN)
    [message] = d.messages
    return message


async def test_first_miss_asks_to_check_the_number(engine: Any) -> None:
    message = await status_reply(engine, [bot("utter_ask_ticket_code")])
    assert message["response"] == NOT_FOUND


async def test_second_miss_in_a_row_offers_an_officer(engine: Any) -> None:
    message = await status_reply(engine, [bot("utter_ask_ticket_code"), bot(NOT_FOUND)])
    assert message["response"] == "utter_complaint_ticket_not_found_again"
    assert message["code"] == "LPR-2026-000999"
    again = DOMAIN["responses"]["utter_complaint_ticket_not_found_again"][0]
    assert [b["payload"] for b in again["buttons"]] == ["/request_human"]
    assert "contohnya LPR-" in " ".join(again["text"].split())  # a number typed next is read
