"""A message that is only a service's name is a question about that service.

Citizens type a service's name or acronym alone, as into a search box: "LOAKK", "NIB",
"SKPWNI", "info PBG". The intent classifier has nothing but one unknown-looking word to go on
and reads such a message as a short-talk intent (measured on the development set: 11 of 35
names alone taken for ``affirm``). The knowledge base lists each topic's ``names``
(``knowledge_base/*.yml``); when the message, after colloquial normalisation and without
filler words ("info", "tentang", "apa itu", "min"), is exactly one of them, and the classifier
said a short-talk intent, the intent becomes ``faq``; the topic is added to the parse result
as ``topic_name`` and the FAQ action answers it (``actions/inquiry_choice.py``, decide: the
rankers need not agree on one acronym, "SKPWNI" is in both moving topics' examples). A name
inside a longer message is left to the classifier, and so are the skills' intents (a
complaint, a booking).

Runs after the FallbackClassifier and before the EmergencyNet. Runs inside the Rasa
environment: keep it Python 3.10 compatible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.colloquial import normalize_text
from bot.components.intent_override import override_intent

# the parse result's key for the named topic, which the FAQ action answers (decide)
OUTPUT = "topic_name"
KB_DIR = Path(__file__).resolve().parents[2] / "knowledge_base"
NOT_TOPICS = frozenset({"emergency.yml", "followups.yml"})
# Intents that carry no request of their own: a service name is never one of them.
SHORT_TALK = frozenset(
    {
        "affirm",
        "deny",
        "greet",
        "thanks",
        "goodbye",
        "help",
        "ask_info",
        "out_of_scope",
        "nlu_fallback",
    }
)
# Words around a name that add no request ("info loakk", "apa itu nib", "skpwni min?").
FILLERS = frozenset(
    {
        "info",
        "informasi",
        "tentang",
        "soal",
        "mengenai",
        "layanan",
        "pelayanan",
        "apa",
        "apakah",
        "itu",
        "tanya",
        "mau",
        "dong",
        "min",
        "admin",
        "kak",
        "ya",
        "sih",
        "nih",
        "mas",
        "mbak",
        "pak",
        "bu",
        "bagaimana",
    }
)


def load_names(kb_dir: Path = KB_DIR) -> Dict[str, str]:
    """Normalised name -> topic id, from every topic's ``names``."""
    names: Dict[str, str] = {}
    for path in sorted(kb_dir.glob("*.yml")):
        if path.name in NOT_TOPICS:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for topic in data.get("topics") or []:
            for name in topic.get("names") or []:
                key = normalize_text(str(name))
                if key:
                    names[key] = str(topic["id"])
    return names


# Words of an announcement that one wants to ask ("saya mau bertanya sesuatu, boleh?"):
# with these and the fillers taken away, two words left are the question itself.
ASKING = frozenset(
    "saya aku sy ingin pengen mau bertanya nanya boleh bisa tidak sesuatu hal sedikit "
    "sebentar dulu di sini ini nih permisi maaf tolong kok kah deh yuk ok oke".split()
)
CONTENT_WORDS = 2


def asks_something(text: str, fillers: FrozenSet[str] = FILLERS) -> bool:
    """Does a message read as 'I want to ask' carry its question ("mau nanya pbb saya kok
    tagihannya naik")? True when two or more words are left after the announcement."""
    words = [w for w in normalize_text(text).split() if w not in fillers and w not in ASKING]
    return len(words) >= CONTENT_WORDS


def bare_name(text: str, names: Dict[str, str], fillers: FrozenSet[str] = FILLERS) -> Optional[str]:
    """The topic id when ``text`` is only a service's name (fillers aside), else None."""
    words = [w for w in normalize_text(text).split() if w not in fillers]
    return names.get(" ".join(words)) if words else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicNameNet(GraphComponent):
    """Sets the intent to ``faq`` when the message is a service's name alone."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": "faq", "kb_dir": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}
        kb_dir = self.config.get("kb_dir")
        self.names = load_names(Path(kb_dir) if kb_dir else KB_DIR)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TopicNameNet":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            topic = bare_name(text, self.names) if text and not text.startswith("/") else None
            intent = (message.get(INTENT) or {}).get("name")
            if topic is None:
                if intent == "ask_info" and not text.startswith("/") and asks_something(text):
                    override_intent(message, self.config["intent"])  # the question is there
                continue
            message.set(OUTPUT, topic, add_to_output=True)
            if intent not in SHORT_TALK:
                continue
            override_intent(message, self.config["intent"])
        return messages
