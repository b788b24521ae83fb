"""The lookup-failure policy (addons/policies.py) on trackers built like Rasa's, and
the guarantee it rests on: every custom action leaves at least one event."""

import asyncio
import inspect

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from addons.policies import LookupFailurePolicy, failed_custom_action
from tests.helpers import ROOT, make_tracker

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
RESPONSE = "utter_lookup_unavailable"


@pytest.fixture(scope="module")
def policy(tmp_path_factory) -> LookupFailurePolicy:
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    config = {**LookupFailurePolicy.get_default_config(), "response": RESPONSE}
    context = ExecutionContext(GraphSchema({}), "test")
    return LookupFailurePolicy.create(config, storage, Resource("policy"), context)


def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "user", [ActionExecuted("action_listen"), *events], DOMAIN.slots
    )


def predicted(policy, tracker_):
    prediction = policy.predict_action_probabilities(tracker_, DOMAIN)
    if prediction.max_confidence == 0:
        return None, prediction
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index], prediction


def test_a_custom_action_without_events_gets_the_apology(policy):
    failed = tracker(UserUttered("show me examples"), ActionExecuted("action_show_examples"))
    name, prediction = predicted(policy, failed)
    assert name == RESPONSE
    assert prediction.max_confidence == 1.0
    assert prediction.is_no_user_prediction
    assert prediction.policy_priority > 6  # above RulePolicy's


def test_a_custom_action_that_answered_is_left_alone(policy):
    answered = tracker(
        UserUttered("show me examples"),
        ActionExecuted("action_show_examples"),
        BotUttered("Deep learning is used in ..."),
    )
    assert predicted(policy, answered)[0] is None


@pytest.mark.parametrize("action", ["utter_greet", "action_listen", "action_restart"])
def test_responses_and_rasas_own_actions_are_left_alone(policy, action):
    assert predicted(policy, tracker(UserUttered("hi"), ActionExecuted(action)))[0] is None


def test_the_failure_is_found_only_right_after_the_action():
    later = tracker(ActionExecuted("action_show_examples"), ActionExecuted(RESPONSE))
    assert failed_custom_action(later, DOMAIN) is None
    assert failed_custom_action(tracker(), DOMAIN) is None


CUSTOM_ACTIONS = [
    name for name in DOMAIN.user_actions if not name.startswith(("utter_", "validate_"))
]


def test_the_custom_actions_are_the_domains():
    executor = ActionExecutor()
    executor.register_package("actions")
    served = {name for name in executor.actions if not name.startswith("validate_")}
    assert "action_start_course_search" in CUSTOM_ACTIONS
    assert served == set(CUSTOM_ACTIONS)


@pytest.mark.parametrize("name", CUSTOM_ACTIONS)
def test_every_custom_action_leaves_an_event_even_with_nothing_to_go_on(name):
    """An action without events would look like a failed one to the policy."""
    executor = ActionExecutor()
    executor.register_package("actions")
    action = executor.actions[name]
    dispatcher = CollectingDispatcher()
    tracker_ = make_tracker("hmm", "ask_more")
    events = action(dispatcher, tracker_, DOMAIN.as_dict())
    if inspect.isawaitable(events):
        events = asyncio.run(events)
    assert dispatcher.messages or events, f"{name} left no event"
