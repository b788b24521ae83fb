"""The training data: enough varied examples, entity values the actions know, and no
test question leaked into training."""

import pytest
import yaml

from scripts.generate_vocabulary import vocabulary
from tests.helpers import ANNOTATION, ROOT, examples_of, nlu_blocks, plain, training_examples


def test_every_intent_has_at_least_twelve_distinct_examples(domain):
    by_intent = training_examples()
    for intent in domain["intents"]:
        distinct = {plain(example) for example in by_intent[intent]}
        assert len(distinct) >= 12, f"{intent} has {len(distinct)} examples"


def test_no_example_is_given_to_two_intents():
    owner = {}
    for intent, examples in training_examples().items():
        for example in examples:
            assert owner.setdefault(plain(example), intent) == intent, example


def test_entity_values_are_ones_the_actions_know():
    known = {entity: set(values) for entity, values in vocabulary().items()}
    synonyms = {
        example.lower(): block["synonym"]
        for block in nlu_blocks()
        if "synonym" in block
        for example in examples_of(block)
    }
    for block in nlu_blocks():
        for example in examples_of(block) if "intent" in block else []:
            for surface, annotation in ANNOTATION.findall(example):
                if annotation.startswith("{"):
                    entity = yaml.safe_load(annotation)
                    name, value = entity["entity"], entity.get("value", surface)
                else:
                    name, value = annotation[1:-1], surface
                value = synonyms.get(value.lower(), value)
                assert value in known[name], f"{example}: {name}={value} is unknown to the actions"
    for surface, value in synonyms.items():
        assert any(value in values for values in known.values()), f"synonym {surface} -> {value}"


def messages_sent_by_tests():
    """Every user message the tests send, by file."""
    e2e = yaml.safe_load((ROOT / "tests" / "e2e" / "questions.yml").read_text())["questions"]
    stories = yaml.safe_load((ROOT / "tests" / "test_stories.yml").read_text())["stories"]
    holdout = yaml.safe_load((ROOT / "bench" / "holdout.yml").read_text())["messages"]
    threads = yaml.safe_load((ROOT / "bench" / "threads.yml").read_text())
    return {
        # The turn judged; the turns before it set up the thread and may be anything.
        "bench/threads.yml": [case["turns"][-1] for case in threads["conversations"]]
        + [item["text"] for kind in ("details", "basics") for item in threads[kind]],
        "bench/holdout.yml": [message["text"] for message in holdout],
        "tests/e2e/questions.yml": [question["text"] for question in e2e],
        "tests/test_stories.yml": [
            step["user"] for story in stories for step in story["steps"] if "user" in step
        ],
    }


@pytest.mark.parametrize("name, texts", messages_sent_by_tests().items())
def test_test_questions_never_appear_in_training_data(name, texts):
    trained = {plain(example) for examples in training_examples().values() for example in examples}
    leaked = [text for text in texts if plain(text) in trained and not text.startswith("/")]
    assert not leaked, f"{name} has messages that are in data/: {leaked}"


def tuned_on() -> set[str]:
    """Texts the assistant is tuned on besides data/: the ways of asking for each fact
    (knowledge/data/parts.yml and examples.yml) and the labelled follow-ups that set its
    thresholds (bench/described_facts.yml)."""
    from knowledge.document import document

    parts = document()
    asks = [ask for part in parts.parts.values() for f in part.facts for ask in f.asks]
    described = yaml.safe_load((ROOT / "bench" / "described_facts.yml").read_text())["examples"]
    return {plain(text) for text in asks + list(parts.source_asks) + [d["text"] for d in described]}


def test_held_out_conversations_are_not_what_the_facts_were_tuned_on():
    held_out = messages_sent_by_tests()["bench/threads.yml"]
    leaked = [text for text in held_out if plain(text) in tuned_on()]
    assert not leaked, f"bench/threads.yml has messages the facts were tuned on: {leaked}"


def test_every_intent_is_answered_by_a_rule(domain):
    rules = [
        rule
        for path in (ROOT / "data" / "rules").glob("*.yml")
        for rule in yaml.safe_load(path.read_text())["rules"]
    ]
    answered = {rule["steps"][0]["intent"] for rule in rules if "intent" in rule["steps"][0]}
    assert set(domain["intents"]) <= answered
