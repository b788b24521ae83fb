"""The thread of a conversation (actions/thread.py): its slot value, read and written."""

import pytest

from actions.thread import Thread, thread_event
from actions.turn import Turn
from tests.helpers import make_tracker


@pytest.mark.parametrize(
    "thread",
    [
        Thread(),
        Thread(part="ask_cnn"),
        Thread(part="ask_cnn", idea="pooling"),
        Thread(part="example:medicine", via="ask_what_is_dl", given=2),
        Thread(part="ask_hidden_layers", deeper=True),
    ],
)
def test_a_thread_survives_its_slot_value(thread):
    assert Thread.parse(str(thread) or None) == thread


def test_a_question_answered_by_a_response_leaves_its_intent_as_the_thread():
    # The slot's mappings in domain.yml set the intent's name, which is a whole thread.
    assert Thread.parse("ask_cnn") == Thread(part="ask_cnn")


@pytest.mark.parametrize(
    "value", [None, "", 7, ["ask_cnn"], "ask_cnn;colour=red", "ask_cnn;given=two", "ask_cnn;idea="]
)
def test_a_malformed_value_is_no_thread(value):
    assert Thread.parse(value) == Thread()


def test_the_tracker_holds_the_thread_and_an_event_moves_it():
    tracker = make_tracker("how many?", "ask_follow_up", slots={"thread": "ask_hidden_layers"})
    assert Turn.read(tracker).thread.part == "ask_hidden_layers"
    event = thread_event(Thread(part="ask_cnn", idea="pooling"))
    assert (event["name"], event["value"]) == ("thread", "ask_cnn;idea=pooling")
    assert thread_event(Thread())["value"] is None
