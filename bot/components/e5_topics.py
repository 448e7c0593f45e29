"""Semantic retrieval of knowledge-base topics with the e5 sentence vectors.

``bot.components.e5_topics.E5TopicIndex`` runs after ``E5Featurizer``. Training keeps the e5
vector of every FAQ training example (``faq/<topic>``: the knowledge base's example questions);
at run time it ranks the topics by the cosine similarity of the message to their closest
examples (mean of the best two, so one odd example does not decide) and adds the ranking to
the parse result as ``semantic_topics`` (``[{"topic", "score"}]``, best first). The FAQ action
fuses it with the ResponseSelector and BM25 (``actions/inquiry.py``, :func:`decide`).

No encoding happens here: the vectors are the featurizer's, read back from the message.
Runs inside the Rasa environment: keep it Python 3.10 compatible.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

log = logging.getLogger(__name__)

OUTPUT = "semantic_topics"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class E5TopicIndex(GraphComponent):
    """Nearest knowledge-base topics by e5 similarity (a ranking, not an intent)."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # featurizer: alias of the E5Featurizer; retrieval_intent: the FAQ intent
        return {"featurizer": "e5", "retrieval_intent": "faq", "ranking_length": 5, "top_k": 2}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectors: Optional[np.ndarray] = None,
        labels: Optional[List[str]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.vectors = vectors if vectors is not None else np.zeros((0, 0), np.float32)
        self.labels = labels or []

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5TopicIndex":
        return cls(config, model_storage, resource)

    def _vector(self, message: Message) -> Optional[np.ndarray]:
        _, sentence = message.get_dense_features(TEXT, [self.config["featurizer"]])
        if sentence is None:
            return None
        vec = np.asarray(sentence.features, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else None

    def train(self, training_data: TrainingData) -> Resource:
        rows, labels = [], []
        for example in training_data.intent_examples:
            key = example.get(INTENT_RESPONSE_KEY) or ""
            if example.get(INTENT) != self.config["retrieval_intent"] or "/" not in key:
                continue
            vec = self._vector(example)
            if vec is not None:
                rows.append(vec)
                labels.append(key.split("/", 1)[1])
        self.vectors = np.vstack(rows) if rows else np.zeros((0, 0), np.float32)
        self.labels = labels
        with self._storage.write_to(self._resource) as directory:
            np.save(directory / "vectors.npy", self.vectors)
            (directory / "labels.txt").write_text("\n".join(labels), encoding="utf-8")
        log.info("e5 topic index: %d examples, %d topics", len(labels), len(set(labels)))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "E5TopicIndex":
        try:
            with model_storage.read_from(resource) as directory:
                vectors = np.load(directory / "vectors.npy")
                labels = (directory / "labels.txt").read_text(encoding="utf-8").split("\n")
        except (ValueError, FileNotFoundError):
            log.warning("e5 topic index not found in the model: no semantic ranking")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vectors, [x for x in labels if x])

    def rank(self, vec: np.ndarray) -> List[Dict[str, Any]]:
        sims = self.vectors @ vec
        by_topic: Dict[str, List[float]] = {}
        for label, sim in zip(self.labels, sims.tolist()):
            by_topic.setdefault(label, []).append(sim)
        k = int(self.config["top_k"])
        scores = {t: float(np.mean(sorted(s, reverse=True)[:k])) for t, s in by_topic.items()}
        best = sorted(scores.items(), key=lambda kv: -kv[1])[: int(self.config["ranking_length"])]
        return [{"topic": t, "score": round(s, 4)} for t, s in best]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            vec = self._vector(message) if self.labels else None
            message.set(OUTPUT, self.rank(vec) if vec is not None else [], add_to_output=True)
        return messages
