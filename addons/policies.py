"""A policy that apologises when a custom action could not run.

When the action server is down or fails, Rasa logs the error, drops the action's
events and carries on: the user would hear nothing. Every custom action of this
assistant leaves at least one event (a message or a slot), so a custom action followed
by no event at all is one that failed (tests/test_policies.py checks the actions).
This policy then predicts a reply that says so; the conversation goes on normally
once the action server is back.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from addons.action_calls import check_replies_with_one_validator

DEFAULT_RESPONSE = "utter_lookup_unavailable"
# Above RulePolicy's 6, so the apology wins over the rule that would wait for the user.
DEFAULT_PRIORITY = 7


def failed_custom_action(tracker: DialogueStateTracker, domain: Domain) -> str | None:
    """The custom action (or form) that just ran without producing any event, if any."""
    if not tracker.events:
        return None
    last = tracker.events[-1]
    if not isinstance(last, ActionExecuted) or not last.action_name:
        return None
    name = last.action_name
    custom = name in domain.user_actions_and_forms and not name.startswith("utter_")
    return name if custom else None


class UntrainedPolicy(Policy):
    """A policy that learns nothing from the stories: its config says what it does."""

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LookupFailurePolicy(UntrainedPolicy):
    """Predicts `response` right after a custom action that failed, and nothing else."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": DEFAULT_PRIORITY, "response": DEFAULT_RESPONSE}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        # The policy that watches custom actions loads with every model: the action
        # server's replies are checked from here on with a validator built once.
        check_replies_with_one_validator()
        self.response = config["response"]

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if failed_custom_action(tracker, domain):
            probabilities[domain.index_for_action(self.response)] = 1.0
            # A failure does not depend on what the user said: this prediction must
            # not lose to a rule about the user's message.
            return self._prediction(probabilities, is_no_user_prediction=True)
        return self._prediction(probabilities)


# After these the lesson needs no reminder: the lesson's own replies, the quiz, a new
# session and the apology for a failed action.
NO_REMINDER_AFTER = (
    "action_listen",
    "action_session_start",
    "action_restart",
    "action_lesson",
    "action_stop",
    "action_start_quiz",
    "action_quiz_score",
    "quiz_form",
    DEFAULT_RESPONSE,
)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LessonReminderPolicy(UntrainedPolicy):
    """In the middle of the guided lesson, after the answer to a question asked aside:
    `reminder` (where the lesson was, and a way back), then listen.

    The lesson's step is in the `step_slot` slot: positive while a lesson is under way
    (actions/lesson.py). Every rule of this assistant answers a message with one
    action (or starts the quiz, whose actions are left alone), so the first action after
    the user's message is the whole answer; the reminder follows it, once."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "priority": DEFAULT_PRIORITY,
            "reminder": "action_lesson_reminder",
            "step_slot": "lesson_step",
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        self.reminder = config["reminder"]
        self.step_slot = config["step_slot"]

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> str | None:
        """The reminder right after the answer, listening right after the reminder."""
        if tracker.active_loop_name or failed_custom_action(tracker, domain):
            return None  # the quiz goes on; or the apology comes first (above)
        # The last two actions, read from the end.
        actions = []
        for event in reversed(tracker.events):
            if isinstance(event, ActionExecuted):
                actions.insert(0, event.action_name)
                if len(actions) == 2:
                    break
        if not actions or actions[-1] == "action_listen":
            return None
        if actions[-1] == self.reminder:
            return "action_listen"
        step = tracker.get_slot(self.step_slot)
        if not isinstance(step, (int, float)) or step <= 0 or actions[-1] in NO_REMINDER_AFTER:
            return None
        # Only the first action after the user's message, the answer, is followed by it;
        # not one that moved the lesson ("yes" to [Next]).
        first_after_message = len(actions) > 1 and actions[-2] == "action_listen"
        return self.reminder if first_after_message and not self.moved(tracker) else None

    def moved(self, tracker: DialogueStateTracker) -> bool:
        """Whether the step was set since the user's message."""
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                return False
            if isinstance(event, SlotSet) and event.key == self.step_slot:
                return True
        return False

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker, domain)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # What follows an answer does not depend on the user's message: like RulePolicy's
        # "listen" there, which this prediction must win against (by its priority).
        return self._prediction(probabilities, is_no_user_prediction=True)
