"""The guided lesson: the document from the start, one short step at a time
(knowledge/lesson.py).

The step the learner is at lives in the `lesson_step` slot, kept by the tracker store
like any slot: a lesson goes on later in the conversation, in a new session and after
a restart. A positive step is a lesson under way; a negative one a lesson stopped
there, which "back to the lesson" takes up again.

- "teach me deep learning", "where do I start?": step 1, or the step under way;
- "next", "yes", "go on", [Next]: the step after (each step offers it); after the last
  step, the lesson ends with a course and an offer of the quiz;
- "back", [Back]: the step before; "stop", [Stop the lesson]: leaves;
- "back to the lesson", "continue the lesson": the step the learner is at.

A question in the middle is answered as usual, in its own thread; then a reminder
offers to come back (`action_lesson_reminder`, predicted by addons/policies.py), in one
of two wordings in turn.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import COURSE_SEARCH, needs_level, recommend
from actions.offers import ReplyingAction, remark, say
from actions.tell_more import tell_more
from actions.thread import Thread, thread_event
from actions.turn import Turn
from knowledge.lesson import Step, lesson
from knowledge.records import Button

LESSON_STEP = "lesson_step"
REMINDERS = "lesson_reminders"
REMINDER_WORDINGS = ("utter_lesson_reminder", "utter_lesson_reminder_again")
START, NEXT, BACK, STOP, RESUME = (
    "start_lesson",
    "lesson_next",
    "lesson_back",
    "stop",
    "lesson_resume",
)
NEXT_BUTTON = Button("Next", NEXT)
BACK_BUTTON = Button("Back", BACK)
STOP_BUTTON = Button("Stop the lesson", STOP)
RESUME_BUTTON = Button("Back to the lesson", RESUME)
START_BUTTON = Button("Teach me step by step", START)
QUIZ_BUTTON = Button("Quiz me", "start_quiz")
HELP_BUTTON = Button("What can you do?", "help")


def step_now(turn: Turn) -> int | None:
    """The step of the lesson under way, or None."""
    value = turn.slot(LESSON_STEP)
    return int(value) if isinstance(value, (int, float)) and value > 0 else None


def step_stopped(turn: Turn) -> int | None:
    """The step a stopped lesson was left at, or None."""
    value = turn.slot(LESSON_STEP)
    return int(-value) if isinstance(value, (int, float)) and value < 0 else None


def say_step(
    dispatcher: CollectingDispatcher, turn: Turn, number: int, opening: str = ""
) -> list[dict[str, Any]]:
    """Step `number` of the lesson, with [Next] [Back] [Stop the lesson]; "yes" and "go
    on" take the next one. The thread is the step's last part, so "tell me more" and
    "why?" ask about what the step just said."""
    whole = lesson()
    step = whole.step(number)
    opening = f"{opening} " if opening else ""
    if step.course:
        return say_course_step(dispatcher, turn, step, opening)
    events = say(
        dispatcher,
        [NEXT_BUTTON],
        response="utter_lesson_step",
        opening=opening,
        step=step.number,
        total=whole.length,
        title=step.title,
        teaches=step.text,
        buttons=[b.as_dict() for b in (NEXT_BUTTON, BACK_BUTTON, STOP_BUTTON)],
    )
    return events + [SlotSet(LESSON_STEP, step.number), thread_event(Thread(part=step.parts[-1]))]


def say_course_step(
    dispatcher: CollectingDispatcher, turn: Turn, step: Step, opening: str
) -> list[dict[str, Any]]:
    """The last step: a course that fits the learner, asking their level only when it
    is not known; the lesson ends there, with an offer of the quiz."""
    events = say(
        dispatcher,
        response="utter_lesson_course_step",
        opening=opening,
        step=step.number,
        total=lesson().length,
        title=step.title,
    )
    events.append(SlotSet(LESSON_STEP, None))
    if needs_level(turn):
        # The course search's own question: the level given next lists the courses.
        events += say(dispatcher, response="utter_lesson_ask_level")
        return events + [SlotSet(COURSE_SEARCH, "asks_level")]
    events += recommend(dispatcher, turn) + [SlotSet(COURSE_SEARCH, "answered")]
    return events + say(dispatcher, [QUIZ_BUTTON], response="utter_lesson_done")


def lesson_turn(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """What a lesson intent gives, from where the learner is."""
    intent = turn.intent
    under_way, stopped = step_now(turn), step_stopped(turn)
    if intent == START:
        if under_way:
            return say_step(dispatcher, turn, under_way, opening="We're in the middle of it.")
        total = lesson().length
        opening = f"Let's go through deep learning from the start, in {total} short steps."
        return say_step(dispatcher, turn, 1, opening=opening)
    if intent == RESUME or (intent == NEXT and stopped and not under_way):
        at = under_way or stopped
        if at:
            return say_step(dispatcher, turn, at, opening="Back to the lesson.")
        return no_lesson(dispatcher)
    if intent == NEXT and not under_way:
        # "Next" with no lesson under way: the next of what was shown ("tell me more").
        return tell_more(dispatcher, turn.as_intent("ask_more"))
    if not under_way:
        return no_lesson(dispatcher)
    if intent == BACK:
        return say_step(dispatcher, turn, max(under_way - 1, 1))
    if intent == STOP:
        events = say(
            dispatcher,
            [RESUME_BUTTON],
            response="utter_lesson_stopped",
            step=under_way,
            total=lesson().length,
            buttons=[RESUME_BUTTON.as_dict(), QUIZ_BUTTON.as_dict()],
        )
        return events + [SlotSet(LESSON_STEP, -under_way)]
    return say_step(dispatcher, turn, under_way + 1)


def no_lesson(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    return say(
        dispatcher,
        [START_BUTTON],
        response="utter_lesson_none",
        buttons=[START_BUTTON.as_dict(), QUIZ_BUTTON.as_dict()],
    )


class ActionLesson(ReplyingAction, Action):
    """Starts, moves through, stops and takes up again the guided lesson."""

    def name(self) -> str:
        return "action_lesson"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return lesson_turn(dispatcher, turn)


class ActionStop(ReplyingAction, Action):
    """ "Stop": leaves the lesson under way, else drops what was going on."""

    def name(self) -> str:
        return "action_stop"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        if step_now(turn):
            return lesson_turn(dispatcher, turn.as_intent(STOP))
        # "What else would you like to know?" [What can you do?]: "yes" asks that.
        return say(dispatcher, [HELP_BUTTON], response="utter_stop")


class ActionLessonReminder(Action):
    """After an answer in the middle of the lesson: where the lesson was, with a way
    back. It leaves the answer's own offer open ("yes" still takes it)."""

    def name(self) -> str:
        return "action_lesson_reminder"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        step = step_now(Turn.read(tracker))
        if step is None:
            return [SlotSet(LESSON_STEP, tracker.get_slot(LESSON_STEP))]
        # Two wordings in turn, so that two answers aside in a row never end in the
        # same paragraph (the count is a slot: the same on every store and session).
        count = tracker.get_slot(REMINDERS) or 0
        events = remark(
            dispatcher,
            response=REMINDER_WORDINGS[int(count) % len(REMINDER_WORDINGS)],
            step=step,
            total=lesson().length,
            buttons=[RESUME_BUTTON.as_dict()],
        )
        return events + [SlotSet(REMINDERS, int(count) + 1)]
