"""The intent classifier's model (addons/intent_classifier.py): its scores, computed
block by block, are those of its whole feature matrix."""

import numpy as np
import pytest

from addons.intent_classifier import IntentModel

TEXTS = [
    "what is deep learning",
    "how many hidden layers does a deep network have",
    "recommend a beginner course on coursera",
    "hello there",
    "is the udemy course free",
    "what is a cnn good for",
]
LABELS = ["ask", "ask", "courses", "greet", "courses", "ask"]
LOOKUPS = {"provider": ["coursera", "udemy"], "level": ["beginner"], "empty": []}


@pytest.fixture(scope="module")
def model() -> IntentModel:
    return IntentModel.fit(TEXTS, LABELS, LOOKUPS, c=10.0, seed=0)


@pytest.mark.parametrize(
    "texts",
    [
        ["what is deep learning"],
        ["a coursera course for a beginner?", "hello", "?"],
        ["überhaupt nichts bekanntes", "cnn cnn cnn layers layers"],
    ],
)
def test_scores_block_by_block_are_those_of_the_whole_matrix(model, texts):
    whole = np.asarray(model.features(texts) @ model.coef.T + model.intercept)
    assert np.allclose(model.scores(texts), whole, atol=1e-9)


def test_probabilities_sum_to_one_and_follow_the_training(model):
    probabilities = model.probabilities(["recommend a course on udemy"])
    assert np.isclose(probabilities.sum(), 1.0)
    assert model.intents[int(np.argmax(probabilities))] == "courses"
