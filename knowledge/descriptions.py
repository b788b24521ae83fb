"""Which of a catalogue's entries a message describes without naming it.

Each entry (a glossary idea, an example field) has plain-words descriptions. A message
is compared with all of them by sentence vectors; the entry with the closest
description is the guess, when it comes close enough. The threshold of each use is
chosen on labelled training examples by bench/guesses.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache

import numpy as np

from knowledge.catalogues import example_requests, examples

# How close (cosine of the sentence vectors) a question that names no idea must come
# to one of an idea's descriptions to be read as asking about it
# (bench/described_terms.yml).
IDEA_MIN_SIMILARITY = 0.6
# A request for examples that names no field ("does facebook tag my friends with
# DL") gets the example whose title or answer sentence it comes closest to, when that
# is this close and closer than any general request for examples (the examples'
# `overview`; bench/described_examples.yml).
EXAMPLE_MIN_SIMILARITY = 0.3
# The guess when a message is closest to a general request: the overview.
OVERVIEW = "overview"


class ClosestDescription:
    """Guesses the key whose description is closest to a message."""

    def __init__(
        self,
        described: Mapping[str, Sequence[str]],
        encode: Callable[[list[str]], np.ndarray],
        min_similarity: float,
    ) -> None:
        self.encode = encode
        self.min_similarity = min_similarity
        self._owners = [key for key, texts in described.items() for _ in texts]
        texts = [text for texts in described.values() for text in texts]
        self._vectors = encode(texts) if texts else np.zeros((0, 0))

    def scores(self, text: str) -> list[tuple[str, float]]:
        """Each key with its closest description's similarity to `text`, best first."""
        if not self._owners:
            return []
        similarities = self._vectors @ self.encode([text])[0]
        best: dict[str, float] = {}
        for key, score in zip(self._owners, similarities, strict=True):
            best[key] = max(best.get(key, -1.0), float(score))
        return sorted(best.items(), key=lambda item: -item[1])

    def guess(self, text: str) -> str | None:
        ranked = self.scores(text)
        if ranked and ranked[0][1] >= self.min_similarity:
            return ranked[0][0]
        return None


@cache
def idea_guesser() -> ClosestDescription:
    """Which idea a question describes without naming it ("the model aces its training
    data but fails on new data"): the glossary's descriptions, encoded once per
    process."""
    from knowledge.encoder import shared_encoder
    from knowledge.ideas import glossary

    described = {idea.key: idea.describes for idea in glossary()}
    return ClosestDescription(described, shared_encoder().encode, IDEA_MIN_SIMILARITY)


@cache
def example_guesser() -> ClosestDescription:
    """Which example a request describes without naming its field: the examples'
    titles and answer sentences, and the general requests (`OVERVIEW`), encoded once
    per process."""
    from knowledge.encoder import shared_encoder

    described = {
        example.id: [example.title, *re.split(r"(?<=\.)\s+", example.answer)]
        for example in examples()
    }
    described[OVERVIEW] = list(example_requests())
    return ClosestDescription(described, shared_encoder().encode, EXAMPLE_MIN_SIMILARITY)
