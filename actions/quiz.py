"""The quiz: a round of five questions on what the document says (knowledge/quiz.py),
asked by Rasa's form `quiz_form` whose slots are the answers.

- `action_start_quiz` draws the round (questions not asked in earlier rounds first)
  and empties the answers; the form then asks each question through
  `action_ask_quiz_answer_<n>`, with its choices as buttons (numbered in the shell);
- every message while the form is open fills the requested answer (a `from_text`
  mapping), and `validate_quiz_form` reads it: a choice by its words, letter, place or
  a number it holds; "skip" or "I don't know" skips; "stop" or "quit" ends the round.
  Anything else (a question about deep learning, an off-topic message) is answered as
  usual, and the form asks its question again;
- after each answer: right or not, the document's fact in one sentence, and after a
  wrong one the part to read again;
- `action_quiz_score` ends the round: the score, the parts to revisit and a course for
  the weakest one.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.examples import show_examples
from actions.fact_answers import answer_from_facts
from actions.offers import ReplyingAction, say
from actions.parts import say_part
from actions.turn import Turn
from knowledge.catalogues import course_catalogue
from knowledge.course_search import best_course
from knowledge.document import EXAMPLES, document
from knowledge.quiz import ROUND_SIZE, Asked, chosen_place, is_question, quiz, skips, stops
from knowledge.records import Button

FORM = "quiz_form"
ROUND, SEEN, STOPPED = "quiz_round", "quiz_seen", "quiz_stopped"
ANSWERS = [f"quiz_answer_{n}" for n in range(1, ROUND_SIZE + 1)]
REQUESTED = "requested_slot"
RIGHT, WRONG, SKIPPED = "right", "wrong", "skipped"
QUIZ_BUTTON = Button("Another round", "start_quiz")
# Messages answered as usual in the middle of a round, by intent.
ANSWERED_IN_THREAD = {"ask_detail", "ask_follow_up", "ask_more", "ask_for_example"}


def round_of(turn: Turn) -> list[Asked]:
    return [a for a in (Asked.from_value(v) for v in turn.slot(ROUND) or []) if a]


def draw_round(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """A new round: questions drawn (those not asked before first), answers emptied."""
    seen = [str(key) for key in turn.slot(SEEN) or []]
    # Drawn the same for the same conversation at the same point, whichever server or
    # store: a different round for each conversation and each round.
    asked = quiz().draw(seen, random.Random(f"{turn.sender}:{len(seen)}"))
    drawn = [a.question.id for a in asked]
    events = say(dispatcher, response="utter_quiz_start", count=len(asked))
    return events + [
        SlotSet(ROUND, [a.as_value() for a in asked]),
        SlotSet(SEEN, [key for key in seen if key not in drawn] + drawn),
        SlotSet(STOPPED, None),
        *[SlotSet(slot, None) for slot in ANSWERS],
    ]


def start_round(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """ "Yes" to the offer of a quiz: a new round, and the form that asks it."""
    return draw_round(dispatcher, turn) + [ActiveLoop(FORM)]


class ActionStartQuiz(ReplyingAction, Action):
    """Draws a round of questions; the rule that started it runs the form next."""

    def name(self) -> str:
        return "action_start_quiz"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return draw_round(dispatcher, turn)


def ask_question(dispatcher: CollectingDispatcher, turn: Turn, number: int) -> list[Any]:
    """Question `number` of the round, its choices as buttons (numbered in the shell)."""
    asked = round_of(turn)
    if number > len(asked):
        return say(dispatcher, response="utter_quiz_how_to_answer")
    shown = asked[number - 1].shown
    return say(
        dispatcher,
        response="utter_quiz_question",
        number=number,
        count=len(asked),
        question=asked[number - 1].question.ask,
        buttons=[{"title": choice, "payload": choice} for choice in shown],
    )


def ask_action(number: int) -> type[Action]:
    """The action the form runs to ask question `number` of the round."""

    class AskQuizAnswer(Action):
        def name(self) -> str:
            return f"action_ask_quiz_answer_{number}"

        async def run(
            self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
        ) -> list[dict[str, Any]]:
            return ask_question(dispatcher, Turn.read(tracker), number)

    AskQuizAnswer.__name__ = f"ActionAskQuizAnswer{number}"
    return AskQuizAnswer


ActionAskQuizAnswer1, ActionAskQuizAnswer2, ActionAskQuizAnswer3 = map(ask_action, (1, 2, 3))
ActionAskQuizAnswer4, ActionAskQuizAnswer5 = map(ask_action, (4, 5))


def answer_aside(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """A question in the middle of a round that answers nothing: answered as usual (a
    question about the document, an off-topic one), or told how to answer."""
    intent = turn.intent or ""
    part = document().part_for(intent)
    if part is not None and part.key == EXAMPLES:
        return show_examples(dispatcher, turn)
    if part is not None and part.reply:
        return say_part(dispatcher, part.key)
    if intent in ANSWERED_IN_THREAD:
        return answer_from_facts(dispatcher, turn)
    if intent == "out_of_scope":
        return say(dispatcher, response="utter_out_of_scope")
    # Small talk and the like, asked as a question ("can you help me?").
    return say(dispatcher, response="utter_quiz_how_to_answer")


def feedback(
    dispatcher: CollectingDispatcher, asked: Asked, place: int | None
) -> tuple[str, list[dict[str, Any]]]:
    """Whether the answer was right, wrong or skipped, and the events of saying so
    with the document's fact (and, after a wrong one, the part to read again)."""
    question = asked.question
    if place is None:
        events = say(
            dispatcher, response="utter_quiz_skipped", right=question.right, fact=question.fact
        )
        return SKIPPED, events
    if place == asked.right_place:
        return RIGHT, say(dispatcher, response="utter_quiz_right", fact=question.fact)
    events = say(
        dispatcher,
        response="utter_quiz_wrong",
        right=question.right,
        fact=question.fact,
        label=document().parts[question.part].label,
    )
    return WRONG, events


