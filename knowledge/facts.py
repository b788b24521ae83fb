"""Finds what the document says in answer to a question, within one part of it.

Each part of the document (knowledge/data/parts.yml) has facts in the assistant's words,
each with the ways people ask for it. A question is matched against the facts of the
part the conversation is about, never the whole document, so "how many?" after hidden
layers means layers. A short question ("how many?", "why so many?") carries too
little meaning for sentence vectors: the fact that answers its kind of question is
taken. A longer one is compared with each fact and its ways of asking by sentence
vectors (the same MiniLM encoder as the NLU), and a fact close enough answers it.
Otherwise the document does not say, and the reply must say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from knowledge.document import Document, Fact, Part, document
from knowledge.phrasing import OTHER, STRICT_KINDS, is_bare, question_kind

# How close (cosine of the sentence vectors) a question must come to a fact, or one of
# the ways of asking for it, to be answered by it; and, for a question of a kind that
# only a fact of that kind answers ("why so many?"), how close that fact must come.
# Both chosen on labelled follow-ups by bench/guesses.py (bench/described_facts.yml).
MIN_SIMILARITY = 0.55
MIN_KIND_SIMILARITY = 0.4
# "Where did you read that?", "who says so?": each part's source answers them; any
# other question only when it comes this close to one of those ways of asking.
SOURCE_KINDS = ("where", "who")
MIN_SOURCE_SIMILARITY = 0.6
# A sentence of a part's texts answers a question when it comes this close, and
# rather than a fact written for it when it comes this much closer.
MIN_SENTENCE_SIMILARITY = 0.55
SENTENCE_MARGIN = 0.05
# A fact asked for this closely answers, whatever kind of question it is.
MIN_ASKED_AS_WRITTEN = 0.8
# In a thread, a fact that comes this close and this much closer than any other fact of
# the part answers a follow-up that nothing answers more closely.
MIN_CLEAR_SIMILARITY = 0.45
CLEAR_MARGIN = 0.15
# One that comes this close stands out whatever kind of question it was written for.
MIN_ANY_KIND = 0.7
# A reason answers a question of no kind only when it comes this close.
MIN_REASON_SIMILARITY = 0.7
# Read with the question before it, a short follow-up must come this much closer.
CONTEXT_PENALTY = 0.15
LEANS_ON_BEFORE = re.compile(r"(?:that|this|these|those|such|it says|the document adds)\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
# What makes a sentence answer a kind of question: a reason answers "why", a count or
# an amount "how many" and "how much", people or firms "who".
SENTENCE_KINDS = (
    (
        "why",
        re.compile(
            r"\b(?:because|thanks to|so that|which is why|that is why|that's why|"
            r"credits?|the reason|makes? (?:it|them|deep learning|cnns?)|why)\b",
            re.I,
        ),
    ),
    (
        "how many",
        re.compile(
            r"\b\d+\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|hundreds?|"
            r"thousands?|many|few)\b",
            re.I,
        ),
    ),
    ("how much", re.compile(r"\b(?:little|much|large|lots? of|small|more data|very)\b", re.I)),
    ("who", re.compile(r"\b(?:people|companies|firms|engineers|travellers|users|humans?)\b", re.I)),
)


@dataclass(frozen=True)
class Found:
    fact: Fact
    similarity: float


class FactIndex:
    """The facts of every part, with their sentence vectors."""

    def __init__(
        self,
        parts: Document,
        encode: Callable[[list[str]], np.ndarray],
        min_similarity: float = MIN_SIMILARITY,
        min_kind: float = MIN_KIND_SIMILARITY,
    ) -> None:
        self.encode = encode
        self.min_similarity = min_similarity
        self.min_kind = min_kind
        self._facts: dict[str, list[Fact]] = {}
        self._owners: dict[str, list[int]] = {}
        self._vectors: dict[str, np.ndarray] = {}
        keys = list(parts.parts)
        gists = encode([parts.parts[key].gist for key in keys])
        self._gists = dict(zip(keys, gists, strict=True))
        # The question each section answers on its own ("How does it work?").
        asked = [key for key in keys if key.startswith("ask_") and parts.parts[key].question]
        self._question_keys = asked
        self._questions = (
            encode([parts.parts[key].question for key in asked]) if asked else np.zeros((0, 0))
        )
        # Every sentence the document's entry says about a part, as a fact of its own:
        # what an answer states answers a follow-up even when no fact was written for it.
        self._sentences: dict[str, list[Fact]] = {}
        self._sentence_vectors: dict[str, np.ndarray] = {}
        for key, part in parts.parts.items():
            said = [Fact(text, sentence_kinds(text), ()) for text in part_sentences(part)]
            self._sentences[key] = said
            self._sentence_vectors[key] = (
                encode([fact.says for fact in said]) if said else np.zeros((0, 0))
            )
        for key, part in parts.parts.items():
            texts, owners = [], []
            facts = list(part.facts)
            if part.source is not None:
                source = parts.sources[part.source]
                says = f"That comes from {source.label} ({source.url})."
                facts.append(Fact(says, SOURCE_KINDS, parts.source_asks))
            for number, fact in enumerate(facts):
                for text in (fact.says, *fact.asks):
                    texts.append(text)
                    owners.append(number)
            self._facts[key] = facts
            self._owners[key] = owners
            self._vectors[key] = encode(texts) if texts else np.zeros((0, 0))

    def similarities(
        self,
        part: str,
        text: str,
        vector: np.ndarray | None = None,
        context: np.ndarray | None = None,
    ) -> list[Found]:
        """Each fact of `part` with its closest text's similarity to `text` (whose
        sentence vector `vector` is, when given; read with the question before it,
        `context`, a little less close), best first."""
        facts = self._facts.get(part) or []
        if not facts:
            return []
        vector = self.encode([text])[0] if vector is None else vector
        scores = self._vectors[part] @ vector
        if context is not None:
            scores = np.maximum(scores, self._vectors[part] @ context - CONTEXT_PENALTY)
        best = [-1.0] * len(facts)
        for number, score in zip(self._owners[part], scores, strict=True):
            best[number] = max(best[number], float(score))
        found = [Found(fact, score) for fact, score in zip(facts, best, strict=True)]
        return sorted(found, key=lambda item: -item.similarity)

    def closest_question(self, text: str) -> tuple[str | None, float]:
        """The section whose own question comes closest to `text`, and how close."""
        if not self._question_keys:
            return None, -1.0
        scores = self._questions @ self.encode([text])[0]
        best = int(np.argmax(scores))
        return self._question_keys[best], float(scores[best])

    def gist_similarity(self, part: str, text: str) -> float:
        """How close `text` comes to what the part says as a whole (its gist)."""
        return float(self._gists[part] @ self.encode([text])[0]) if part in self._gists else -1.0

    def answer(
        self,
        part: str,
        text: str,
        strict: bool = False,
        vector: np.ndarray | None = None,
        kind: str | None = None,
        context: np.ndarray | None = None,
    ) -> Found | None:
        """The fact of `part` that answers `text`, with its similarity, or None when the
        document doesn't say: a fact written for the part, or a sentence of its texts.
        A "why", "how many", "who"... question is answered only by a fact of its kind;
        any other by the closest fact, if it is close enough. `strict`: any question
        with a question word needs a fact of its kind (a question about a detail, which
        asks something particular). `kind`: the kind of question, when the text alone
        does not say it ("and a deep one?" after a "how many" question). `context`:
        the vector of the follow-up read with the question before it."""
        vector = self.encode([text])[0] if vector is None else vector
        kind = kind or question_kind(text)
        written = self._written_fact(part, text, strict, vector, kind, context)
        sentence = self._sentence(part, text, strict, vector, kind, context)
        if written is None or (
            sentence and sentence.similarity > written.similarity + SENTENCE_MARGIN
        ):
            return sentence or written
        return written

    def _sentence(
        self,
        part: str,
        text: str,
        strict: bool,
        vector: np.ndarray,
        kind: str,
        context: np.ndarray | None,
    ) -> Found | None:
        """The sentence of the part's texts that answers `text` (of its kind, for a
        question that needs one), if one comes close enough."""
        said = self._sentences.get(part) or []
        if not said or (is_bare(text) and context is None):
            return None
        scores = self._sentence_vectors[part] @ vector
        if context is not None:
            # A short follow-up read with the question before it ("what is a cnn" /
            # "what kind of layers?"), which must then come closer still.
            in_context = self._sentence_vectors[part] @ context
            scores = np.maximum(scores, in_context - CONTEXT_PENALTY)
        needs_kind = kind in STRICT_KINDS or (strict and kind != OTHER)
        found = [
            Found(fact, float(score))
            for fact, score in zip(said, scores, strict=True)
            if kind in fact.kinds or not needs_kind
        ]
        found = [item for item in found if item.similarity >= MIN_SENTENCE_SIMILARITY]
        return max(found, key=lambda item: item.similarity) if found else None

    def _written_fact(
        self,
        part: str,
        text: str,
        strict: bool,
        vector: np.ndarray,
        kind: str,
        context: np.ndarray | None = None,
    ) -> Found | None:
        """The fact written for the part (`facts` in its entry) that answers `text`."""
        ranked = self.similarities(part, text, vector, context)
        if not ranked:
            return None
        if ranked[0].similarity >= MIN_ASKED_AS_WRITTEN and not is_bare(text):
            # Asked the way the fact was written to be asked ("who did that before?").
            return ranked[0]
        of_kind = [found for found in ranked if kind in found.fact.kinds]
        if of_kind and (is_bare(text) or of_kind[0].similarity >= self.min_kind):
            return of_kind[0]
        strict_kinds = STRICT_KINDS | ({"how", "what"} if strict else set())
        if kind in strict_kinds or (is_bare(text) and kind != OTHER):
            return None
        if kind == OTHER:
            # A reason is no answer to a question that asks for none ("more accurate
            # than people?" is not "why is it so accurate?"), unless it is asked for in
            # so many words ("the hard part of it?" after what makes faces difficult).
            ranked = [
                found
                for found in ranked
                if "why" not in found.fact.kinds or found.similarity >= MIN_REASON_SIMILARITY
            ]
        # Naming the source takes a question about the source.
        ranked = [
            found
            for found in ranked
            if found.fact.kinds != SOURCE_KINDS or found.similarity >= MIN_SOURCE_SIMILARITY
        ]
        return ranked[0] if ranked and ranked[0].similarity >= self.min_similarity else None

    def clear_winner(
        self,
        part: str,
        text: str,
        kind: str | None = None,
        context: np.ndarray | None = None,
    ) -> Found | None:
        """For a follow-up in the thread of `part` that no fact answers closely enough:
        the fact of the part that stands out from the others ("so it understands what
        exactly?" after virtual assistants), if one does. Naming the source takes a
        question about it."""
        ranked = [
            found
            for found in self.similarities(part, text, context=context)
            if found.fact.kinds != SOURCE_KINDS
        ]
        if not ranked:
            return None
        best = ranked[0]
        runner_up = ranked[1].similarity if len(ranked) > 1 else 0.0
        kind = kind or question_kind(text)
        fits = kind == OTHER or kind in best.fact.kinds or best.similarity >= MIN_ANY_KIND
        if (
            best.similarity >= MIN_CLEAR_SIMILARITY
            and fits
            and (best.similarity - runner_up >= CLEAR_MARGIN)
        ):
            return best
        return None

    def answer_anywhere(
        self,
        text: str,
        min_similarity: float,
        kind: str | None = None,
        context: np.ndarray | None = None,
    ) -> tuple[str, Found] | None:
        """The fact of any part that answers `text` at least this closely: the part and
        the fact, or None. Looked for before saying that the document doesn't say."""
        vector = self.encode([text])[0]
        best: tuple[str, Found] | None = None
        for part in self._facts:
            found = self.answer(part, text, vector=vector, kind=kind, context=context)
            if found is None or found.similarity < min_similarity:
                continue
            if best is None or found.similarity > best[1].similarity:
                best = (part, found)
        return best


def part_sentences(part: Part) -> list[str]:
    """The sentences of a part's answer, of what "tell me more" adds and of its gist,
    without the questions that offer a next step."""
    texts = [part.answer or "", part.more, part.gist]
    sentences = []
    for text in texts:
        for sentence in SENTENCE_END.split(text.strip()):
            sentence = sentence.strip()
            # A sentence that leans on the one before ("That is why...") says little alone.
            leans = LEANS_ON_BEFORE.match(sentence)
            if sentence and not sentence.endswith("?") and not leans and sentence not in sentences:
                sentences.append(capitalised(sentence))
    return sentences


def capitalised(sentence: str) -> str:
    """The sentence with its first letter upper-case, after any opening quote
    ('"deep" refers to ...' becomes '"Deep" refers to ...')."""
    first = next((i for i, char in enumerate(sentence) if char.isalpha()), None)
    if first is None:
        return sentence
    return sentence[:first] + sentence[first].upper() + sentence[first + 1 :]


def sentence_kinds(sentence: str) -> tuple[str, ...]:
    """The kinds of question a sentence of the document's texts answers, by its words:
    a reason answers "why", a number or an amount "how many" and "how much"."""
    kinds = [kind for kind, pattern in SENTENCE_KINDS if pattern.search(sentence)]
    return tuple(kinds)


@cache
def fact_index() -> FactIndex:
    """The shipped parts' facts, encoded once per process."""
    from knowledge.encoder import shared_encoder

    return FactIndex(document(), shared_encoder().encode)
