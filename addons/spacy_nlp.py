"""Rasa's spaCy component with a vocabulary that cannot grow without bound.

spaCy adds every new word it tokenises to its vocabulary and never forgets one. On a
server that reads whatever people type, that is memory that only grows: 2,000 messages
of random characters added 600,000 strings and about 230 MB. This component is Rasa's
`SpacyNLP`, except that once the vocabulary holds more than `max_strings` strings it
loads the pipeline afresh from disk (a blank English pipeline with lookup lemmas,
about 0.1 s), dropping the words it learnt. Messages in flight keep the pipeline they
were tokenised with.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="BoundedSpacyNLP",
)
class BoundedSpacyNLP(SpacyNLP):
    """`SpacyNLP` that reloads its pipeline when the vocabulary has grown too large."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SpacyNLP.get_default_config(), "max_strings": 20_000}

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        messages = super().process(messages, model)
        if len(model.model.vocab.strings) > self._config["max_strings"]:
            model.model = self.load_model(model.model_name).model
        return messages
