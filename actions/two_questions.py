"""Two questions in one message ("what is a CNN and how is it used in medicine?").

The NLU (addons/intent_classifier.py) finds the parts and their intents and passes
them as `questions` in the parse data; each part is answered in the order asked. A
course request among them comes last, as the course search may ask a question back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import start_course_search
from actions.examples import show_examples
from actions.fact_answers import answer_from_facts
from actions.ideas import explain_ideas
from actions.offers import ReplyingAction, say
from actions.parts import say_part
from actions.turn import Turn
from knowledge.document import document

COURSES = "ask_courses"


def parts_in_order(parts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The parts as asked, with a course request moved to the end."""
    return sorted(parts, key=lambda part: part.get("intent") == COURSES)


class ActionAnswerEach(ReplyingAction, Action):
    """Answers each question of a message that asks two."""

    def name(self) -> str:
        return "action_answer_each"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        answered = 0
        for part in parts_in_order(turn.questions):
            intent = part.get("intent")
            text = str(part.get("text") or "")
            if intent == COURSES:
                events += start_course_search(dispatcher, turn)
            elif intent == "ask_examples":
                events += show_examples(dispatcher, turn)
            elif intent == "ask_dl_term":
                found = explain_ideas(dispatcher, text)
                if found is None:
                    continue
                events += found
            elif intent == "ask_detail":
                events += answer_from_facts(dispatcher, turn.asking(text))
            elif (answered_part := document().part(intent)) and answered_part.answer:
                # The thread follows the last question answered.
                events += say_part(dispatcher, answered_part.key)
            else:
                continue
            answered += 1
        if not answered:
            events += say(dispatcher, response="utter_default")
        return events
