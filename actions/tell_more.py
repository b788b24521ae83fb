""" "Tell me more": the next deeper part of the thread, never the same paragraph.

After a list of courses, more means the next courses (actions/courses.py). After an
answer, the first "more" goes one step deeper into the same part (its `more` in
knowledge/data/parts.yml); the next one moves on to the part it leads to (`then`), the
way the answers' buttons lead on, and the thread moves with it.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import SHOWN, current_course, show_details, show_page
from actions.offers import ReplyingAction, say
from actions.parts import say_part
from actions.thread import thread_event
from actions.turn import Turn
from knowledge.buttons import button
from knowledge.catalogues import course_catalogue
from knowledge.document import COURSES, Part, document

# "More about it", "that one", "this course": one course, the one the thread holds.
ONE_COURSE = re.compile(r"\b(?:it|that one|this one|that course|this course)\b", re.IGNORECASE)


def deeper_buttons(part: Part) -> list[dict[str, str]]:
    """What comes after `more`: the part it leads to, and an example."""
    buttons = [button("Give me an example", "ask_for_example")]
    if part.then.startswith("ask_"):
        buttons.insert(0, button("Go on", "ask_more"))
    return buttons


def tell_more(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    from actions.accept import accept_offer, accepts_by_continuing

    if accepts_by_continuing(turn):
        # "Go on" after "Want to know how it works?": what was offered.
        return accept_offer(dispatcher, turn)
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
        return say(dispatcher, response="utter_thread_unknown")
    if not thread.deeper:
        events = say(
            dispatcher,
            document().more_offer(part),
            response="utter_thread_more",
            more=part.more,
            buttons=deeper_buttons(part),
        )
        return events + [thread_event(thread.but(deeper=True))]
    if part.then == COURSES:
        return show_page(dispatcher, turn, shown)
    return say_part(dispatcher, part.then)


class ActionTellMore(ReplyingAction, Action):
    """ "Tell me more", "go on", "show me more": the next step of the thread."""

    def name(self) -> str:
        return "action_tell_more"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return tell_more(dispatcher, turn)
