"""Rasa's spaCy component on the process's one spaCy pipeline.

The pipeline (blank English with lookup lemmas, built offline by `make install`) is
the one knowledge/matcher.py matches catalogue words with, so a Rasa server holds it
once. It tokenises every message for Rasa (SpacyTokenizer), and it reloads itself
from disk when its vocabulary has grown past a bound (knowledge/matcher.py says why);
messages in flight keep the pipeline they were tokenised with.
"""

from __future__ import annotations

from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message

from knowledge import matcher


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SharedSpacyNLP",
)
class SharedSpacyNLP(SpacyNLP):
    """`SpacyNLP` on the pipeline that the catalogue matcher shares."""

    @staticmethod
    def load_model(spacy_model_name: str) -> SpacyModel:
        if not spacy_model_name or Path(spacy_model_name).resolve() != matcher.PIPELINE.resolve():
            raise InvalidConfigException(
                f"SharedSpacyNLP: model must be {matcher.PIPELINE}, got '{spacy_model_name}'"
            )
        return SpacyModel(model=matcher.pipeline(), model_name=spacy_model_name)

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        # The shared pipeline, reloaded if it has outgrown its bound.
        model.model = matcher.pipeline()
        return super().process(messages, model)
