"""The greeting returns a resident's salam before the menu (actions/greeting.py)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.greeting import ActionGreet


async def greet(text: str) -> list[dict]:
    tracker = Tracker(
        "web:w", {}, {"text": text, "intent": {"name": "greet"}}, [], False, None, {}, ""
    )
    dispatcher = CollectingDispatcher()
    assert await ActionGreet().run(dispatcher, tracker, {}) == []
    return dispatcher.messages


async def test_salam_is_returned_then_the_menu() -> None:
    for text in ("assalamualaikum nak", "Assalamu'alaikum wr. wb.", "aslkm min"):
        first, menu = await greet(text)
        assert first["text"] == "Waalaikumsalam." and menu["response"] == "utter_greet", text


async def test_other_greetings_get_the_menu_alone() -> None:
    for text in ("halo", "selamat pagi", "salam kenal", "/greet"):
        assert [m.get("response") for m in await greet(text)] == ["utter_greet"], text
