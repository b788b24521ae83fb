"""Examples of deep learning at work: the overview, or the fields the user names."""

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import button
from actions.catalogue import Example, example_requests, examples
from actions.guessing import ClosestDescription
from actions.understanding import requested_values

# A request for examples that names no field ("does facebook tag my friends with
# DL") gets the example whose title or answer sentence it comes closest to, by
# sentence vectors, when that is this close (cosine) and closer than any general
# request for examples (catalogue's `overview`). Chosen on labelled training examples
# by bench/guesses.py (bench/described_examples.yml).
MIN_SIMILARITY = 0.3
# The guess when a message is closest to a general request: the overview.
OVERVIEW = "overview"


@cache
def example_guesser() -> ClosestDescription:
    """The shipped examples' titles and answer sentences, and the general requests,
    encoded once per process."""
    from addons.sentence_encoder import shared_encoder

    described = {
        example.id: [example.title, *re.split(r"(?<=\.)\s+", example.answer)]
        for example in examples()
    }
    described[OVERVIEW] = list(example_requests())
    return ClosestDescription(described, shared_encoder().encode, MIN_SIMILARITY)


def overview_message(catalogue: Sequence[Example]) -> dict[str, Any]:
    """utter_examples_overview, naming every field, with a button for each."""
    titles = [example.title.lower() for example in catalogue]
    return {
        "response": "utter_examples_overview",
        "count": len(catalogue),
        "listed": ", ".join(titles[:-1]) + f" and {titles[-1]}",
        "buttons": [
            button(example.title, "ask_examples", example_field=example.id) for example in catalogue
        ],
    }


def field_text(chosen: Sequence[Example]) -> str:
    return " ".join(example.answer for example in chosen)


def field_buttons(chosen: Sequence[Example]) -> list[dict[str, str]]:
    return [example.related.as_dict() for example in chosen] + [
        button("Other examples", "ask_examples")
    ]


def show_examples(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Utters the example of each field the message names, or the overview."""
    catalogue = examples()
    by_id = {example.id: example for example in catalogue}
    wanted = requested_values(
        tracker, "example_field", {example.id: example.aliases for example in catalogue}
    )
    text = tracker.latest_message.get("text") or ""
    if not wanted and not text.startswith("/"):  # a button's payload names no field
        guessed = example_guesser().guess(text)
        wanted = [guessed] if guessed not in (None, OVERVIEW) else []
    if wanted:
        chosen = [by_id[key] for key in wanted]
        dispatcher.utter_message(text=field_text(chosen), buttons=field_buttons(chosen))
    else:
        dispatcher.utter_message(**overview_message(catalogue))
    # "what about cars?" next continues with the examples.
    return [SlotSet("context", "examples")]


class ActionShowExamples(Action):
    """Gives the examples overview, or the example for each field the user named."""

    def name(self) -> str:
        return "action_show_examples"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        return show_examples(dispatcher, tracker)
