"""An intent classifier on pretrained sentence vectors and word and character n-grams,
which also recognises two questions asked in one message.

Features: the message's MiniLM sentence vector (knowledge/encoder.py), which
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
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from addons.stored_component import StoredComponent
from knowledge.encoder import shared_encoder
from knowledge.matcher import Finder
from knowledge.memory import freeze_loaded_objects
from knowledge.phrasing import refers_back

QUESTIONS = "questions"
RANKING_LENGTH = 10
# Where a message may hold two questions: "X and Y", "X? Y", "X; Y", "X, also Y",
# "X, then Y".
SPLIT_POINTS = re.compile(
    r"\?+\s+(?=\S)|\s*;\s*|,?\s+(?:and also|and then|and|also|plus|then)\s+", re.IGNORECASE
)
MIN_PART_WORDS = 3

VECTORIZERS = {
    "words": {"analyzer": "word", "ngram_range": (1, 2)},
    "chars": {"analyzer": "char_wb", "ngram_range": (2, 4)},
}


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


class IntentModel:
    """The fitted classifier: vectorizers, lookup flags and logistic regression weights.

    Kept apart from the Rasa component so that bench/thresholds.py can cross-validate
    it on the training data, encoding each example once."""

    def __init__(
        self,
        intents: list[str],
        vectorizers: dict[str, TfidfVectorizer],
        lookups: dict[str, list[str]],
        coef: np.ndarray,
        intercept: np.ndarray,
    ) -> None:
        self.intents = intents
        self.vectorizers = vectorizers
        self.lookups = lookups
        self.intercept = intercept
        # Contiguous, so that each product does not copy the whole matrix first; the
        # only copy kept (`coef` is its transpose, a view).
        self._weights = np.ascontiguousarray(coef.T)
        # One flag per non-empty table, found by the matcher the actions use.
        self._tables = [name for name, words in lookups.items() if words]
        self._finder = Finder({name: lookups[name] for name in self._tables})
        self._idf: dict[str, np.ndarray] = {}

    @property
    def coef(self) -> np.ndarray:
        """The regression's weights, one row per intent."""
        return self._weights.T

    def prepare(self) -> None:
        """Builds the lookup tables' matcher now rather than on the first message."""
        self._finder.prepare()

    def names_one_of(self, text: str, tables: list[str]) -> bool:
        """Whether `text` names a word of any of these lookup tables."""
        return bool(set(self._finder.keys(text)) & set(tables))

    @classmethod
    def fit(
        cls,
        texts: list[str],
        labels: list[str],
        lookups: dict[str, list[str]],
        c: float,
        seed: int,
        vectors: np.ndarray | None = None,
    ) -> IntentModel:
        """Fits on `texts`; `vectors`, if given, are their sentence vectors."""
        vectorizers = {kind: _vectorizer(kind).fit(texts) for kind in VECTORIZERS}
        unfitted = cls([], vectorizers, lookups, np.zeros((0, 0)), np.zeros(0))
        regression = LogisticRegression(C=c, max_iter=5000, random_state=seed)
        regression.fit(unfitted.features(texts, vectors), labels)
        intents = [str(intent) for intent in regression.classes_]
        return cls(intents, vectorizers, lookups, regression.coef_, regression.intercept_)

    def features(self, texts: list[str], vectors: np.ndarray | None = None) -> csr_matrix:
        if vectors is None:
            vectors = shared_encoder().encode(texts)
        named = [set(self._finder.keys(text)) for text in texts]
        flags = [[float(table in found) for table in self._tables] for found in named]
        parts = [csr_matrix(vectors), csr_matrix(np.array(flags).reshape(len(texts), -1))]
        parts += [self.vectorizers[kind].transform(texts) for kind in VECTORIZERS]
        return hstack(parts).tocsr()

    def scores(self, texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """The regression's scores, `features(texts) @ weights + intercept`, each block
        of features times its own rows of the weights: no joined sparse matrix is
        built, and each vectorizer's idf is read once, not summed again per message
        as scikit-learn's transform does."""
        if vectors is None:
            vectors = shared_encoder().encode(texts)
        weights = self._weights
        start = vectors.shape[1]
        scores = vectors @ weights[:start] + self.intercept
        named = [set(self._finder.keys(text)) for text in texts]
        flags = np.array([[float(t in found) for t in self._tables] for found in named])
        if self._tables:
            scores += flags.reshape(len(texts), -1) @ weights[start : start + len(self._tables)]
        start += len(self._tables)
        for kind in VECTORIZERS:
            vectorizer = self.vectorizers[kind]
            idf = self._idf.get(kind)
            if idf is None:
                idf = self._idf[kind] = np.asarray(vectorizer.idf_)
            counts = CountVectorizer.transform(vectorizer, texts).astype(np.float64)
            # As TfidfTransformer: sublinear tf, times idf, rows scaled to unit length.
            counts.data = (np.log(counts.data) + 1.0) * idf[counts.indices]
            lengths = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
            lengths[lengths == 0] = 1.0
            block = weights[start : start + len(idf)]
            scores += (counts @ block) / lengths[:, None]
            start += len(idf)
        return scores

    def probabilities(self, texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """One row per text: the probability of each intent in `self.intents`."""
        scores = self.scores(texts, vectors)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, folder: Path) -> None:
        meta = {
            "intents": self.intents,
            "lookups": self.lookups,
            "vocabularies": {
                kind: {term: int(index) for term, index in v.vocabulary_.items()}
                for kind, v in self.vectorizers.items()
            },
        }
        (folder / "classifier.json").write_text(json.dumps(meta))
        arrays = {"coef": self.coef, "intercept": self.intercept}
        arrays.update({f"idf_{kind}": v.idf_ for kind, v in self.vectorizers.items()})
        np.savez(folder / "weights.npz", **arrays)

    @classmethod
    def from_folder(cls, folder: Path) -> IntentModel:
        meta = json.loads((folder / "classifier.json").read_text())
        with np.load(folder / "weights.npz", allow_pickle=False) as arrays:
            weights = {name: arrays[name] for name in arrays.files}
        vectorizers = {}
        for kind, vocabulary in meta["vocabularies"].items():
            vectorizers[kind] = _vectorizer(kind, vocabulary)
            vectorizers[kind].idf_ = weights[f"idf_{kind}"]
        return cls(
            meta["intents"], vectorizers, meta["lookups"], weights["coef"], weights["intercept"]
        )


def training_set(training_data: TrainingData, split_intent: str) -> tuple[list, list, dict]:
    """Texts, intents and lookup tables to fit on; two-question examples left out."""
    examples = [m for m in training_data.intent_examples if m.get(INTENT) != split_intent]
    lookups = {
        table["name"]: list(table["elements"])
        for table in training_data.lookup_tables
        if isinstance(table.get("elements"), list)
    }
    return [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples], lookups


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SentenceIntentClassifier(StoredComponent, IntentClassifier):
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
            # Intents of a message as a whole that do not make it one question when it
            # splits into two confident ones (a detail question is not a topic).
            "never_whole": [],
            # After a word of these lookup tables, a part that refers back to it
            # ("who made the crash course, and do I need to code for it") continues
            # the same question.
            "one_question_lookups": [],
            # Each part must be classified with at least this confidence.
            "split_threshold": 0.5,
            "random_seed": 42,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentModel | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.model = model

    @classmethod
    def reads(cls, config: dict[str, Any]) -> list[Path]:
        """The sentence encoder's model and the spaCy pipeline that finds the lookup
        tables' words."""
        from knowledge import encoder, matcher

        return [*encoder.model_files(), matcher.PIPELINE]

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels, lookups = training_set(training_data, self._config["split_intent"])
        self.model = IntentModel.fit(
            texts, labels, lookups, self._config["C"], self._config["random_seed"]
        )
        return self.persist(self.model.save)

    def restore(self, folder: Path) -> None:
        self.model = IntentModel.from_folder(folder)

    def prepare(self) -> None:
        # Load the encoder and build the matcher now, so that the first message does
        # not wait for them.
        shared_encoder()
        self.model.prepare()
        freeze_loaded_objects()

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
            intents = (self.model.intents[first.argmax()], self.model.intents[second.argmax()])
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
        whole_intent = self.model.intents[whole.argmax()]
        parts = {part["intent"] for part in best}
        vetoes = whole_intent not in self._config["never_whole"]
        if whole_intent not in parts and vetoes and whole.max() >= best_score:
            return None
        return best

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or self.model is None:
                # Nothing to classify: no intent, which the FallbackClassifier turns
                # into nlu_fallback.
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            # The whole message and the parts of its possible splits, classified together
            # (the encoder still takes each text alone).
            candidates = [
                (left, right)
                for left, right in split_candidates(text)
                if not (
                    refers_back(right)
                    and self.model.names_one_of(left, self._config["one_question_lookups"])
                )
            ]
            rows = self.model.probabilities([text] + [p for pair in candidates for p in pair])
            whole = rows[0]
            order = np.argsort(-whole)[:RANKING_LENGTH]
            intents = self.model.intents
            ranking = [{"name": intents[i], "confidence": float(whole[i])} for i in order]
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
