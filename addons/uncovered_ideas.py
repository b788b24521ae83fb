"""A question about a detail of a topic is a question about that detail.

"How does max pooling work in a CNN?" reads like a question about CNNs, and the
intent classifier may well say so; but the CNN answer says nothing about pooling.
This component makes a message that the classifier takes for a question about one
part of the document a question about a detail (`ask_detail`) when
- it names an idea of the glossary (knowledge/data/glossary.yml) that no answer of
  the document explains ("max pooling"), or
- it asks a kind of question ("when will AGI arrive?", "who is building the
  library?") that nothing the part says answers (the kinds of its facts,
  knowledge/data/parts.yml).
The part stays in the intent ranking, and the reply says what the document doesn't
go into before what it says on the part (actions/fact_answers.py), whatever the
classifier picked.

The ideas and the parts are read from the knowledge package when the model is
trained (its fingerprint covers every file of knowledge/data/ and the spaCy
pipeline), and matched with the same text matcher and question kinds the actions use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.stored_component import StoredComponent
from knowledge.details import DetailFinder
from knowledge.matcher import find_mentions, finder
from knowledge.phrasing import STRICT_KINDS, question_kind

if TYPE_CHECKING:
    from knowledge.document import Document

STORED = "ideas.json"
DETAILS, DETAIL_VECTORS = "details.json", "details.npz"


def uncovered_ideas() -> dict[str, list[str]]:
    """The glossary's ideas that no answer explains, with the words that name them."""
    from knowledge.ideas import load_glossary

    return {idea.key: list(idea.aliases) for idea in load_glossary() if not idea.answered_by}


def mentioned_ideas(ideas: dict[str, list[str]], parts: Document) -> dict[str, list[str]]:
    """For each question answered by a response, the ideas its answer mentions:
    "how is AlphaGo an example of symbolic AI?" asks about that answer itself."""
    from knowledge.ideas import section_answers

    return {
        intent: find_mentions(answer, ideas) for intent, answer in section_answers(parts).items()
    }


def one_example(entities: list[dict[str, Any]]) -> str | None:
    """The part of the one example of deep learning at work the entities name, if they
    name exactly one."""
    from knowledge.document import EXAMPLE_PREFIX

    named = {entity.get("value") for entity in entities if entity.get("entity") == "example_field"}
    return f"{EXAMPLE_PREFIX}{named.pop()}" if len(named) == 1 else None


def section_kinds(parts: Document) -> dict[str, list[str]]:
    """The intents answered by a section of the document, each with the kinds of
    question its facts answer."""
    return {key: sorted(part.kinds) for key, part in parts.parts.items() if key.startswith("ask_")}


