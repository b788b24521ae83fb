"""The training data: enough varied examples, entity values the actions know, and no
test question leaked into training."""

import pytest
import yaml

from actions.vocabulary import vocabulary
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
    return {
        "bench/holdout.yml": [message["text"] for message in holdout],
        "tests/e2e/questions.yml": [question["text"] for question in e2e],
        "tests/test_stories.yml": [
            step["user"] for story in stories for step in story["steps"] if "user" in step
        ],
    }


@pytest.mark.parametrize("name, texts", messages_sent_by_tests().items())
def test_test_questions_never_appear_in_training_data(name, texts):
    trained = {plain(example) for examples in training_examples().values() for example in examples}
    leaked = [text for text in texts if plain(text) in trained]
    assert not leaked, f"{name} has messages that are in data/: {leaked}"


def test_every_intent_is_answered_by_a_rule(domain):
    rules = [
        rule
        for path in (ROOT / "data" / "rules").glob("*.yml")
        for rule in yaml.safe_load(path.read_text())["rules"]
    ]
    answered = {rule["steps"][0]["intent"] for rule in rules if "intent" in rule["steps"][0]}
    assert set(domain["intents"]) <= answered


def first_intents(path, during_form: bool) -> set[str]:
    """The intents that open the rules of `path`, outside or during the course form."""
    rules = yaml.safe_load(path.read_text())["rules"]
    found = set()
    for rule in rules:
        condition = rule.get("condition") or []
        in_form = {"active_loop": "course_form"} in condition
        first = rule["steps"][0]
        if "intent" in first and in_form == during_form:
            found.add(first["intent"])
    return found


# Answers to the form's own questions: the form takes them as slot values.
FORM_ANSWERS = {"inform", "no_preference"}


def test_every_answer_also_interrupts_a_course_search():
    """A question answered outside the course form must also be answered (and the
    search dropped) during it; a new intent without that rule would be stuck."""
    answered = first_intents(ROOT / "data" / "rules" / "answers.yml", during_form=False)
    interrupting = first_intents(ROOT / "data" / "rules" / "course_search.yml", during_form=True)
    missing = answered - FORM_ANSWERS - interrupting
    assert answered and not missing, f"no rule answers {sorted(missing)} during a course search"
