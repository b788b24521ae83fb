"""Short follow-ups continue what the conversation was about."""

import pytest

from actions.thread import Thread
from actions.what_about import ActionWhatAbout, what_about_target
from tests.helpers import make_tracker, run_action, slot_events


@pytest.mark.parametrize(
    "named, thread, target",
    [
        ({"example_field"}, "examples", "examples"),  # "what about cars?" after examples
        ({"example_field"}, "example:medicine", "examples"),
        ({"example_field"}, None, "examples"),
        ({"level"}, "courses", "courses"),  # "what about for beginners?"
        ({"level"}, "examples", "courses"),
        ({"example_field", "topic"}, "examples", "examples"),  # "chatbots" after examples
        ({"example_field", "topic"}, "courses", "courses"),  # "chatbots" after courses
        ({"example_field", "topic"}, "ask_cnn", "courses"),
        (set(), "courses", None),
    ],
)
def test_what_about_target(named, thread, target):
    assert what_about_target(named, Thread.parse(thread)) == target


def test_what_about_cars_after_the_examples_overview(domain):
    tracker = make_tracker(
        "what about cars?",
        "inform",
        [{"entity": "example_field", "value": "autonomous_vehicles"}],
        slots={"thread": "examples"},
        earlier=[("examples of deep learning", "ask_examples")],
    )
    messages, events = run_action(ActionWhatAbout(), tracker, domain)
    assert "stop sign" in messages[0]["text"]
    assert slot_events(events)["thread"] == "example:autonomous_vehicles"


def test_what_about_for_beginners_refines_the_last_search(domain):
    tracker = make_tracker(
        "what about for beginners?",
        "inform",
        [{"entity": "level", "value": "beginner"}],
        slots={
            "thread": "courses",
            "level": "beginner",
            "topic": "python",
            "shown_courses": ["machine_learning_with_python"],
        },
        earlier=[("courses with python", "ask_courses")],
    )
    messages, events = run_action(ActionWhatAbout(), tracker, domain)
    assert messages[0]["text"].startswith("Here is the one beginner course on Python")
    assert slot_events(events)["shown_courses"] == ["intro_to_deep_learning_with_python"]


def test_an_unclear_follow_up_asks_to_rephrase(domain):
    messages, events = run_action(ActionWhatAbout(), make_tracker("and?", "inform"), domain)
    assert messages[0]["response"] == "utter_default"
    assert slot_events(events) == {"offer": None}


def test_what_about_a_thing_no_catalogue_knows_in_a_section_s_thread(domain):
    tracker = make_tracker("what about video?", "inform", slots={"thread": "ask_cnn"})
    messages, _ = run_action(ActionWhatAbout(), tracker, domain)
    assert messages[0]["text"].startswith('The document doesn\'t go into "video"')


def test_what_about_a_thing_the_section_names_gets_the_fact_that_names_it(domain):
    tracker = make_tracker("what about images?", "inform", slots={"thread": "ask_what_is_dl"})
    messages, _ = run_action(ActionWhatAbout(), tracker, domain)
    assert "images" in messages[0]["text"]
    assert "doesn't go into" not in messages[0]["text"]
