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
from rasa.shared.core.events import ActionExecuted
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


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LookupFailurePolicy(Policy):
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

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

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
