"""course_form's validation: what it asks for, and which answers it accepts."""

import asyncio

import pytest
from rasa.core.nlg.interpolator import interpolate
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import button
from actions.catalogue import course_catalogue
from actions.course_form import ValidateCourseForm
from tests.helpers import make_tracker, rendered


def required(tracker, domain) -> list[str]:
    return asyncio.run(
        ValidateCourseForm().required_slots(["level"], CollectingDispatcher(), tracker, domain)
    )


def test_a_vague_request_asks_for_the_level_only(domain):
    assert required(make_tracker("i want to learn deep learning", "ask_courses"), domain) == [
        "level"
    ]


@pytest.mark.parametrize(
    "slot, value",
    [
        ("level", "beginner"),
        ("level", "any"),
        ("topic", "python"),
        ("provider", "coursera"),
        ("price", "free"),
        ("length", "short"),
        ("coding", "no_code"),
    ],
)
def test_one_known_preference_is_enough(domain, slot, value):
    tracker = make_tracker(
        "a course", "ask_courses", [{"entity": slot, "value": value}], slots={slot: value}
    )
    assert required(tracker, domain) == []


def test_an_answer_to_the_level_question_ends_the_questions(domain):
    # The request named nothing; a topic instead of the level is enough too.
    for slot, value in (("level", "beginner"), ("topic", "chatbots")):
        tracker = make_tracker(
            value,
            "inform",
            [{"entity": slot, "value": value}],
            slots={slot: value},
            earlier=[("i want to learn deep learning", "ask_courses")],
            active_loop="course_form",
        )
        assert required(tracker, domain) == [], slot


def test_a_value_the_catalogue_does_not_know_is_no_preference(domain):
    tracker = make_tracker(
        "/inform", "inform", [{"entity": "level", "value": "expert"}], slots={"level": "expert"}
    )
    assert required(tracker, domain) == ["level"]


def test_a_named_course_asks_nothing(domain):
    course = "deep_learning_crash_course"
    tracker = make_tracker(
        "the crash course", "ask_courses", [{"entity": "course", "value": course}]
    )
    assert required(tracker, domain) == []


def test_a_request_outside_deep_learning_asks_nothing(domain):
    assert required(make_tracker("a course on pottery", "ask_courses"), domain) == []


def test_catalogue_values_and_no_preference_are_kept(domain):
    for accepted in ("beginner", "any"):
        dispatcher = CollectingDispatcher()
        result = ValidateCourseForm().validate_level(
            accepted, dispatcher, make_tracker("x", "inform"), domain
        )
        assert result == {"level": accepted}
        assert dispatcher.messages == []


def test_unknown_values_are_refused_and_asked_again(domain):
    dispatcher = CollectingDispatcher()
    result = ValidateCourseForm().validate_level(
        "expert", dispatcher, make_tracker("expert", "inform"), domain
    )
    assert result == {"level": None}
    text = rendered(dispatcher.messages[0], domain)
    assert text.startswith("I only know courses by level: beginner, intermediate.")


def test_the_question_offers_every_level_every_topic_and_no_preference(domain):
    """The question is a response in domain.yml: its buttons are the catalogue's levels
    and topics, in order, each sending its value as the answer, then no preference."""
    catalogue = course_catalogue()
    expected = [
        button(term.label[0].upper() + term.label[1:], "inform", **{preference: key})
        for preference in ("level", "topic")
        for key, term in catalogue.terms(preference).items()
    ] + [button("No preference", "no_preference")]
    (question,) = domain["responses"]["utter_ask_level"]
    assert question["text"].startswith("Happy to help you pick a course. What's your level,")
    sent = [{**b, "payload": interpolate(b["payload"], {})} for b in question["buttons"]]
    assert sent == expected
    assert len(expected) == 2 + 8 + 1


def test_slots_cleared_by_a_new_search_pass_silently(domain):
    dispatcher = CollectingDispatcher()
    result = ValidateCourseForm().validate_level(
        None, dispatcher, make_tracker("x", "ask_courses"), domain
    )
    assert result == {"level": None} and dispatcher.messages == []


def test_the_form_runs_without_the_domain_being_sent():
    """Rasa sends no domain to the actions (domain.yml, enable_selective_domain)."""
    form, dispatcher = ValidateCourseForm(), CollectingDispatcher()
    vague = make_tracker("I want to learn deep learning", "ask_courses", active_loop="course_form")
    slots = asyncio.run(form.required_slots(form.domain_slots({}), dispatcher, vague, {}))
    assert slots == ["level"]
    answered = make_tracker(
        "beginner", "inform", slots={"level": "beginner"}, active_loop="course_form"
    )
    events = asyncio.run(form.run(dispatcher, answered, {}))
    assert {"event": "slot", "name": "requested_slot", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
