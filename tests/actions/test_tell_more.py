""" "Tell me more" (actions/tell_more.py) after each part of the document: one step deeper,
then on to the part it leads to; never the paragraph just given, never a course list
unless the thread is on the courses."""

import pytest

from actions.examples import ActionShowExamples
from actions.tell_more import ActionTellMore
from actions.thread import Thread
from knowledge.document import document
from tests.helpers import make_tracker, run_action, slot_events

PARTS = [key for key in document().parts if key != "courses"]


def more(thread: Thread, domain):
    tracker = make_tracker("tell me more", "ask_more", slots={"thread": str(thread)})
    return run_action(ActionTellMore(), tracker, domain)


@pytest.mark.parametrize("key", PARTS)
def test_more_after_an_answer_goes_one_step_deeper(key, domain):
    part = document().parts[key]
    messages, events = more(Thread(part=key), domain)
    assert messages[0]["text"] == part.more
    assert "courses" not in messages[0]["text"].lower() or key.startswith("example")
    assert Thread.parse(slot_events(events)["thread"]) == Thread(part=key, deeper=True)


@pytest.mark.parametrize("key", PARTS)
def test_more_again_moves_on_to_the_part_it_leads_to(key, domain):
    part = document().parts[key]
    messages, events = more(Thread(part=key, deeper=True), domain)
    assert messages[0]["text"] not in (part.more, "")
    assert Thread.parse(slot_events(events)["thread"]) == Thread(part=part.then)


def test_more_after_a_list_of_courses_is_the_next_courses(domain):
    tracker = make_tracker(
        "show me more",
        "ask_more",
        slots={"thread": "courses", "shown_courses": ["basics_of_deep_learning"]},
    )
    messages, events = run_action(ActionTellMore(), tracker, domain)
    assert messages[0]["text"].startswith("More courses")
    assert "basics_of_deep_learning" not in slot_events(events)["shown_courses"][1:]


def test_more_about_it_after_a_course_answer_is_that_courses_details(domain):
    tracker = make_tracker(
        "tell me more about it",
        "ask_more",
        slots={
            "thread": "courses",
            "shown_courses": ["neural_networks_and_deep_learning"],
            "course": "tensorflow_recurrent_networks",
        },
    )
    messages, events = run_action(ActionTellMore(), tracker, domain)
    assert messages[0]["text"].startswith("Tensorflow 2.0")
    assert slot_events(events)["course"] == "tensorflow_recurrent_networks"


def test_more_with_nothing_said_yet_asks_what_it_refers_to(domain):
    messages, _ = run_action(ActionTellMore(), make_tracker("go on", "ask_more"), domain)
    assert messages[0]["response"] == "utter_thread_unknown"


def example(thread: Thread, domain):
    tracker = make_tracker("give me an example", "ask_for_example", slots={"thread": str(thread)})
    return run_action(ActionShowExamples(), tracker, domain)


def test_an_example_of_a_cnn_is_one_of_its_examples_at_work_in_turn(domain):
    seen = []
    thread = Thread(part="ask_cnn")
    for _ in range(3):
        messages, events = example(thread, domain)
        thread = Thread.parse(slot_events(events)["thread"])
        seen.append(thread.part)
    assert seen == [
        "example:image_colorization",
        "example:facial_recognition",
        "example:autonomous_vehicles",
    ]
    messages, _ = example(thread, domain)
    assert messages[0]["response"] == "utter_thread_examples_done"


def test_an_example_of_hidden_layers_is_a_cnn_first(domain):
    messages, events = example(Thread(part="ask_hidden_layers"), domain)
    assert messages[0]["text"].startswith("For example: A convolutional neural network")
    assert Thread.parse(slot_events(events)["thread"]).given == 1


def test_an_example_with_no_thread_is_one_of_the_eight(domain):
    messages, events = example(Thread(), domain)
    assert messages[0]["text"].startswith("An example of that at work")
    assert Thread.parse(slot_events(events)["thread"]).via == "examples"


def test_such_as_after_one_field_gives_its_specifics_then_moves_on(domain):
    """ "Such as?" after the medicine example: what the document names there, then
    never the same example again."""
    messages, events = example(Thread(part="example:medicine"), domain)
    assert messages[0]["response"] == "utter_thread_instance"
    assert "tumours" in messages[0]["text"] and "genome" in messages[0]["text"]
    thread = Thread.parse(slot_events(events)["thread"])
    messages, _ = example(thread, domain)
    assert messages[0]["response"] == "utter_thread_examples_done"
