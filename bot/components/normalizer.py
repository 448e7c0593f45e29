"""A Rasa tokenizer that normalises colloquial Indonesian while it tokenizes.

``bot.components.normalizer.ColloquialNormalizer`` replaces ``WhitespaceTokenizer`` in
``bot/config.yml``. It splits text exactly like ``WhitespaceTokenizer`` and then rewrites each
token's text to its standard form ("gmn" -> "bagaimana", "sy" -> "saya", "bsk" -> "besok"),
keeping the token's original character offsets. Entity spans therefore still point into the
citizen's own words (the extracted value is the original text), while featurizers and the
classifiers see standard Indonesian. The lexicon is ``bot/components/colloquial_id.txt``.

Runs inside the Rasa environment: keep it Python 3.10 compatible.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.colloquial import load_lexicon, LEXICON_PATH


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ColloquialNormalizer(WhitespaceTokenizer):
    """Whitespace tokenizer + colloquial Indonesian normalisation of token texts."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        config = WhitespaceTokenizer.get_default_config()
        # Optional path of another lexicon file; default: colloquial_id.txt next to this file.
        config["lexicon_path"] = None
        return config

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        from pathlib import Path

        path = self._config.get("lexicon_path")
        self.lexicon = load_lexicon(Path(path) if path else LEXICON_PATH)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ColloquialNormalizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if attribute != TEXT:
            return tokens
        return self.normalize_tokens(tokens)

    def normalize_tokens(self, tokens: List[Token]) -> List[Token]:
        from bot.components.colloquial import letter_runs, normalize_word

        # spelt-out letters become one token spanning them ("ka te pe" -> "ktp")
        merged_ids = set()
        for start, end, acronym in reversed(letter_runs([t.text for t in tokens])):
            first, last = tokens[start], tokens[end - 1]
            merged = Token(acronym, first.start, last.end, data=first.data)
            merged_ids.add(id(merged))
            tokens = [*tokens[:start], merged, *tokens[end:]]
        out: List[Token] = []
        for token in tokens:
            if id(token) in merged_ids:  # an abbreviation as spelt: no lexicon ("es em pe")
                out.append(token)
                continue
            words = normalize_word(token.text, self.lexicon)
            if words == [token.text]:
                out.append(token)
                continue
            for word in words:
                out.append(Token(word, token.start, token.end, data=token.data))
        return out

    @staticmethod
    def lexicon_size(lexicon: Optional[Dict[str, str]]) -> int:
        return len(lexicon or {})
