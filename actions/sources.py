"""Where an answer comes from: "where did you read that?" names the source of the
answer just given; a request for the sources in general lists all four."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.offers import ReplyingAction, say
from actions.parts import say_part
from actions.thread import thread_event
from actions.turn import Turn
from knowledge.document import SOURCES, document
from knowledge.phrasing import is_bare, refers_back

# A request for the sources in general rather than for the last answer's.
ALL_SOURCES = re.compile(
    r"\b(?:sources|srcs|references|refrences|articles|links|urls|websites|sites|pages|"
    r"citations|all|every)\b",
    re.IGNORECASE,
)


def name_source(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """The source of the thread's part when the message asks about what was just said
    ("where did you read that?", "source?"); all four otherwise ("where does your
    information come from?")."""
    text = turn.text
    thread = turn.thread
    part = document().part(thread.part)
    about_the_answer = refers_back(text) or is_bare(text)
    if (
        part is None
        or part.source is None
        or text.startswith("/")
        or ALL_SOURCES.search(text)
        or not about_the_answer
    ):
        # "How many is that?" next means the sources.
        return say_part(dispatcher, SOURCES)
    source = document().sources[part.source]
    # "Want the full list of my sources?"
    events = say(
        dispatcher,
        [document().step_to(SOURCES)],
        response="utter_source_of_answer",
        source_label=source.label,
        url=source.url,
    )
    # The thread stays where it was: "tell me more" still means the last answer.
    return events + [thread_event(thread)]


class ActionNameSource(ReplyingAction, Action):
    """Names the source of the answer just given, or lists every source."""

    def name(self) -> str:
        return "action_name_source"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return name_source(dispatcher, turn)