def reroute(message: Message, detail: str, confidence: float, part: str | None = None) -> None:
    """Makes `detail` the message's intent, first in its ranking; then `part`, the intent
    of the part the detail belongs to, if given; then the rest as they were."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    rerouted = {"name": detail, "confidence": confidence}
    first = [item for item in ranking if part and item.get("name") == part]
    rest = [item for item in ranking if item.get("name") not in (detail, part)]
    message.set(INTENT, rerouted, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [rerouted] + first + rest, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UncoveredIdeaDetector(StoredComponent):
    """Turns a question about a part that names an idea the document doesn't explain
    into a question about a detail."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "detail_intent": "ask_detail",
            "examples_intent": "ask_examples",
            "off_topic_intent": "out_of_scope",
            # Below this confidence the fallback classifier would not trust the intent
            # (config.yml's FallbackClassifier threshold) ...
            "unsure_below": 0.4,
            # ... and a detail found in such a message is given this one instead.
            "detail_confidence": 0.5,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        ideas: dict[str, list[str]] | None = None,
        kinds: dict[str, list[str]] | None = None,
        mentioned: dict[str, list[str]] | None = None,
        details: DetailFinder | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self._keep(ideas or {}, kinds or {}, mentioned or {})
        self.details = details

    def _keep(
        self,
        ideas: dict[str, list[str]],
        kinds: dict[str, list[str]],
        mentioned: dict[str, list[str]],
    ) -> None:
        self.ideas = ideas
        self.kinds = {intent: set(answered) for intent, answered in kinds.items()}
        self.mentioned = {intent: set(keys) for intent, keys in mentioned.items()}

    @classmethod
    def reads(cls, config: dict[str, Any]) -> list[Path]:
        """The knowledge package's data (the glossary, the parts and what they are
        checked against), the spaCy pipeline its answers are matched with and the
        sentence encoder that compares a question with a part's texts, and the code
        of the detail finder it trains (knowledge/details.py), whose stored result
        changes with it."""
        from knowledge import catalogues, details, encoder, matcher

        return [catalogues.DATA, matcher.PIPELINE, *encoder.model_files(), details.SOURCE]

    def train(self, training_data: TrainingData) -> Resource:
        from knowledge.catalogues import examples
        from knowledge.document import EXAMPLE_PREFIX, load_document
        from knowledge.encoder import shared_encoder
        from knowledge.ideas import load_glossary

        # Read afresh from the files, as the fingerprint saw them.
        parts = load_document()
        ideas = uncovered_ideas()
        stored = {
            "ideas": ideas,
            "kinds": section_kinds(parts),
            "mentioned": mentioned_ideas(ideas, parts),
        }
        self._keep(**stored)
        questions: dict[str, list[str]] = {}
        for message in training_data.intent_examples:
            questions.setdefault(message.get(INTENT), []).append(message.get(TEXT))
        explained: dict[str, list[str]] = {}
        for idea in load_glossary():
            if idea.answered_by:
                explained.setdefault(idea.answered_by, []).extend(idea.aliases)
        for example in examples():
            # The words that name an example are its own ("siri" is the assistants').
            explained.setdefault(f"{EXAMPLE_PREFIX}{example.id}", []).extend(example.aliases)
        self.details = DetailFinder.build(parts, questions, explained, shared_encoder().encode)

        def write(folder: Path) -> None:
            (folder / STORED).write_text(json.dumps(stored))
            (folder / DETAILS).write_text(json.dumps(self.details.as_dict()))
            np.savez(folder / DETAIL_VECTORS, **self.details.vectors)

        return self.persist(write)

    def restore(self, folder: Path) -> None:
        self._keep(**json.loads((folder / STORED).read_text()))
        with np.load(folder / DETAIL_VECTORS, allow_pickle=False) as arrays:
            vectors = {name: arrays[name] for name in arrays.files}
        self.details = DetailFinder.from_dict(json.loads((folder / DETAILS).read_text()), vectors)

    def prepare(self) -> None:
        finder(self.ideas).prepare()

    def asks_a_detail(self, text: str, intent: str) -> bool:
        """Whether `text`, taken for a question about `intent`'s part, names an idea no
        answer explains (and that answer does not mention), or asks a kind of question
        that the part's facts don't answer."""
        kind = question_kind(text)
        if kind in STRICT_KINDS and kind not in self.kinds[intent]:
            return True
        named = set(find_mentions(text, self.ideas)) - self.mentioned.get(intent, set())
        return bool(named)

    def lacking(self, text: str, intent: str) -> str | None:
        """The words of `text` that name what `intent`'s answer lacks ("the right number
        of hidden layers", "linear model"), if any (knowledge/details.py)."""
        if self.details is None:
            return None
        from knowledge.encoder import shared_encoder

        return self.details.detail(text, intent, shared_encoder().encode)

    def part_of(self, name: str | None, entities: list[dict[str, Any]]) -> str | None:
        """The part of the document an intent of the ranking asks about: a section's,
        the one example the entities name, or the overview of the examples."""
        from knowledge.document import EXAMPLES

        if name == self._config["examples_intent"]:
            return one_example(entities) or EXAMPLES
        return name if name in self.kinds else None

    def unplaced_detail(self, message: Message) -> tuple[str, str] | None:
        """For a message that names deep learning (a CNN, convolution, ...) but that
        the classifier took for off-topic or could not place ("quantum deep learning",
        "depthwise separable conv"): the likeliest part in its ranking, the overview
        of the examples for a request for examples, and the detail that part's answer
        lacks, if any."""
        from knowledge.details import NAMES_THE_SUBJECT

        intent = message.get(INTENT) or {}
        text = message.get(TEXT) or ""
        unsure = intent.get("confidence", 0.0) < self._config["unsure_below"]
        if intent.get("name") != self._config["off_topic_intent"] and not unsure:
            return None
        if not NAMES_THE_SUBJECT.search(text):
            # Ideas of the glossary are no sign: "python", "transformers" and "history"
            # name them, and are off-topic as often as not.
            return None
        entities = message.get(ENTITIES) or []
        for item in message.get(INTENT_RANKING_KEY) or []:
            part = self.part_of(item.get("name"), entities)
            if part is not None:
                lacking = self.lacking(text, part)
                return (item["name"], lacking) if lacking else None
        return None

    def process(self, messages: list[Message]) -> list[Message]:
        detail = self._config["detail_intent"]
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get("name")
            text = message.get(TEXT) or ""
            unplaced = self.unplaced_detail(message)
            if unplaced is not None:
                # The detail is named, and the part it belongs to comes right after it.
                part_intent, lacking = unplaced
                message.set("detail", lacking, add_to_output=True)
                confidence = max(intent.get("confidence", 0.0), self._config["detail_confidence"])
                reroute(message, detail, confidence, part_intent)
                continue
            if name == self._config["examples_intent"]:
                # About one example ("lidar in self-driving cars"): what its answer lacks.
                # A request the classifier is sure asks for examples in general gets them
                # ("where is deep learning already deployed"); the overview is checked
                # only when it was unsure (unplaced_detail).
                example = one_example(message.get(ENTITIES) or [])
                asks, lacking = False, self.lacking(text, example) if example else None
            elif name in self.kinds:
                asks = self.asks_a_detail(text, name)
                lacking = None if asks else self.lacking(text, name)
            else:
                continue
            if not asks and lacking is None:
                continue
            if lacking:
                # The reply names it: "The document doesn't go into <detail>".
                message.set("detail", lacking, add_to_output=True)
            reroute(message, detail, intent.get("confidence", 0.0))
        return messages
