""" "Tell me more": the next deeper part of the thread, never the same paragraph.

After a list of courses, more means the next courses (actions/courses.py). After an
answer, the first "more" goes one step deeper into the same part (its `more` in
knowledge/data/parts.yml); the next one moves on to the part it leads to (`then`), the
way the answers' buttons lead on, and the thread moves with it.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import SHOWN, current_course, show_details, show_page
from actions.examples import field_buttons, overview_message
from actions.thread import Thread, thread_event
from actions.turn import Turn
from knowledge.buttons import button
from knowledge.catalogues import course_catalogue, examples
from knowledge.document import COURSES, EXAMPLES, Part, document

# "More about it", "that one", "this course": one course, the one the thread holds.
ONE_COURSE = re.compile(r"\b(?:it|that one|this one|that course|this course)\b", re.IGNORECASE)


def say_part(dispatcher: CollectingDispatcher, key: str) -> None:
    """Utters the answer of a part: its section's response, the examples' overview or
    one example."""
    part = document().parts[key]
    if part.example_id:
        example = next(e for e in examples() if e.id == part.example_id)
        dispatcher.utter_message(text=example.answer, buttons=field_buttons([example]))
    elif key == EXAMPLES:
        dispatcher.utter_message(**overview_message(examples()))
    elif part.answer:
        dispatcher.utter_message(response=f"utter_{key}")
    else:
        dispatcher.utter_message(response="utter_thread_more", more=part.more)


def deeper_buttons(part: Part) -> list[dict[str, str]]:
    """What comes after `more`: the part it leads to, and an example."""
    buttons = [button("Give me an example", "ask_for_example")]
    if part.then.startswith("ask_"):
        buttons.insert(0, button("Go on", "ask_more"))
    return buttons


def tell_more(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    thread = turn.thread
    shown = tuple(turn.slot(SHOWN) or ())
    on_courses = thread.part == COURSES or (thread.part is None and shown)
    if on_courses and ONE_COURSE.search(turn.text) and (course_id := current_course(turn)):
        # "Tell me more about it": the course the last reply named, not the next page.
        return show_details(dispatcher, course_catalogue(), course_id)
    if on_courses:
        return show_page(dispatcher, turn, shown)
    part = document().part(thread.part)
    if part is None:
        dispatcher.utter_message(response="utter_thread_unknown")
        return []
    if not thread.deeper:
        dispatcher.utter_message(
            response="utter_thread_more", more=part.more, buttons=deeper_buttons(part)
        )
        return [thread_event(thread.but(deeper=True))]
    if part.then == COURSES:
        return show_page(dispatcher, turn, shown)
    say_part(dispatcher, part.then)
    return [thread_event(Thread(part=part.then))]


class ActionTellMore(Action):
    """ "Tell me more", "go on", "show me more": the next step of the thread."""

    def name(self) -> str:
        return "action_tell_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return tell_more(dispatcher, Turn.read(tracker))
