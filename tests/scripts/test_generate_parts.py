"""What follows from the document's parts (scripts/generate_parts.py): domain.yml's
generated blocks and the two rule files are current, a new part needs nothing but its
entry (and its training examples), and the hand-written rest of domain.yml is kept."""

import pytest
import yaml

from knowledge.document import PARTS_FILE, load_document
from scripts.generate_parts import ASKED_AGAIN, DOMAIN, PART_RULES, generated, stale
from tests.helpers import edited_copy

NEW_PART = {
    "question": "What is transfer learning?",
    "section": "How it works",
    "answer": "Transfer learning reuses a trained network for a new task.",
    "offer": {"ask": "Want to see how CNNs learn features?", "gives": "ask_cnn"},
    "buttons": [
        "ask_cnn",
        {"title": "A course", "intent": "ask_courses", "entities": {"topic": "python"}},
    ],
    "label": "transfer learning",
    "source": "mathworks",
    "gist": "a trained network can be reused for a new task.",
    "more": "That is all there is. Want to hear about CNNs?",
    "then": "ask_cnn",
    "not_said": {"other": "more about transfer learning"},
}


def test_the_generated_files_are_current():
    assert stale() == [], "run `make train` (or python -m scripts.generate_parts)"


@pytest.fixture
def with_new_part(tmp_path) -> dict:
    """What the generator writes once parts.yml has one more part."""
    parts = edited_copy(PARTS_FILE, tmp_path, lambda c: c["parts"].update(ask_transfer=NEW_PART))
    return {path: text for path, text in generated(load_document(parts)).items()}


def test_a_new_part_is_its_entry_alone(with_new_part):
    """The entry gives the intent, its answer with the offer and buttons, the thread
    mapping, its rule and its asked-again rule."""
    domain = yaml.safe_load(with_new_part[DOMAIN])
    assert "ask_transfer" in domain["intents"]
    mappings = domain["slots"]["thread"]["mappings"]
    assert {"type": "from_intent", "intent": "ask_transfer", "value": "ask_transfer"} in mappings
    response = domain["responses"]["utter_ask_transfer"][0]
    assert response["text"] == (
        "Transfer learning reuses a trained network for a new task. "
        "Want to see how CNNs learn features?"
    )
    assert response["buttons"] == [
        {"title": "What is a CNN?", "payload": "/ask_cnn"},
        {"title": "A course", "payload": '/ask_courses{{"topic": "python"}}'},
    ]
    rules = yaml.safe_load(with_new_part[PART_RULES])["rules"]
    assert {
        "rule": "answer ask_transfer",
        "steps": [{"intent": "ask_transfer"}, {"action": "utter_ask_transfer"}],
    } in rules
    again = yaml.safe_load(with_new_part[ASKED_AGAIN])["rules"]
    assert [
        {"action": "utter_ask_transfer"},
        {"intent": "ask_transfer"},
        {"action": "action_answer_in_thread"},
    ] in [rule["steps"] for rule in again]


def test_the_rest_of_the_domain_is_left_as_written(with_new_part):
    before = yaml.safe_load(DOMAIN.read_text())
    after = yaml.safe_load(with_new_part[DOMAIN])
    assert set(after["responses"]) - set(before["responses"]) == {"utter_ask_transfer"}
    for name, variants in before["responses"].items():
        assert after["responses"][name] == variants, name
    assert set(after["intents"]) - set(before["intents"]) == {"ask_transfer"}
    assert after["slots"].keys() == before["slots"].keys()
    assert after["actions"] == before["actions"]


def test_a_domain_without_its_generated_blocks_is_refused():
    text = DOMAIN.read_text().replace("# BEGIN GENERATED thread", "# thread")
    with pytest.raises(SystemExit, match="thread"):
        generated(domain_text=text)


def test_a_hand_edit_outside_the_blocks_survives():
    text = DOMAIN.read_text().replace("Goodbye, and good luck", "Bye, and good luck")
    assert "Bye, and good luck" in generated(domain_text=text)[DOMAIN]
