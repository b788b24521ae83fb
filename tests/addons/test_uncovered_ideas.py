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


@pytest.fixture(scope="module")
def finding_detector() -> UncoveredIdeaDetector:
    """The detector with the detail finder the NLU trains (knowledge/details.py)."""
    from collections import defaultdict

    from knowledge.details import DetailFinder
    from knowledge.encoder import shared_encoder
    from knowledge.ideas import glossary
    from tests.helpers import training_examples

    ideas, parts = uncovered_ideas(), document()
    explained = defaultdict(list)
    for idea in glossary():
        if idea.answered_by:
            explained[idea.answered_by] += idea.aliases
    details = DetailFinder.build(parts, training_examples(), explained, shared_encoder().encode)
    config = UncoveredIdeaDetector.get_default_config()
    return UncoveredIdeaDetector(
        config,
        None,
        None,
        ideas,
        section_kinds(parts),
        mentioned_ideas(ideas, parts),
        details,
    )


def ranked(text: str, *ranking: tuple[str, float]) -> Message:
    found = Message(data={"text": text})
    name, confidence = ranking[0]
    found.set("intent", {"name": name, "confidence": confidence})
    found.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    return found


def test_an_off_topic_reading_of_a_message_naming_the_subject_becomes_its_detail(
    finding_detector,
):
    text = "depthwise separable conv"
    (parsed,) = finding_detector.process(
        [ranked(text, ("out_of_scope", 0.45), ("ask_cnn", 0.33), ("ask_more", 0.01))]
    )
    assert parsed.get("intent") == {"name": "ask_detail", "confidence": 0.5}
    names = [item["name"] for item in parsed.get("intent_ranking")]
    assert names == ["ask_detail", "ask_cnn", "out_of_scope", "ask_more"]
    assert parsed.get("detail") == '"depthwise separable conv"'


def test_an_unsure_reading_of_a_message_naming_the_subject_becomes_its_detail(
    finding_detector,
):
    text = "deep learning in agriculture"
    (parsed,) = finding_detector.process(
        [ranked(text, ("ask_examples", 0.3), ("ask_what_is_dl", 0.2))]
    )
    assert parsed.get("intent")["name"] == "ask_detail"
    assert parsed.get("detail") == '"agriculture"'


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather in paris",  # names nothing of the subject
        "how much data does a 4k film use?",
    ],
)
def test_an_off_topic_message_that_names_no_subject_stays_off_topic(finding_detector, text):
    (parsed,) = finding_detector.process([ranked(text, ("out_of_scope", 0.6), ("ask_cnn", 0.2))])
    assert parsed.get("intent")["name"] == "out_of_scope"
    assert parsed.get("detail") is None
