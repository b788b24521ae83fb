"""Replies about deep-learning ideas that no section of the document answers: the
answer that covers one, where the document mentions it in passing, or that the
document does not cover it, each with the course or topic that comes closest as
buttons. Which idea a message names, and where the document mentions it, is the idea
index (knowledge/ideas.py); the reply sentences are responses in domain.yml.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.offers import ReplyingAction, say
from actions.thread import Thread, thread_event
from actions.turn import Turn
from knowledge.catalogues import course_catalogue
from knowledge.descriptions import idea_guesser
from knowledge.document import Part, document, questions
from knowledge.ideas import (
    IdeaIndex,
    asked_subject,
    detail_of_covered,
    idea_course,
    idea_index,
    idea_name,
    near_part,
)
from knowledge.records import Button, CourseCatalogue, Idea


def course_step(catalogue: CourseCatalogue, course_id: str) -> Button:
    return Button(
        f'About "{catalogue.by_id(course_id).name}"', "ask_courses", (("course", course_id),)
    )


def near_step(idea: Idea) -> Button:
    return document().step_to(document().part_for(idea.near).key)


def with_steps(message: dict[str, Any], offers: list[Button], buttons: list[Button]) -> dict:
    """A reply's message with its offer (the steps its closing question offers) and its
    buttons."""
    return {**message, "offering": offers, "buttons": [step.as_dict() for step in buttons]}


def reply_for(index: IdeaIndex, idea: Idea, named: str | None = None) -> dict[str, Any]:
    """The reply about `idea` (named in the message by `named`): a response of
    domain.yml with its values, its buttons and what it offers (`offering`, for `say`)."""
    where = index.where(idea)
    catalogue = index.catalogue
    label = idea_name(idea, named)
    if idea.answered_by:
        part = document().part_for(idea.answered_by)
        return {"response": f"utter_{idea.answered_by}", "offering": part_offer(part)}
    if where.courses:
        course = catalogue.by_id(where.courses[0])
        about = course_step(catalogue, course.id)
        message = {
            "response": "utter_term_in_course",
            "term_label": label,
            "course_name": course.name,
            "provider_label": catalogue.label("provider", course.provider),
            "near_label": questions()[idea.near],
            "near_gist": near_part(idea).gist,
        }
        # "Want to hear about that course?"
        return with_steps(message, [about], [about, near_step(idea)])
    if where.answers:
        intent = where.answers[0]
        answer = document().step_to(document().part_for(intent).key)
        message = {
            "response": "utter_term_in_answer",
            "term_label": label,
            "answer_label": questions()[intent],
            "answer_gist": document().part_for(intent).gist,
        }
        # "Want to read it?"
        return with_steps(message, [answer], [answer])
    if where.examples:
        example = index.examples[where.examples[0]]
        field = Button(example.title, "ask_examples", (("example_field", example.id),))
        message = {
            "response": "utter_term_in_example",
            "term_label": label,
            "example_title": example.title.lower(),
        }
        # "Want to hear that example?"
        return with_steps(message, [field], [field])
    near = near_step(idea)
    course_id = index.closest_course(idea)
    values = {"near_label": questions()[idea.near], "near_gist": near_part(idea).gist}
    if course_id is None:
        recommend = Button("Recommend a course", "ask_courses")
        message = {"response": "utter_term_not_covered", "term_label": label, **values}
        # "Want to look at that, or at a course?"
        return with_steps(message, [near, recommend], [near, recommend])
    about = course_step(catalogue, course_id)
    message = {
        "response": "utter_term_not_covered_course",
        "term_label": label,
        **values,
        "topic_label": catalogue.label("topic", idea.course_topic),
        "course_name": catalogue.by_id(course_id).name,
    }
    # "Want to look at either?"
    return with_steps(message, [near, about], [near, about])


def part_offer(part: Part | None) -> tuple[Button, ...]:
    """What a part's answer offers (its entry's `offer`)."""
    return part.offer.gives if part is not None and part.offer else ()


# The replies that name a course which teaches the idea: "is that course free?" next
# asks about it.
NAMES_A_COURSE = {"utter_term_in_course", "utter_term_not_covered_course"}


def idea_events(index: IdeaIndex, idea: Idea, reply: dict[str, Any]) -> list:
    """The thread after a reply about `idea`: its closest part and the idea, and the
    course the reply named."""
    thread = Thread(part=near_part(idea).key, idea=None if idea.answered_by else idea.key)
    events = [thread_event(thread)]
    if reply["response"] in NAMES_A_COURSE:
        events.append(SlotSet("course", index.teaching_course(idea)))
    return events


def explain_ideas(dispatcher: CollectingDispatcher, text: str) -> list[dict[str, Any]] | None:
    """Utters what the document says about the first idea named in `text` and returns
    the events that leave the thread on it; None when the text names no known idea."""
    index = idea_index()
    found = index.find_named(text)
    if not found:
        return None
    if detail := detail_of_covered(index, found):
        part, idea, words = detail
        events = not_covered(dispatcher, part, idea_course(idea, part), idea=idea_name(idea, words))
        return events + [thread_event(Thread(part=part.key, idea=idea.key))]
    reply = reply_for(index, *found[0])
    return say(dispatcher, **reply) + idea_events(index, found[0][0], reply)


def explain_described_idea(
    dispatcher: CollectingDispatcher, text: str
) -> list[dict[str, Any]] | None:
    """For a question that describes an idea without naming it: says which idea it
    sounds like, then what the document says about it; None when none is close."""
    key = idea_guesser().guess(text)
    if key is None:
        return None
    index = idea_index()
    idea = index.ideas[key]
    events = say(dispatcher, response="utter_term_guess", term_label=idea.label)
    reply = reply_for(index, idea)
    return events + say(dispatcher, **reply) + idea_events(index, idea, reply)


# --- A detail the document doesn't go into --------------------------------------------


TELL_MORE = Button("Tell me more", "ask_more")


def next_steps(course_id: str | None = None) -> list[Button]:
    steps = [TELL_MORE]
    if course_id:
        steps.append(course_step(course_catalogue(), course_id))
    return steps


def next_step_buttons(course_id: str | None = None) -> list[dict[str, str]]:
    return [step.as_dict() for step in next_steps(course_id)]


def not_covered(
    dispatcher: CollectingDispatcher,
    part: Part,
    course_id: str | None,
    idea: str | None = None,
    question: str | None = None,
) -> list[dict[str, Any]]:
    """Says first that the document doesn't go into the `idea` (or answer the
    `question`), then what it says about the part, and names a course that would go
    further; returns the event that makes that course the one "it" means."""
    values: dict[str, Any] = {"label": part.label, "gist": part.gist}
    values |= {"detail": idea} if idea else {"question": question}
    if idea:
        response = "utter_detail_not_covered_course" if course_id else "utter_detail_not_covered"
    else:
        response = (
            "utter_question_not_answered_course" if course_id else "utter_question_not_answered"
        )
    if course_id:
        course = course_catalogue().by_id(course_id)
        values |= {
            "course_name": course.name,
            "provider_label": course_catalogue().label("provider", course.provider),
        }
    # "Want to hear about it?" (the course), or "Want to look further?" (tell me more).
    offers = next_steps(course_id)[-1:]
    events = say(
        dispatcher, offers, response=response, **values, buttons=next_step_buttons(course_id)
    )
    return events + ([SlotSet("course", course_id)] if course_id else [])


class ActionExplainIdea(ReplyingAction, Action):
    """Answers a question about a deep-learning idea that no section explains."""

    def name(self) -> str:
        return "action_explain_idea"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        text = turn.text
        events = explain_ideas(dispatcher, text)
        if events is None:
            events = explain_described_idea(dispatcher, text)
        if events is not None:
            return events
        subject = asked_subject(text)
        if subject:
            return say(dispatcher, response="utter_term_unknown_named", term_label=subject)
        return say(dispatcher, response="utter_term_unknown")
