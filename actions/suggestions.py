"""When the NLU is unsure: offer the likeliest questions instead of a bare "Sorry".

The pattern of Rasa's `action_default_ask_affirmation`: the top intents of the
message's intent ranking become buttons, labelled with the questions of
knowledge/data/parts.yml and questions.yml, with
"None of these" beside them. Off-topic messages still get the polite decline, small
talk its short reply, and only when nothing is plausible does the generic reply come.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.accept import ACCEPTING, accept_offer
from actions.fact_answers import answer_from_facts, answer_if_in_thread, what_about_in_thread
from actions.ideas import explain_ideas
from actions.offers import ReplyingAction, say
from actions.turn import Turn
from actions.what_about import COURSE_WORDS, what_about
from knowledge.buttons import button
from knowledge.document import COURSES, questions
from knowledge.records import Button

MAX_SUGGESTIONS = 3
# An intent below this confidence is no plausible reading of the message.
MIN_CONFIDENCE = 0.1
FALLBACK = "nlu_fallback"
# Questions answered from the thread of the conversation (actions/fact_answers.py).
IN_THREAD = {"ask_detail", "ask_follow_up"}
# Small talk carries no facts, so its reply is safe even when the NLU is unsure.
SMALL_TALK = {"acknowledge", "affirm", "deny", "greet", "thank"}
# How close a fact of the thread must come to a message the NLU could not place for
# the message to be answered from the thread.
MIN_SIMILARITY_UNSURE = 0.5
# Entities that a suggested question's action reads from its payload.
PAYLOAD_ENTITIES = {"ask_examples": ("example_field",)}


def ranked_intents(ranking: tuple[tuple[str, float], ...]) -> list[tuple[str, float]]:
    return [(name, confidence) for name, confidence in ranking if name != FALLBACK]


def suggested_intents(
    ranked: list[tuple[str, float]], labels: Mapping[str, str], limit: int = MAX_SUGGESTIONS
) -> list[str]:
    """The likeliest questions that have a label, most likely first."""
    return [name for name, confidence in ranked if name in labels and confidence >= MIN_CONFIDENCE][
        :limit
    ]


def suggestions(
    intents: list[str], labels: Mapping[str, str], entities: Sequence[Mapping[str, Any]]
) -> list[Button]:
    """The suggested questions as steps, with the entities the message named that their
    action reads."""
    steps = []
    for intent in intents:
        wanted = PAYLOAD_ENTITIES.get(intent, ())
        values = tuple(
            (str(e["entity"]), str(e["value"])) for e in entities if e.get("entity") in wanted
        )
        steps.append(Button(labels[intent], intent, values))
    return steps


def suggestion_buttons(
    intents: list[str], labels: Mapping[str, str], entities: Sequence[Mapping[str, Any]]
) -> list[dict[str, str]]:
    steps = suggestions(intents, labels, entities)
    return [step.as_dict() for step in steps] + [button("None of these", "help")]


class ActionSuggestTopics(ReplyingAction, Action):
    """Answers a message the NLU was unsure about with "did you mean" buttons."""

    def name(self) -> str:
        return "action_suggest_topics"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        # A message that refers back to what was just said may be answered there.
        if turn.thread.part == COURSES and turn.entity_names & COURSE_WORDS:
            # "Is it on youtube?" after a list of courses: the search, refined.
            return what_about(dispatcher, turn)
        events = answer_if_in_thread(dispatcher, turn, MIN_SIMILARITY_UNSURE)
        if events is not None:
            return events
        events = what_about_in_thread(dispatcher, turn)
        if events is not None:
            return events
        ranking = ranked_intents(turn.ranking)
        top = ranking[0][0] if ranking else None
        if top in IN_THREAD:
            # A question about a detail, or a follow-up: what the document says on it,
            # or that it doesn't say, rather than a list of topics.
            return answer_from_facts(dispatcher, turn)
        if top in ACCEPTING:
            # "yes"-like small talk accepts what the last reply offered, if anything.
            return accept_offer(dispatcher, turn, top)
        if top == "out_of_scope" or top in SMALL_TALK:
            return say(dispatcher, response=f"utter_{top}")
        # A named idea among the two likeliest readings: say what the document has on it.
        likeliest = {name for name, _ in ranking[:2]}
        if "ask_dl_term" in likeliest:
            events = explain_ideas(dispatcher, turn.text)
            if events is not None:
                return events
        labels = questions()
        intents = suggested_intents(ranking, labels)
        if not intents:
            return say(dispatcher, response="utter_default")
        # "Did you mean one of these?": "yes" asks which, or takes the only one.
        return say(
            dispatcher,
            suggestions(intents, labels, turn.entities),
            response="utter_did_you_mean",
            buttons=suggestion_buttons(intents, labels, turn.entities),
        )
