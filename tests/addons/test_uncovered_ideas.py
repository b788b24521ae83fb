"""The NLU component that turns a question about a detail into one (addons/uncovered_ideas.py),
on the shipped glossary and parts."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from addons.uncovered_ideas import (
    UncoveredIdeaDetector,
    mentioned_ideas,
    section_kinds,
    uncovered_ideas,
)
from knowledge.document import document


@pytest.fixture(scope="module")
def detector() -> UncoveredIdeaDetector:
    ideas, parts = uncovered_ideas(), document()
    config = UncoveredIdeaDetector.get_default_config()
    return UncoveredIdeaDetector(
        config, None, None, ideas, section_kinds(parts), mentioned_ideas(ideas, parts)
    )


@pytest.mark.parametrize(
    ("text", "intent", "detail"),
    [
        ("how does max pooling work in a cnn", "ask_cnn", True),  # an idea no answer explains
        ("what is dropout in hidden layers", "ask_hidden_layers", True),
        ("when will agi arrive", "ask_agi", True),  # a kind of question the part can't answer
        ("who is building the library of subroutines", "ask_reusable_subroutines", True),
        ("what is a cnn", "ask_cnn", False),
        ("why is it called deep learning", "ask_hidden_layers", False),  # its answer says why
        ("how many hidden layers can a deep net have", "ask_hidden_layers", False),
        ("how is alphago an example of symbolic ai", "ask_symbolic_geometric", False),  # mentioned
        ("why is deep learning important", "ask_why_dl_matters", False),
    ],
)
def test_a_detail_is_told_from_a_question_the_part_answers(detector, text, intent, detail):
    assert detector.asks_a_detail(text, intent) == detail


def message(text: str, intent: str) -> Message:
    found = Message(data={"text": text})
    found.set("intent", {"name": intent, "confidence": 0.8})
    found.set("intent_ranking", [{"name": intent, "confidence": 0.8}])
    return found


def test_a_detail_becomes_ask_detail_with_its_part_kept_in_the_ranking(detector):
    (parsed,) = detector.process([message("how does max pooling work in a cnn", "ask_cnn")])
    assert parsed.get("intent") == {"name": "ask_detail", "confidence": 0.8}
    assert [item["name"] for item in parsed.get("intent_ranking")] == ["ask_detail", "ask_cnn"]


def test_other_intents_are_left_alone(detector):
    for text, intent in [("what is a cnn", "ask_cnn"), ("what is dropout", "ask_dl_term")]:
        (parsed,) = detector.process([message(text, intent)])
        assert parsed.get("intent")["name"] == intent
