"""Entities from the training data's lookup tables, found by the matcher the actions use.

data/nlu/lookups/ lists the words that name each level, topic, provider, price,
length, coding need, course, example field and deep-learning idea, and
data/nlu/synonyms.yml maps each alias to its canonical value (both generated from the
knowledge package's catalogues by scripts/generate_vocabulary.py). This component
finds them in a message with knowledge/matcher.py, the spaCy matcher the actions use
too, so the NLU and the actions agree on what a message names: "k means" and "K-Means"
alike, plurals, any case. Each entity's value is its canonical value; within one entity
type, where two values overlap the longer wins.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.stored_component import StoredComponent
from knowledge.matcher import Finder, Mention

STORED = "vocabulary.json"
SEPARATOR = "\x1f"  # between an entity type and a value in the matcher's keys


def vocabulary(training_data: TrainingData) -> dict[str, dict[str, list[str]]]:
    """Entity type -> canonical value -> the words that name it, from the lookup
    tables and the synonyms."""
    synonyms = training_data.entity_synonyms
    vocabulary: dict[str, dict[str, list[str]]] = {}
    for table in training_data.lookup_tables:
        elements = table.get("elements")
        if not isinstance(elements, list):
            continue
        values = vocabulary.setdefault(table["name"], {})
        for element in elements:
            alias = str(element).strip().lower()
            if alias:
                values.setdefault(synonyms.get(alias, alias), []).append(alias)
    return vocabulary


def finder_for(vocabulary: dict[str, dict[str, list[str]]]) -> Finder:
    """One finder for every entity type: a message is read once."""
    return Finder(
        {
            f"{entity}{SEPARATOR}{value}": aliases
            for entity, values in vocabulary.items()
            for value, aliases in values.items()
        }
    )


def without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """The longest of overlapping mentions, then the earliest, in text order."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class CatalogueEntityExtractor(StoredComponent, EntityExtractorMixin):
    """Finds the lookup tables' words in a message and gives their canonical values."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    # A pipeline without lookup tables has nothing to find.
    empty_when_missing = True

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: dict[str, dict[str, list[str]]] | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.vocabulary = vocabulary or {}
        self._finder = finder_for(self.vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = vocabulary(training_data)
        self._finder = finder_for(self.vocabulary)
        stored = json.dumps(self.vocabulary)
        return self.persist(lambda folder: (folder / STORED).write_text(stored))

    def restore(self, folder: Path) -> None:
        self.vocabulary = json.loads((folder / STORED).read_text())
        self._finder = finder_for(self.vocabulary)

    def prepare(self) -> None:
        self._finder.prepare()

    def entities(self, text: str) -> list[dict[str, Any]]:
        by_entity: dict[str, list[Mention]] = {}
        for mention in self._finder.mentions(text):
            by_entity.setdefault(mention.key.split(SEPARATOR)[0], []).append(mention)
        found = [
            {
                "entity": entity,
                "start": mention.start,
                "end": mention.end,
                "value": mention.key.split(SEPARATOR, 1)[1],
            }
            for entity, mentions in by_entity.items()
            for mention in without_overlaps(mentions)
        ]
        return sorted(found, key=lambda e: (e["start"], e["entity"]))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = self.add_extractor_name(self.entities(message.get(TEXT) or ""))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
