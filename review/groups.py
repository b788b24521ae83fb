"""Grouping messages by meaning, with the sentence vectors the NLU computes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from review.turns import DECLINE, DID_YOU_MEAN, Turn

# Messages whose sentence vectors are closer than this (cosine distance, average
# linkage) fall in one group.
MAX_DISTANCE = 0.4


@dataclass
class Group:
    """Messages that mean much the same, the most frequent first."""

    turns: list[Turn]
    examples: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.turns)

    @property
    def leaned_to(self) -> str:
        """The intent the classifier took these messages for most often."""
        intents = Counter(turn.intent or "none" for turn in self.turns)
        return intents.most_common(1)[0][0]

    @property
    def kinds(self) -> Counter:
        return Counter(turn.kind for turn in self.turns)

    @property
    def clicked(self) -> Counter:
        """For the "did you mean" replies: the buttons clicked, or "typed on"."""
        return Counter(
            turn.clicked or "typed on" for turn in self.turns if turn.kind == DID_YOU_MEAN
        )


def unanswered(turns: list[Turn], threshold: float) -> list[Turn]:
    """The messages that got a decline or a "did you mean", or that the classifier was
    less sure of than its fallback threshold; button clicks left out."""
    return [
        turn
        for turn in turns
        if not turn.text.startswith("/")
        and (turn.kind in (DECLINE, DID_YOU_MEAN) or turn.confidence < threshold)
    ]


def group_by_meaning(
    turns: list[Turn], encode: Callable[[list[str]], np.ndarray], examples: int = 3
) -> list[Group]:
    """The turns grouped by the meaning of their text, largest group first."""
    if not turns:
        return []
    texts = sorted({turn.text for turn in turns})
    labels = [0] * len(texts)
    if len(texts) > 1:
        from sklearn.cluster import AgglomerativeClustering

        clustering = AgglomerativeClustering(
            n_clusters=None, distance_threshold=MAX_DISTANCE, affinity="cosine", linkage="average"
        )
        labels = clustering.fit_predict(encode(texts)).tolist()
    label_of = dict(zip(texts, labels, strict=True))
    by_label: dict[int, list[Turn]] = {}
    for turn in sorted(turns, key=lambda t: (t.time, t.text)):
        by_label.setdefault(label_of[turn.text], []).append(turn)
    groups = []
    for members in by_label.values():
        common = Counter(turn.text for turn in members).most_common()
        groups.append(Group(members, [text for text, _ in common[:examples]]))
    return sorted(groups, key=lambda group: (-group.size, group.examples[0]))
