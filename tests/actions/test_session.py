from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart


def tracker(sender: str, slots=None) -> Tracker:
    return Tracker(sender, slots or {}, {}, [], False, None, {}, "action_listen")


async def run(sender, slots=None):
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker(sender, slots), {})
    return dispatcher.messages, events


async def test_privacy_notice_on_first_contact_only(engine):
    messages, events = await run("web:first")
    assert [m["response"] for m in messages] == ["utter_privacy_notice"]
    assert messages[0]["retention_days"] == 365
    assert events[0] == SessionStarted() and events[-1] == ActionExecuted("action_listen")
    again, _ = await run("web:first")
    assert again == []


async def test_slots_carried_over(engine):
    _, events = await run("web:slots", {"phone": "0812", "name": None})
    assert SlotSet("phone", "0812") in events
    assert all(not (isinstance(e, dict) and e.get("name") == "name") for e in events)


async def test_new_policy_version_shows_notice_again(engine, settings):
    await run("web:v")
    settings.privacy_policy_version = "2027-01"
    messages, _ = await run("web:v")
    assert [m["response"] for m in messages] == ["utter_privacy_notice"]
