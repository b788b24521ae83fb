"""Two questions in one message ("what is a CNN and how is it used in medicine?").

The NLU (addons/intent_classifier.py) finds the parts and their intents and passes
them as `questions` in the parse data; each part is answered in the order asked. A
course request among them comes last, as the course search may ask a question back.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import start_course_search
from actions.domain import shipped_domain
from actions.examples import show_examples
from actions.ideas import explain_ideas
from actions.in_thread import answer_in_thread
from actions.thread import Thread, thread_event

COURSES = "ask_courses"


def parts_in_order(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts as asked, with a course request moved to the end."""
    return sorted(parts, key=lambda part: part.get("intent") == COURSES)


class ActionAnswerEach(Action):
    """Answers each question of a message that asks two."""

    def name(self) -> str:
        return "action_answer_each"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        parts = tracker.latest_message.get("questions") or []
        responses = shipped_domain()["responses"]
        events: list[dict[str, Any]] = []
        answered = 0
        for part in parts_in_order(parts):
            intent = part.get("intent")
            if intent == COURSES:
                events += start_course_search(dispatcher, tracker)
            elif intent == "ask_examples":
                events += show_examples(dispatcher, tracker)
            elif intent == "ask_dl_term":
                found = explain_ideas(dispatcher, part.get("text") or "")
                if found is None:
                    continue
                events += found
            elif intent == "ask_detail":
                events += answer_in_thread(dispatcher, tracker, part.get("text") or "")
            elif f"utter_{intent}" in responses:
                dispatcher.utter_message(response=f"utter_{intent}")
                # The thread follows the last question answered.
                events.append(thread_event(Thread(part=intent)))
            else:
                continue
            answered += 1
        if not answered:
            dispatcher.utter_message(response="utter_default")
        return events
