"""Guessing which catalogue entry a message describes without naming it."""

import numpy as np
import pytest

from knowledge.descriptions import ClosestDescription


def fake_encoder(vectors: dict[str, list[float]]):
    def encode(texts):
        rows = np.array([vectors[text] for text in texts], dtype=float)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    return encode


def test_a_guess_needs_a_description_close_enough():
    encode = fake_encoder(
        {
            "switch off neurons": [1, 0, 0],
            "shrink the image": [0, 1, 0],
            "turn some units off at random": [0.9, 0.1, 0],
            "what is the weather": [0, 0, 1],
            "half and half": [0.5, 0.5, 0.1],
        }
    )
    described = {"dropout": ["switch off neurons"], "pooling": ["shrink the image"]}
    guesser = ClosestDescription(described, encode, min_similarity=0.8)
    assert guesser.guess("turn some units off at random") == "dropout"
    assert guesser.guess("what is the weather") is None
    assert guesser.guess("half and half") is None  # 0.7 to both: not close enough


def test_the_scores_rank_each_key_by_its_closest_description():
    encode = fake_encoder({"a": [1, 0], "b": [0, 1], "c": [0.6, 0.8], "q": [0.8, 0.6]})
    guesser = ClosestDescription({"x": ["a", "b"], "y": ["c"]}, encode, min_similarity=0.5)
    ranked = guesser.scores("q")
    assert [key for key, _ in ranked] == ["y", "x"]
    assert ranked[0][1] == pytest.approx(0.96)
    assert ranked[1][1] == pytest.approx(0.8)
