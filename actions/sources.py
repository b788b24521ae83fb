"""Where an answer comes from: "where did you read that?" names the source of the
answer just given; a request for the sources in general lists all four."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.document import document
from actions.facts import is_bare
from actions.thread import REFERS_BACK, current_thread, thread_event

# A request for the sources in general rather than for the last answer's.
ALL_SOURCES = re.compile(
    r"\b(?:sources|srcs|references|refrences|articles|links|urls|websites|sites|pages|"
    r"citations|all|every)\b",
    re.IGNORECASE,
)


def name_source(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The source of the thread's part when the message asks about what was just said
    ("where did you read that?", "source?"); all four otherwise ("where does your
    information come from?")."""
    text = tracker.latest_message.get("text") or ""
    part = document().part(current_thread(tracker).part)
    about_the_answer = REFERS_BACK.search(text) or is_bare(text)
    if part is None or text.startswith("/") or ALL_SOURCES.search(text) or not about_the_answer:
        dispatcher.utter_message(response="utter_ask_sources")
        return
    source = document().sources[part.source]
    dispatcher.utter_message(
        response="utter_source_of_answer", source_label=source.label, url=source.url
    )


class ActionNameSource(Action):
    """Names the source of the answer just given, or lists every source."""

    def name(self) -> str:
        return "action_name_source"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        name_source(dispatcher, tracker)
        # The thread stays where it was: "tell me more" still means the last answer.
        return [thread_event(current_thread(tracker))]
