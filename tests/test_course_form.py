"""course_form's validation: what it asks for, and which answers it accepts."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.course_form import ValidateCourseForm
from tests.conftest import make_tracker


def required(tracker, domain) -> list[str]:
    return asyncio.run(
        ValidateCourseForm().required_slots(
            ["level", "topic"], CollectingDispatcher(), tracker, domain
        )
    )


def test_a_vague_request_asks_for_level_and_topic(domain):
    assert required(make_tracker("i want to learn deep learning", "ask_courses"), domain) == [
        "level",
        "topic",
    ]


@pytest.mark.parametrize(
    "entity, value",
    [
        ("level", "beginner"),
        ("topic", "python"),
        ("provider", "coursera"),
        ("price", "free"),
        ("length", "short"),
        ("coding", "no_code"),
        ("course", "deep_learning_crash_course"),
    ],
)
def test_a_request_naming_a_preference_asks_nothing(domain, entity, value):
    tracker = make_tracker("a course", "ask_courses", [{"entity": entity, "value": value}])
    assert required(tracker, domain) == []


def test_the_questions_continue_after_the_first_answer(domain):
    # The request named nothing; the answer "beginner" does not end the questions.
    tracker = make_tracker(
        "beginner",
        "inform",
        [{"entity": "level", "value": "beginner"}],
        slots={"level": "beginner"},
        earlier=[("i want to learn deep learning", "ask_courses")],
    )
    assert required(tracker, domain) == ["level", "topic"]


def test_a_request_outside_deep_learning_asks_nothing(domain):
    assert required(make_tracker("a course on pottery", "ask_courses"), domain) == []


@pytest.mark.parametrize("slot", ["level", "topic"])
def test_catalogue_values_and_no_preference_are_kept(domain, slot):
    form = ValidateCourseForm()
    validate = getattr(form, f"validate_{slot}")
    value = {"level": "beginner", "topic": "rnn"}[slot]
    for accepted in (value, "any"):
        dispatcher = CollectingDispatcher()
        assert validate(accepted, dispatcher, make_tracker("x", "inform"), domain) == {
            slot: accepted
        }
        assert dispatcher.messages == []


@pytest.mark.parametrize("slot", ["level", "topic"])
def test_unknown_values_are_refused_and_asked_again(domain, slot):
    dispatcher = CollectingDispatcher()
    validate = getattr(ValidateCourseForm(), f"validate_{slot}")
    assert validate("expert", dispatcher, make_tracker("expert", "inform"), domain) == {slot: None}
    assert dispatcher.messages[0]["text"].startswith(f"I only know courses by {slot}:")


def test_the_questions_offer_every_catalogue_value_and_no_preference(domain):
    from actions.course_form import ActionAskLevel, ActionAskTopic
    from tests.conftest import run_action

    messages, _ = run_action(ActionAskLevel(), make_tracker("a course", "ask_courses"), domain)
    assert messages[0]["text"] == "Happy to help you pick a course. What's your level?"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/inform{"level": "beginner"}',
        '/inform{"level": "intermediate"}',
        "/no_preference",
    ]
    messages, _ = run_action(ActionAskTopic(), make_tracker("beginner", "inform"), domain)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[0] == "Neural networks" and "RNNs and LSTMs" in titles
    assert len(titles) == 9


def test_slots_cleared_by_a_new_search_pass_silently(domain):
    dispatcher = CollectingDispatcher()
    result = ValidateCourseForm().validate_level(
        None, dispatcher, make_tracker("x", "ask_courses"), domain
    )
    assert result == {"level": None} and dispatcher.messages == []
