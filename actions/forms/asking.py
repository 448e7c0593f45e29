"""The forms' questions. Each slot has an ``action_ask_<slot>`` so that a question the
validator already asked this turn (its second asking, with the reason) is not asked again.
Every question carries its structured prompt (:mod:`actions.forms.prompts`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import prompts
from actions.forms.base import REASKED


class AskAction(Action, ABC):
    """Asks ``utter_ask_<slot>``; subclasses set ``slot`` and may override :meth:`ask` to
    add values or buttons."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this action asks for (a class attribute in subclasses)."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(REASKED) == self.slot:
            return [SlotSet(REASKED, None)]  # asked already, with its reason, this turn
        before = len(dispatcher.messages)
        events = await self.ask(dispatcher, tracker, domain)
        asked_now = dispatcher.messages[before:]
        cleared = any(e.get("event") == "slot" and e.get("value") is None for e in events)
        if asked_now and not cleared:  # (a cleared slot: another question comes instead)
            prompts.tag(asked_now[-1], self.slot, tracker, domain, self.limits(tracker))
        return events

    def limits(self, tracker: Tracker) -> dict[str, Any]:
        """Bounds of the answer for the structured prompt (first and last day, opening
        hours, the capacity); none by default."""
        return {}

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


def plain_ask_actions(slots: list[str], namespace: dict[str, Any]) -> None:
    """Define one :class:`AskAction` per slot in the calling module (rasa-sdk registers every
    Action subclass it finds)."""
    for slot in slots:
        cls_name = "AskAction_" + slot
        attrs = {"slot": slot, "__module__": namespace["__name__"]}
        namespace[cls_name] = type(cls_name, (AskAction,), attrs)
