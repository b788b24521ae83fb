""" "Yes" to what the last reply offered: exactly what it offered.

The last reply's offer (`Turn.open_offer`, kept by actions/offers.py) is a list of
steps, each what a button would send. One step is taken as if its button had been
clicked; several ("Want to look at either?") are asked about, with a button each. With
nothing on offer, "yes" and "ok" get their small-talk reply, and "why not?" is a
question about what was just said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import COURSE, start_course_search
from actions.examples import example_in_thread, show_examples
from actions.fact_answers import answer_from_facts
from actions.lesson import BACK, NEXT, RESUME, START, lesson_turn
from actions.offers import ReplyingAction, say
from actions.parts import say_part
from actions.quiz import start_round
from actions.tell_more import tell_more
from actions.turn import Turn
from actions.what_about import what_about
from knowledge.document import document
from knowledge.phrasing import question_kind
from knowledge.records import PREFERENCES, Button

# The intents of a message that accepts an offer ("yes", "sure", "ok", "sounds good").
ACCEPTING = {"affirm", "acknowledge"}
# "Go on", "continue": accepts an offer where "tell me more" would go deeper.
CONTINUE = re.compile(
    r"^\W*(?:ok(?:ay)?\W+|yes\W+|yeah\W+|sure\W+)?(?:go on|go ahead|continue|carry on|keep going|"
    r"proceed|do it|let'?s go|go for it)\b|^\W*(?:please|tell me|show me)\W*$",
    re.IGNORECASE,
)
# The slots a button's entities fill, as the domain's mappings fill them.
ENTITY_SLOTS = set(PREFERENCES) | {COURSE}

Handler = Callable[[CollectingDispatcher, Turn], list[dict[str, Any]]]
HANDLERS: dict[str, Handler] = {
    "ask_examples": show_examples,
    "ask_for_example": example_in_thread,
    "ask_courses": start_course_search,
    "ask_more": tell_more,
    "inform": what_about,
    START: lesson_turn,
    NEXT: lesson_turn,
    BACK: lesson_turn,
    RESUME: lesson_turn,
    "start_quiz": start_round,
}


def take(dispatcher: CollectingDispatcher, turn: Turn, step: Button) -> list[dict[str, Any]]:
    """What `step`'s button would have given."""
    clicked = turn.clicking(step)
    filled = [SlotSet(name, value) for name, value in step.entities if name in ENTITY_SLOTS]
    clicked = clicked.after(filled)
    part = document().part_for(step.intent)
    if step.intent in HANDLERS:
        return filled + HANDLERS[step.intent](dispatcher, clicked)
    if part is not None and part.reply:
        return say_part(dispatcher, part.key)
    return say(dispatcher, response=f"utter_{step.intent}")


def accept_offer(
    dispatcher: CollectingDispatcher, turn: Turn, intent: str = "affirm"
) -> list[dict[str, Any]]:
    steps = turn.open_offer
    if intent == "acknowledge" and not CONSENT.match(turn.text):
        # "I see", "haha", "noted" acknowledge what was said; they don't take the offer.
        steps = []
    if not steps:
        if question_kind(turn.text) == "why":
            # "Why not?" after a statement asks about that statement.
            return answer_from_facts(dispatcher, turn.as_intent("ask_follow_up"))
        return say(
            dispatcher, response="utter_acknowledge" if intent == "acknowledge" else "utter_affirm"
        )
    if len(steps) == 1:
        return take(dispatcher, turn, steps[0])
    # Several on offer: which one? The question keeps them on offer.
    return say(
        dispatcher, steps, response="utter_which_one", buttons=[step.as_dict() for step in steps]
    )


# An acknowledgement that consents ("ok", "okie dokie", "alright then", "fine"), as
# against one that only takes note ("I see", "got it", "haha").
CONSENT = re.compile(
    r"^\W*(?:(?:hmm+|huh|ah+|oh|well|haha)\W+)?"
    r"(?:ok(?:ay|ey|i|ie)?(?:[ -]dok(?:ie|ey|e))?|k+|alright(?:y)?|all right|fine|"
    r"sure|cool|great|perfect|sounds (?:good|great|fine)|good)"
    r"(?:\W+(?:then|sure|please|thanks|go ahead))?\W*$",
    re.IGNORECASE,
)
# Words that accept an offer whatever intent the NLU read in them ("why not?" may read
# as a follow-up question).
ACCEPTANCE = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|why not|sounds good|please do|please|absolutely|"
    r"definitely|of course|go on|go ahead|alright|tell me|i'?d like that)\W*"
    r"(?:please|then|sure)?\W*$",
    re.IGNORECASE,
)


def accepts_by_continuing(turn: Turn) -> bool:
    """Whether "go on", "continue" accepts what the last reply offered."""
    return bool(turn.open_offer) and bool(CONTINUE.search(turn.text))


def accepts(turn: Turn) -> bool:
    """Whether the message is a plain "yes" to what the last reply offered."""
    return bool(turn.open_offer) and bool(ACCEPTANCE.match(turn.text))


class ActionAcceptOffer(ReplyingAction, Action):
    """ "Yes", "sure", "ok", "why not": what the last reply offered."""

    def name(self) -> str:
        return "action_accept_offer"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return accept_offer(dispatcher, turn, turn.intent or "affirm")
