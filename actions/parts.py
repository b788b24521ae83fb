"""Sending a part of the document as its answer: a section's response, the examples'
overview or one example, with the thread it leaves and what it offers next."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.examples import say_example, say_overview
from actions.offers import say
from actions.thread import Thread, thread_event
from knowledge.catalogues import examples
from knowledge.document import EXAMPLES, SOURCES, document


def say_part(dispatcher: CollectingDispatcher, key: str) -> list[dict[str, Any]]:
    """Utters the answer of part `key` and returns the events that leave the thread
    on it, with what its answer offers."""
    part = document().parts[key]
    if part.example_id:
        example = next(e for e in examples() if e.id == part.example_id)
        events = say_example(dispatcher, example)
    elif key == EXAMPLES:
        events = say_overview(dispatcher, examples())
    elif part.answer:
        events = say(
            dispatcher, part.offer.gives if part.offer else (), response=f"utter_{part.intent}"
        )
    else:
        offers = document().more_offer(part)
        events = say(dispatcher, offers, response="utter_thread_more", more=part.more)
    # The list of sources leaves the thread on the sources: "how many?" counts them.
    return events + [thread_event(Thread(part=SOURCES if key == SOURCES else key))]
