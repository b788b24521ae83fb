"""Validates course_form, which asks a vague course request for the user's level (its
question, `utter_ask_level`, is a response in domain.yml)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.catalogue import course_catalogue, shipped_domain
from actions.courses import needs_level, valid_preference


class ValidateCourseForm(FormValidationAction):
    def name(self) -> str:
        return "validate_course_form"

    def domain_slots(self, domain: dict[str, Any]) -> list[str]:
        """The form's slots, from domain.yml as shipped: Rasa does not send the domain
        with each call of this action (its serialisation cost every turn of a course
        search)."""
        return list(shipped_domain()["forms"][self.form_name()]["required_slots"])

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        """The level for a vague request ("I want to learn deep learning"); nothing as
        soon as one preference is known, a course is named, or the subject is one no
        course covers (actions/courses.py, needs_level)."""
        return domain_slots if needs_level(tracker) else []

    def validate_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """A catalogue key or "any" is kept; anything else is refused and asked again.

        A new search clears the slots first; those empty values pass silently."""
        catalogue = course_catalogue()
        if value is None or valid_preference(catalogue, "level", value):
            return {"level": value}
        labels = ", ".join(term.label for term in catalogue.terms("level").values())
        dispatcher.utter_message(
            response="utter_preference_unknown", preference="level", labels=labels
        )
        return {"level": None}
