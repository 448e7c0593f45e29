"""The emergency safety net inside the NLU: a message that names an emergency
(``knowledge_base/emergency.yml``: "pingsan", "kebakaran", "tersengat listrik"...) is the
``emergency`` intent, whatever the classifier said ("bapak saya pingsan tidak bangun bangun"
was once classified as ``help``, which no action checks). Runs last in the pipeline, after
the FallbackClassifier; the rule sends the intent to ``action_emergency`` (112 and an
officer). The same phrases, normalisation and exceptions (papers lost in a disaster) as
``KnowledgeBase.is_emergency`` (:mod:`bot.components.emergency_phrases`).

Runs inside the Rasa environment: keep it Python 3.10 compatible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.emergency_phrases import PHRASES, EmergencyPhrases
from bot.components.intent_override import override_intent


def load_phrases(path: Path = PHRASES) -> Tuple[str, ...]:
    return EmergencyPhrases.load(path).phrases


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyNet(GraphComponent):
    """Sets the intent to ``emergency`` (confidence 1.0) when an emergency phrase appears."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": "emergency", "phrases_path": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}
        path = self.config.get("phrases_path")
        self.net = EmergencyPhrases.load(Path(path) if path else PHRASES)
        self.phrases = self.net.phrases

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencyNet":
        return cls(config)

    def is_emergency(self, text: str) -> bool:
        return self.net.matches(text)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/") or not self.is_emergency(text):
                continue
            override_intent(message, self.config["intent"])
        return messages
