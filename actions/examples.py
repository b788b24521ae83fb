"""Examples of deep learning at work: the overview, or the fields the user names."""

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.fact_answers import answer_from_facts
from actions.offers import ReplyingAction, say
from actions.thread import Thread, thread_event
from actions.turn import Turn
from knowledge.buttons import button
from knowledge.catalogues import examples
from knowledge.descriptions import OVERVIEW, example_guesser
from knowledge.document import COURSES, EXAMPLE_PREFIX, EXAMPLES, document
from knowledge.matcher import requested_values
from knowledge.phrasing import STRICT_KINDS, question_kind
from knowledge.records import Button, Example

# "Give me an example": an example of what was just said.
FOR_EXAMPLE = "ask_for_example"


def field_step(example: Example) -> Button:
    """The step that asks for one field's example."""
    return Button(example.title, "ask_examples", (("example_field", example.id),))


# What "want another example?" offers.
ANOTHER_EXAMPLE = Button("Another example", "ask_for_example")
ALL_EXAMPLES = Button("Examples at work", "ask_examples")


def say_overview(dispatcher: CollectingDispatcher, catalogue: Sequence[Example]) -> list:
    """utter_examples_overview, naming every field, with a button for each: "Which one
    would you like to hear about?" offers each field."""
    titles = [example.title.lower() for example in catalogue]
    steps = [field_step(example) for example in catalogue]
    return say(
        dispatcher,
        steps,
        response="utter_examples_overview",
        count=len(catalogue),
        listed=", ".join(titles[:-1]) + f" and {titles[-1]}",
        buttons=[step.as_dict() for step in steps],
    )


def field_text(chosen: Sequence[Example]) -> str:
    return " ".join(example.answer for example in chosen)


def field_buttons(chosen: Sequence[Example]) -> list[dict[str, str]]:
    return [example.related.as_dict() for example in chosen] + [
        button("Other examples", "ask_examples")
    ]


def say_example(dispatcher: CollectingDispatcher, example: Example) -> list[dict[str, Any]]:
    """One example's answer, ending in the step it offers (its `offer` in examples.yml)."""
    part = document().parts[f"{EXAMPLE_PREFIX}{example.id}"]
    offered = part.offer.gives if part.offer else ()
    return say(dispatcher, offered, text=part.reply, buttons=field_buttons([example]))


def example_in_thread(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """ "Give me an example", "another one?": the next example that fits the thread,
    an example of the part itself first (a CNN for hidden layers), then its examples
    at work (image colourisation for CNNs); never the one just given."""
    thread = turn.thread
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
            events = say(
                dispatcher,
                [ANOTHER_EXAMPLE],
                response="utter_thread_instance",
                instance=base.instance,
            )
            return events + [thread_event(Thread(part=base_key, via=base_key, given=number))]
        example = next(e for e in examples() if e.id == step)
        events = say(
            dispatcher,
            [ANOTHER_EXAMPLE],
            response="utter_thread_example",
            title=example.title.lower(),
            answer=example.answer,
            buttons=[ANOTHER_EXAMPLE.as_dict(), *field_buttons([example])[:1]],
        )
        thread = Thread(part=f"{EXAMPLE_PREFIX}{step}", via=base_key, given=number)
        return events + [thread_event(thread)]
    response = "utter_thread_examples_done" if steps else "utter_thread_no_example"
    # "Want to see the other fields where deep learning is at work?"
    events = say(dispatcher, [ALL_EXAMPLES], response=response, label=base.label)
    return events + [thread_event(thread)]


def show_examples(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """Utters the example of each field the message names, or the overview; for "give
    me an example", the example that fits the thread."""
    text = turn.text
    # "How many examples can you give?" asks for all of them, not the next one.
    counting = question_kind(text) == "how many"
    if turn.intent == FOR_EXAMPLE and not counting:
        return example_in_thread(dispatcher, turn)
    catalogue = examples()
    by_id = {example.id: example for example in catalogue}
    wanted = requested_values(
        turn.entities, "example_field", {example.id: example.aliases for example in catalogue}
    )
    if not wanted and not text.startswith("/"):  # a button's payload names no field
        guessed = example_guesser().guess(text)
        wanted = [guessed] if guessed not in (None, OVERVIEW) else []
    just_given = turn.thread.part == f"{EXAMPLE_PREFIX}{wanted[0]}" if wanted else False
    if len(wanted) == 1 and (just_given or question_kind(text) in STRICT_KINDS):
        # The example was just given, or the question asks which, who, when, how
        # many...: answer that from what the document says on the example.
        return answer_from_facts(dispatcher, turn)
    if len(wanted) == 1:
        events = say_example(dispatcher, by_id[wanted[0]])
        part = f"{EXAMPLE_PREFIX}{wanted[0]}"
    elif wanted:
        chosen = [by_id[key] for key in wanted]
        events = say(dispatcher, text=field_text(chosen), buttons=field_buttons(chosen))
        part = EXAMPLES
    else:
        events = say_overview(dispatcher, catalogue)
        part = EXAMPLES
    # "what about cars?" next continues with the examples.
    return events + [thread_event(Thread(part=part))]


class ActionShowExamples(ReplyingAction, Action):
    """Gives the examples overview, or the example for each field the user named."""

    def name(self) -> str:
        return "action_show_examples"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return show_examples(dispatcher, turn)
