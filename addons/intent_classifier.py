"""An intent classifier on pretrained sentence vectors and word and character n-grams,
which also recognises two questions asked in one message.

Features: the message's MiniLM sentence vector (addons/sentence_encoder.py), which
knows that "why is it called deep" and "what makes it deep" mean the same, beside
TF-IDF weighted word uni- and bigrams and character 2- to 4-grams within words, which
keep rare words and typos ("nueral", "lerning"), and one flag per lookup table of the
training data (data/nlu/lookups/) saying whether the message names one of its words:
a course provider, an example field, a deep-learning idea from the glossary.
A multinomial logistic regression on them gives calibrated confidences for the
`FallbackClassifier` and the "did you mean" suggestions. Measurements against DIET:
bench/choices.md.

Two questions: when a message splits at "and", "also", ";" or a question mark into
two parts that each classify confidently as a different question, and the whole
message is not more confidently one of its own, the intent is `split_intent` and the
parse data carries the parts under `questions`, in the order asked.

Nothing is pickled: the model is stored as JSON and NumPy arrays read with
`allow_pickle=False`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from addons.sentence_encoder import shared_encoder

QUESTIONS = "questions"
RANKING_LENGTH = 10
# Where a message may hold two questions: "X and Y", "X? Y", "X; Y", "X, also Y".
SPLIT_POINTS = re.compile(
    r"\?+\s+(?=\S)|\s*;\s*|,?\s+(?:and also|and then|and|also|plus)\s+", re.IGNORECASE
)
MIN_PART_WORDS = 3

VECTORIZERS = {
    "words": {"analyzer": "word", "ngram_range": (1, 2)},
    "chars": {"analyzer": "char_wb", "ngram_range": (2, 4)},
}


def lookup_pattern(elements: list[str]) -> re.Pattern:
    """Any of `elements` as whole words, plurals included."""
    words = sorted({str(e).lower() for e in elements}, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?:s|es)?(?![\w])", re.IGNORECASE)


def _vectorizer(kind: str, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, vocabulary=vocabulary, **VECTORIZERS[kind])


def split_candidates(text: str) -> list[tuple[str, str]]:
    """Every way to cut `text` in two at a split point, both parts long enough."""
    candidates = []
    for match in SPLIT_POINTS.finditer(text):
        left = text[: match.start()].strip(" ,.?!")
        right = text[match.end() :].strip(" ,.?!")
        if len(left.split()) >= MIN_PART_WORDS and len(right.split()) >= MIN_PART_WORDS:
            candidates.append((left, right))
    return candidates


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SentenceIntentClassifier(GraphComponent, IntentClassifier):
    """Logistic regression on sentence vectors and n-grams; splits two questions."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Inverse regularisation strength of the logistic regression.
            "C": 50.0,
            # The intent of a message holding two questions (no training examples of
            # its own are learnt: its examples only document and test the split).
            "split_intent": "ask_several",
            # Intents a part of a two-question message may have: questions the
            # assistant answers on their own, not follow-ups or small talk.
            "split_intent_prefix": "ask_",
            "never_split": [],
            # Each part must be classified with at least this confidence.
            "split_threshold": 0.5,
            "random_seed": 42,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        intents: list[str] | None = None,
        vocabularies: dict[str, dict[str, int]] | None = None,
        idfs: dict[str, np.ndarray] | None = None,
        coef: np.ndarray | None = None,
        intercept: np.ndarray | None = None,
        lookups: dict[str, list[str]] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self.intents = intents or []
        self._vectorizers: dict[str, TfidfVectorizer] = {}
        for kind, vocabulary in (vocabularies or {}).items():
            vectorizer = _vectorizer(kind, vocabulary)
            vectorizer.idf_ = idfs[kind]
            self._vectorizers[kind] = vectorizer
        self._coef = coef
        self._intercept = intercept
        self._set_lookups(lookups or {})

    def _set_lookups(self, lookups: dict[str, list[str]]) -> None:
        self._lookups = lookups
        self._patterns = [lookup_pattern(words) for words in lookups.values() if words]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceIntentClassifier:
        return cls(config, model_storage, resource)

    # --- Training -------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        split_intent = self._config["split_intent"]
        examples = [
            message
            for message in training_data.intent_examples
            if message.get(INTENT) != split_intent
        ]
        self._set_lookups(
            {
                table["name"]: list(table["elements"])
                for table in training_data.lookup_tables
                if isinstance(table.get("elements"), list)
            }
        )
        texts = [message.get(TEXT) for message in examples]
        labels = [message.get(INTENT) for message in examples]
        self._vectorizers = {kind: _vectorizer(kind).fit(texts) for kind in VECTORIZERS}
        model = LogisticRegression(
            C=self._config["C"], max_iter=5000, random_state=self._config["random_seed"]
        )
        model.fit(self._features(texts), labels)
        self.intents = [str(intent) for intent in model.classes_]
        self._coef, self._intercept = model.coef_, model.intercept_
        self._persist()
        return self._resource

    def _persist(self) -> None:
        with self._model_storage.write_to(self._resource) as folder:
            meta = {
                "intents": self.intents,
                "lookups": self._lookups,
                "vocabularies": {
                    kind: {term: int(index) for term, index in v.vocabulary_.items()}
                    for kind, v in self._vectorizers.items()
                },
            }
            (folder / "classifier.json").write_text(json.dumps(meta))
            arrays = {"coef": self._coef, "intercept": self._intercept}
            arrays.update({f"idf_{kind}": v.idf_ for kind, v in self._vectorizers.items()})
            np.savez(folder / "weights.npz", **arrays)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceIntentClassifier:
        with model_storage.read_from(resource) as folder:
            meta = json.loads((folder / "classifier.json").read_text())
            with np.load(folder / "weights.npz", allow_pickle=False) as arrays:
                weights = {name: arrays[name] for name in arrays.files}
        # Load the encoder now, so that the first message does not wait for it.
        shared_encoder()
        return cls(
            config,
            model_storage,
            resource,
            intents=meta["intents"],
            vocabularies=meta["vocabularies"],
            idfs={kind: weights[f"idf_{kind}"] for kind in VECTORIZERS},
            coef=weights["coef"],
            intercept=weights["intercept"],
            lookups=meta["lookups"],
        )

    # --- Prediction -----------------------------------------------------------

    def _features(self, texts: list[str]) -> csr_matrix:
        vectors = shared_encoder().encode(texts)
        flags = [[float(bool(p.search(text))) for p in self._patterns] for text in texts]
        parts = [csr_matrix(vectors), csr_matrix(np.array(flags).reshape(len(texts), -1))]
        parts += [self._vectorizers[kind].transform(texts) for kind in VECTORIZERS]
        return hstack(parts).tocsr()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """One row per text: the probability of each intent in `self.intents`."""
        scores = self._features(texts) @ self._coef.T + self._intercept
        scores = np.asarray(scores)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def _may_be_part(self, intent: str) -> bool:
        return intent.startswith(self._config["split_intent_prefix"]) and (
            intent not in self._config["never_split"]
        )

    def two_questions(
        self, candidates: list[tuple[str, str]], rows: np.ndarray, whole: np.ndarray
    ) -> list[dict[str, Any]] | None:
        """The two questions of a message, or None when it asks one thing.

        `candidates` are its splits, `rows` the probabilities of their parts in order
        (left, right, left, right, ...), `whole` those of the whole message."""
        best, best_score = None, 0.0
        for number, (left, right) in enumerate(candidates):
            first, second = rows[2 * number], rows[2 * number + 1]
            intents = (self.intents[first.argmax()], self.intents[second.argmax()])
            confidence = min(first.max(), second.max())
            if (
                intents[0] != intents[1]
                and all(self._may_be_part(intent) for intent in intents)
                and confidence >= self._config["split_threshold"]
                and confidence > best_score
            ):
                best_score = confidence
                best = [
                    {"intent": intent, "text": part, "confidence": float(row.max())}
                    for intent, part, row in zip(
                        intents, (left, right), (first, second), strict=True
                    )
                ]
        if best is None:
            return None
        whole_intent = self.intents[whole.argmax()]
        parts = {part["intent"] for part in best}
        if whole_intent not in parts and whole.max() >= best_score:
            return None
        return best

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or not self.intents:
                # Nothing to classify: no intent, which the FallbackClassifier turns
                # into nlu_fallback.
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            # The whole message and the parts of its possible splits, in one batch.
            candidates = split_candidates(text)
            rows = self.probabilities([text] + [part for pair in candidates for part in pair])
            whole = rows[0]
            order = np.argsort(-whole)[:RANKING_LENGTH]
            ranking = [{"name": self.intents[i], "confidence": float(whole[i])} for i in order]
            intent = ranking[0]
            questions = self.two_questions(candidates, rows[1:], whole)
            if questions:
                confidence = min(part["confidence"] for part in questions)
                intent = {"name": self._config["split_intent"], "confidence": confidence}
                # The other readings share what is left, so the ranking stays a
                # distribution and the split is not taken for an ambiguous message.
                rest = [
                    {"name": r["name"], "confidence": r["confidence"] * (1 - confidence)}
                    for r in ranking[: RANKING_LENGTH - 1]
                ]
                ranking = [intent] + rest
                message.set(QUESTIONS, questions, add_to_output=True)
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
