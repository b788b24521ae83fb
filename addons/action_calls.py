"""The action server's replies checked against Rasa's schema with a validator built
once, not rebuilt for every call.

Rasa's `RemoteAction` checks each reply of the action server with
`jsonschema.validate(reply, schema)`, which first checks the schema itself against the
JSON Schema meta-schema and then builds a new validator: 3.9 ms of every turn that
calls the action server, more than the action itself (bench/choices.md). The method
installed here checks the same reply against the same schema with a validator built on
first use, and raises the same error with the same message, so a malformed reply is
still refused. Installed when the model's policies load (addons/policies.py), in
`rasa run` and `rasa shell` alike.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa.core.actions.action import RemoteAction

_RASA_CHECK = RemoteAction._validate_action_result


@cache
def _validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """As Rasa's own check: True, or the best-matching ValidationError with Rasa's
    explanation added."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    return _RASA_CHECK(self, result)  # raises it, worded as Rasa words it


def check_replies_with_one_validator() -> None:
    """Makes every `RemoteAction` check replies with the validator built once."""
    RemoteAction._validate_action_result = _validate_action_result
