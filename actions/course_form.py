"""Validates course_form, which asks for the level and topic a course search lacks."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.catalogue import course_catalogue
from actions.course_search import ANY, unrelated_subject
from actions.courses import search_request

# Entities that say what kind of course the user wants. A request naming any of them
# is answered at once; a request naming none gets the level and topic questions.
PREFERENCE_ENTITIES = {"level", "topic", "provider", "price", "length", "coding", "course"}


class ValidateCourseForm(FormValidationAction):
    def name(self) -> str:
        return "validate_course_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        """Level and topic for a vague request ("I want to learn deep learning"); none
        when the request named a preference or a course, or is about a subject no course
        covers (the recommendation then says so at once)."""
        request = search_request(tracker)
        named = {entity.get("entity") for entity in request.get("entities", [])}
        if named & PREFERENCE_ENTITIES:
            return []
        if unrelated_subject(course_catalogue(), request.get("text") or ""):
            return []
        return domain_slots

    def validate_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        return self._validate("level", course_catalogue().levels, value, dispatcher)

    def validate_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        return self._validate("topic", course_catalogue().topics, value, dispatcher)

    @staticmethod
    def _validate(slot, terms, value, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        """A catalogue key or "any" is kept; anything else is refused and asked again.

        A new search clears the slots first; those empty values pass silently."""
        if value is None or value == ANY or value in terms:
            return {slot: value}
        labels = ", ".join(term.label for term in terms.values())
        dispatcher.utter_message(text=f"I only know courses by {slot}: {labels}, or no preference.")
        return {slot: None}


def ask_buttons(slot: str, terms) -> list[dict[str, str]]:
    buttons = [
        {
            "title": term.label[0].upper() + term.label[1:],
            "payload": f'/inform{{"{slot}": "{key}"}}',
        }
        for key, term in terms.items()
    ]
    return buttons + [{"title": "No preference", "payload": "/no_preference"}]


class ActionAskLevel(Action):
    """The form's question for the level, with a button per level in the catalogue."""

    def name(self) -> str:
        return "action_ask_level"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Happy to help you pick a course. What's your level?",
            buttons=ask_buttons("level", course_catalogue().levels),
        )
        return []


class ActionAskTopic(Action):
    """The form's question for the topic, with a button per topic in the catalogue."""

    def name(self) -> str:
        return "action_ask_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Which topic would you like to focus on?",
            buttons=ask_buttons("topic", course_catalogue().topics),
        )
        return []
