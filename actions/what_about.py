"""A short follow-up that names a new value ("what about cars?", "and for beginners?")
continues the last topic with it: another example, or the course search refined."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import (
    ASKS_LEVEL,
    COURSE,
    COURSE_SEARCH,
    SHOWN,
    current_course,
    preference_events,
    show_details,
    show_page,
)
from actions.examples import show_examples
from actions.fact_answers import what_about_in_thread
from actions.offers import ReplyingAction, say
from actions.thread import Thread
from actions.turn import Turn
from knowledge.catalogues import course_catalogue
from knowledge.document import EXAMPLE_PREFIX, EXAMPLES
from knowledge.records import PREFERENCES

# Values that are both an example field and a course topic ("chatbots") follow the
# conversation's thread; other course words always mean the course search.
COURSE_WORDS = set(PREFERENCES) | {COURSE}


def what_about_target(named: set[str], thread: Thread) -> str | None:
    """Where a follow-up goes: "examples", "courses", or None when it is unclear."""
    course_words = named & COURSE_WORDS
    on_examples = thread.part == EXAMPLES or (thread.part or "").startswith(EXAMPLE_PREFIX)
    if "example_field" in named and (on_examples or not course_words):
        return "examples"
    if course_words:
        return "courses"
    return None


def what_about(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """Another example, or the course search refined, for the value the message names."""
    named = turn.entity_names
    target = what_about_target(named, turn.thread)
    if target == "examples":
        return show_examples(dispatcher, turn)
    if target == "courses" or answers_level_question(turn):
        if COURSE in named and (course_id := current_course(turn)):
            return show_details(dispatcher, course_catalogue(), course_id)
        # The slots hold the preferences given so far; this message's are read
        # with what it rules out, and the list starts afresh.
        events = preference_events(turn)
        events += [SlotSet(SHOWN, []), SlotSet(COURSE_SEARCH, "answered")]
        return events + show_page(dispatcher, turn.after(events), ())
    # "What about video?" after CNNs: the section's fact, or that it doesn't go into it.
    return what_about_in_thread(dispatcher, turn) or say(dispatcher, response="utter_default")


class ActionWhatAbout(ReplyingAction, Action):
    """Routes a short follow-up that names a new value ("what about cars?", "and for
    beginners?") to the examples or to a refined course search."""

    def name(self) -> str:
        return "action_what_about"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return what_about(dispatcher, turn)


def answers_level_question(turn: Turn) -> bool:
    """Whether the message answers the level question of a course search ("no
    preference", "whatever")."""
    return turn.slot(COURSE_SEARCH) == ASKS_LEVEL and turn.slot("level") is not None
