"""The action server's replies are checked with a validator built once
(addons/action_calls.py), and still refused when malformed."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from addons.action_calls import check_replies_with_one_validator

GOOD = {
    "events": [{"event": "slot", "name": "thread", "value": "ask_cnn", "timestamp": None}],
    "responses": [{"response": "utter_thread_fact", "fact": "It learns its features."}],
}


@pytest.fixture
def action(monkeypatch):
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    check_replies_with_one_validator()
    return RemoteAction("action_answer_in_thread", None)


def test_a_well_formed_reply_passes(action):
    assert action._validate_action_result(GOOD) is True


@pytest.mark.parametrize(
    "reply",
    [
        {"events": [{"event": "no_such_event"}], "responses": []},
        {"events": "not a list"},
        {"events": [], "responses": ["not an object"]},
    ],
)
def test_a_malformed_reply_is_refused_as_rasa_refuses_it(action, reply):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(reply)
