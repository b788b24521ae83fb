"""Which of a catalogue's entries a message describes without naming it.

Each entry (a glossary idea, an example field) has plain-words descriptions. A message
is compared with all of them by sentence vectors; the entry with the closest
description is the guess, when it comes close enough. The threshold of each use is
chosen on labelled training examples by a script in bench/.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np


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
