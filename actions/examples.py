"""Examples of deep learning at work: the overview, or the fields the user names."""

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import button
from actions.catalogue import example_requests, examples
from actions.closest_description import ClosestDescription
from actions.document import COURSES, EXAMPLE_PREFIX, EXAMPLES, document
from actions.facts import STRICT_KINDS, question_kind
from actions.in_thread import answer_in_thread
from actions.mentions import requested_values
from actions.records import Example
from actions.thread import Thread, current_thread, thread_event

# A request for examples that names no field ("does facebook tag my friends with
# DL") gets the example whose title or answer sentence it comes closest to, by
# sentence vectors, when that is this close (cosine) and closer than any general
# request for examples (catalogue's `overview`). Chosen on labelled training examples
# by bench/guesses.py (bench/described_examples.yml).
MIN_SIMILARITY = 0.3
# The guess when a message is closest to a general request: the overview.
OVERVIEW = "overview"
# "Give me an example": an example of what was just said.
FOR_EXAMPLE = "ask_for_example"


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


def example_in_thread(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """ "Give me an example", "another one?": the next example that fits the thread,
    an example of the part itself first (a CNN for hidden layers), then its examples
    at work (image colourisation for CNNs); never the one just given."""
    thread = current_thread(tracker)
    base_key = thread.via or thread.part
    base = document().part(base_key) if base_key != COURSES else None
    if base is None:
        base_key, base = EXAMPLES, document().parts[EXAMPLES]
    given = thread.given if thread.via == base_key else 0
    steps = ([None] if base.instance else []) + list(base.examples)
    for number, step in enumerate(steps[given:], start=given + 1):
        if step is not None and f"{EXAMPLE_PREFIX}{step}" == thread.part:
            continue
        if step is None:
            dispatcher.utter_message(response="utter_thread_instance", instance=base.instance)
            return [thread_event(Thread(part=base_key, via=base_key, given=number))]
        example = next(e for e in examples() if e.id == step)
        dispatcher.utter_message(
            response="utter_thread_example",
            title=example.title.lower(),
            answer=example.answer,
            buttons=[button("Another example", FOR_EXAMPLE), *field_buttons([example])[:1]],
        )
        return [thread_event(Thread(part=f"{EXAMPLE_PREFIX}{step}", via=base_key, given=number))]
    if not steps:
        dispatcher.utter_message(response="utter_thread_no_example", label=base.label)
    else:
        dispatcher.utter_message(response="utter_thread_examples_done", label=base.label)
    return [thread_event(thread)]


def show_examples(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Utters the example of each field the message names, or the overview; for "give
    me an example", the example that fits the thread."""
    text = tracker.latest_message.get("text") or ""
    # "How many examples can you give?" asks for all of them, not the next one.
    counting = question_kind(text) == "how many"
    if (tracker.latest_message.get("intent") or {}).get("name") == FOR_EXAMPLE and not counting:
        return example_in_thread(dispatcher, tracker)
    catalogue = examples()
    by_id = {example.id: example for example in catalogue}
    wanted = requested_values(
        tracker, "example_field", {example.id: example.aliases for example in catalogue}
    )
    if not wanted and not text.startswith("/"):  # a button's payload names no field
        guessed = example_guesser().guess(text)
        wanted = [guessed] if guessed not in (None, OVERVIEW) else []
    just_given = current_thread(tracker).part == f"{EXAMPLE_PREFIX}{wanted[0]}" if wanted else False
    if len(wanted) == 1 and (just_given or question_kind(text) in STRICT_KINDS):
        # The example was just given, or the question asks which, who, when, how
        # many...: answer that from what the document says on the example.
        return answer_in_thread(dispatcher, tracker, text)
    if wanted:
        chosen = [by_id[key] for key in wanted]
        dispatcher.utter_message(text=field_text(chosen), buttons=field_buttons(chosen))
        part = f"{EXAMPLE_PREFIX}{wanted[0]}" if len(wanted) == 1 else EXAMPLES
    else:
        dispatcher.utter_message(**overview_message(catalogue))
        part = EXAMPLES
    # "what about cars?" next continues with the examples.
    return [thread_event(Thread(part=part))]


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
