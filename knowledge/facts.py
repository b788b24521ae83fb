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

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from knowledge.document import Document, Fact, document
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

    def similarities(self, part: str, text: str) -> list[Found]:
        """Each fact of `part` with its closest text's similarity to `text`, best first."""
        facts = self._facts.get(part) or []
        if not facts:
            return []
        scores = self._vectors[part] @ self.encode([text])[0]
        best = [-1.0] * len(facts)
        for number, score in zip(self._owners[part], scores, strict=True):
            best[number] = max(best[number], float(score))
        found = [Found(fact, score) for fact, score in zip(facts, best, strict=True)]
        return sorted(found, key=lambda item: -item.similarity)

    def gist_similarity(self, part: str, text: str) -> float:
        """How close `text` comes to what the part says as a whole (its gist)."""
        return float(self._gists[part] @ self.encode([text])[0]) if part in self._gists else -1.0

    def answer(self, part: str, text: str, strict: bool = False) -> Found | None:
        """The fact of `part` that answers `text`, with its similarity, or None when the
        document doesn't say. A "why", "how many", "who"... question is answered only
        by a fact of its kind; any other by the closest fact, if it is close enough.
        `strict`: any question with a question word needs a fact of its kind (a
        question about a detail, which asks something particular)."""
        ranked = self.similarities(part, text)
        if not ranked:
            return None
        kind = question_kind(text)
        of_kind = [found for found in ranked if kind in found.fact.kinds]
        if of_kind and (is_bare(text) or of_kind[0].similarity >= self.min_kind):
            return of_kind[0]
        strict_kinds = STRICT_KINDS | ({"how", "what"} if strict else set())
        if kind in strict_kinds or (is_bare(text) and kind != OTHER):
            return None
        # Naming the source takes a question about the source.
        ranked = [
            found
            for found in ranked
            if found.fact.kinds != SOURCE_KINDS or found.similarity >= MIN_SOURCE_SIMILARITY
        ]
        return ranked[0] if ranked and ranked[0].similarity >= self.min_similarity else None


@cache
def fact_index() -> FactIndex:
    """The shipped parts' facts, encoded once per process."""
    from knowledge.encoder import shared_encoder

    return FactIndex(document(), shared_encoder().encode)
