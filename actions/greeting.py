"""The greeting: the menu, with the Muslim greeting returned first when a resident opens
with it ("Assalamualaikum nak" -> "Waalaikumsalam."), as any officer at the counter would,
and a word on the language first when the greeting is in English only ("hello", "good
morning, can you help me?")."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from core.lang.wishes import english_greeting
from core.texts import t

# assalamualaikum, assalamu'alaikum, asalamualaikum, assalamu alaikum wr wb, aslkm, ass wr wb
SALAM = re.compile(r"\b(?:a?ss?alamu\W?\s*'?\s*alaikum|as+alam\w*|aslkm|ass\s+wr)", re.I)


def says_salam(text: str) -> bool:
    return bool(SALAM.search(text or ""))


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        latest = tracker.latest_message or {}
        # the words behind an intent the app typed ("hello" sent on as /greet)
        text = str((latest.get("metadata") or {}).get("said") or latest.get("text") or "")
        if says_salam(text):
            dispatcher.utter_message(text=t("actions.salam_reply"))
        elif english_greeting(text):
            dispatcher.utter_message(text=t("actions.english_greeting"))
        dispatcher.utter_message(response="utter_greet")
        return []
