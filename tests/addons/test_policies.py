"""The policies of addons/policies.py on trackers built like Rasa's: the apology for a
failed custom action, and the guarantee it rests on (every custom action leaves at
least one event); the reminder of the lesson after an answer in its middle."""

import asyncio
import inspect

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from addons.policies import LessonReminderPolicy, LookupFailurePolicy, failed_custom_action
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


@pytest.fixture(scope="module")
def reminder_policy(tmp_path_factory) -> LessonReminderPolicy:
    storage = LocalModelStorage(tmp_path_factory.mktemp("reminder"))
    config = LessonReminderPolicy.get_default_config()
    context = ExecutionContext(GraphSchema({}), "test")
    return LessonReminderPolicy.create(config, storage, Resource("reminder"), context)


def in_lesson(step: float | None, *events) -> DialogueStateTracker:
    return tracker(SlotSet("lesson_step", step), *events)


def test_an_answer_in_the_middle_of_a_lesson_is_followed_by_the_reminder(reminder_policy):
    answered = in_lesson(
        3, UserUttered("what is a cnn?"), ActionExecuted("utter_ask_cnn"), BotUttered("A CNN ...")
    )
    name, prediction = predicted(reminder_policy, answered)
    assert name == "action_lesson_reminder"
    assert prediction.is_no_user_prediction and prediction.policy_priority > 6
    reminded = in_lesson(
        3,
        UserUttered("what is a cnn?"),
        ActionExecuted("utter_ask_cnn"),
        BotUttered("A CNN ..."),
        ActionExecuted("action_lesson_reminder"),
        BotUttered("We were at step 3 ..."),
    )
    assert predicted(reminder_policy, reminded)[0] == "action_listen"


@pytest.mark.parametrize(
    ("step", "action"),
    [
        (None, "utter_ask_cnn"),  # no lesson
        (-3, "utter_ask_cnn"),  # a stopped lesson
        (3, "action_lesson"),  # the lesson's own step
        (3, "action_listen"),
        (3, RESPONSE),  # the apology after a failed action
    ],
)
def test_no_reminder_outside_a_lesson_or_after_its_own_replies(reminder_policy, step, action):
    later = in_lesson(step, UserUttered("..."), ActionExecuted(action), BotUttered("..."))
    assert predicted(reminder_policy, later)[0] is None


def test_no_reminder_after_a_yes_that_moved_the_lesson(reminder_policy):
    moved = in_lesson(
        2,
        UserUttered("yes"),
        ActionExecuted("action_accept_offer"),
        BotUttered("Step 3 of 8 ..."),
        SlotSet("lesson_step", 3),
    )
    assert predicted(reminder_policy, moved)[0] is None


def test_no_reminder_while_the_quiz_runs_or_a_custom_action_failed(reminder_policy):
    quizzing = in_lesson(
        3, ActiveLoop("quiz_form"), UserUttered("b"), ActionExecuted("quiz_form"), BotUttered(".")
    )
    assert predicted(reminder_policy, quizzing)[0] is None
    failed = in_lesson(3, UserUttered("examples"), ActionExecuted("action_show_examples"))
    assert predicted(reminder_policy, failed)[0] is None
