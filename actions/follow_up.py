"""Short follow-ups ("what about cars?", "and for beginners?") continue the last topic."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import course_catalogue
from actions.courses import (
    ASKS_LEVEL,
    COURSE_SEARCH,
    course_from_slot,
    entity_names,
    preference_events,
    show_details,
    show_page,
)
from actions.document import EXAMPLE_PREFIX, EXAMPLES
from actions.examples import show_examples
from actions.records import PREFERENCES
from actions.thread import Thread, current_thread

# Values that are both an example field and a course topic ("chatbots") follow the
# conversation's thread; other course words always mean the course search.
COURSE_WORDS = set(PREFERENCES) | {"course"}


def follow_up_target(named: set[str], thread: Thread) -> str | None:
    """Where a follow-up goes: "examples", "courses", or None when it is unclear."""
    course_words = named & COURSE_WORDS
    on_examples = thread.part == EXAMPLES or (thread.part or "").startswith(EXAMPLE_PREFIX)
    if "example_field" in named and (on_examples or not course_words):
        return "examples"
    if course_words:
        return "courses"
    return None


class ActionFollowUp(Action):
    """Routes a short follow-up to the examples or to a refined course search."""

    def name(self) -> str:
        return "action_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        named = entity_names(tracker)
        target = follow_up_target(named, current_thread(tracker))
        if target == "examples":
            return show_examples(dispatcher, tracker)
        if target == "courses" or answers_level_question(tracker):
            if "course" in named and (course_id := course_from_slot(tracker)):
                return show_details(dispatcher, course_catalogue(), course_id)
            # The slots hold the preferences given so far; this message's are read
            # with what it rules out, and the list starts afresh.
            events = preference_events(tracker)
            tracker.add_slots(events)
            events += [SlotSet("shown_courses", []), SlotSet(COURSE_SEARCH, "answered")]
            return events + show_page(dispatcher, tracker, ())
        dispatcher.utter_message(response="utter_default")
        return []


def answers_level_question(tracker: Tracker) -> bool:
    """Whether the message answers the level question of a course search ("no
    preference", "whatever")."""
    return tracker.get_slot(COURSE_SEARCH) == ASKS_LEVEL and tracker.get_slot("level") is not None