class ValidateQuizForm(Action):
    """Reads the answer to the question the form asked."""

    def name(self) -> str:
        return "validate_quiz_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        turn = Turn.read(tracker)
        requested = tracker.get_slot(REQUESTED)
        if requested not in ANSWERS:
            return []
        asked = round_of(turn)
        number = ANSWERS.index(requested) + 1
        if number > len(asked):
            return [SlotSet(requested, SKIPPED)]
        text = turn.text.strip()
        place = None
        if not skips(text):
            if stops(text) or turn.intent == "stop":
                # The round ends here: the form asks nothing more.
                return [SlotSet(STOPPED, True), SlotSet(requested, None), SlotSet(REQUESTED, None)]
            place = chosen_place(text, asked[number - 1].shown)
            if place is None:
                # A question is answered; "images", where no choice says so, is no
                # choice. Either way the form asks its question again.
                if is_question(text):
                    events = answer_aside(dispatcher, turn)
                else:
                    events = say(dispatcher, response="utter_quiz_how_to_answer")
                return events + [SlotSet(requested, None)]
        result, events = feedback(dispatcher, asked[number - 1], place)
        return events + [SlotSet(requested, result)]


class ActionQuizScore(ReplyingAction, Action):
    """The end of a round: the score, the parts to revisit, a course for the weakest."""

    def name(self) -> str:
        return "action_quiz_score"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        asked = round_of(turn)
        results = [turn.slot(slot) for slot in ANSWERS[: len(asked)]]
        answered = [r for r in results if r in (RIGHT, WRONG, SKIPPED)]
        right = results.count(RIGHT)
        missed = [
            a.question.part for a, r in zip(asked, results, strict=False) if r in (WRONG, SKIPPED)
        ]
        parts = document().parts
        labels = list(dict.fromkeys(parts[key].label for key in missed))
        opening = "Quiz stopped. " if turn.slot(STOPPED) else ""
        values: dict[str, Any] = {"right": right, "count": len(answered), "opening": opening}
        events: list[dict[str, Any]] = []
        if not answered:
            return say(dispatcher, [QUIZ_BUTTON], response="utter_quiz_none_answered")
        if not labels:
            events += say(dispatcher, [QUIZ_BUTTON], response="utter_quiz_score_all", **values)
            return events
        # The part missed most, the first of those missed as often.
        weakest = parts[Counter(missed).most_common(1)[0][0]]
        course_id = best_course(course_catalogue(), weakest.course_topic)
        course = course_catalogue().by_id(course_id) if course_id else None
        revisit = [document().step_to(key) for key in dict.fromkeys(missed)]
        buttons = revisit[:2] + [QUIZ_BUTTON]
        events += say(
            dispatcher,
            [QUIZ_BUTTON],
            response="utter_quiz_score",
            **values,
            revisit=", ".join(labels),
            weakest=weakest.label,
            course=f'"{course.name}"' if course else "one of the free courses",
            buttons=[b.as_dict() for b in buttons],
        )
        return events
