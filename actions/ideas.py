"""Deep-learning questions that no section of the document answers.

The idea index records, for each idea in the glossary (catalogue/terms.yml), which
course, answer or example of the document mentions it. A question about an idea then
gets an honest reply: the answer that covers it, or where the document mentions it in
passing, or that the document does not cover it; each with the course or topic that
comes closest, as buttons. The reply sentences are responses in domain.yml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import button
from actions.catalogue import course_catalogue, examples, glossary, questions
from actions.closest_description import ClosestDescription
from actions.course_search import best_course
from actions.document import Part, document
from actions.domain import DOMAIN_FILE, shipped_domain
from actions.mentions import find_mention_spans, find_mentions
from actions.records import CourseCatalogue, Example, Idea
from actions.thread import Thread, thread_event
from actions.validation import CatalogueError

# How close (cosine of the sentence vectors) a question that names no idea must come
# to one of an idea's descriptions to be read as asking about it; chosen on the
# labelled training examples by bench/guesses.py (bench/described_terms.yml).
MIN_SIMILARITY = 0.6


def load_answers(intents: Mapping[str, str] | None = None) -> dict:
    """The text of each question's answer in the domain (utter_<intent>)."""
    intents = questions() if intents is None else intents
    responses = shipped_domain().get("responses")
    if not isinstance(responses, dict):
        raise CatalogueError(f"{DOMAIN_FILE}: responses: must be a mapping")
    return {
        intent: responses[f"utter_{intent}"][0]["text"]
        for intent in intents
        if f"utter_{intent}" in responses
    }


@dataclass(frozen=True)
class Places:
    """Where the document mentions a idea: course ids, answer intents, example ids."""

    courses: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class IdeaIndex:
    """Which course, answer or example of the document mentions each glossary idea."""

    def __init__(
        self,
        ideas: tuple[Idea, ...],
        catalogue: CourseCatalogue,
        example_list: tuple[Example, ...],
        answers: Mapping[str, str],
    ) -> None:
        self.ideas = {idea.key: idea for idea in ideas}
        self._aliases = {idea.key: idea.aliases for idea in ideas}
        self.catalogue = catalogue
        self.examples = {example.id: example for example in example_list}
        texts = {
            "courses": {c.id: f"{c.name}. {c.summary}" for c in catalogue.courses},
            "answers": dict(answers),
            "examples": {e.id: e.answer for e in example_list},
        }
        self._mentions = {}
        found: dict[str, dict[str, list[str]]] = {idea.key: {} for idea in ideas}
        for kind, by_key in texts.items():
            for key, text in by_key.items():
                for idea_key in find_mentions(text, self._aliases):
                    found[idea_key].setdefault(kind, []).append(key)
        self._mentions = {
            key: Places(**{kind: tuple(keys) for kind, keys in kinds.items()})
            for key, kinds in found.items()
        }

    def find(self, text: str) -> list[Idea]:
        """The glossary ideas named in `text`, in the order they appear."""
        return [idea for idea, _ in self.find_named(text)]

    def find_named(self, text: str) -> list[tuple[Idea, str]]:
        """Each glossary idea named in `text`, with the words that name it there."""
        return [(self.ideas[key], words) for key, words in find_mention_spans(text, self._aliases)]

    def where(self, idea: Idea) -> Places:
        return self._mentions[idea.key]

    def closest_course(self, idea: Idea) -> str | None:
        """The best course on the idea's closest topic, if it names one."""
        return best_course(self.catalogue, idea.course_topic)

    def teaching_course(self, idea: Idea) -> str | None:
        """The course a reply about the idea names: one that mentions it, else the best
        course on its closest topic."""
        where = self.where(idea)
        return where.courses[0] if where.courses else self.closest_course(idea)


@cache
def idea_index() -> IdeaIndex:
    """The shipped index, built once per process from the shipped catalogues. The
    answer listing the sources is no mention: it names the articles, not ideas."""
    parts = {intent: label for intent, label in questions().items() if document().part_for(intent)}
    return IdeaIndex(glossary(), course_catalogue(), examples(), load_answers(parts))


@cache
def idea_guesser() -> ClosestDescription:
    """Which idea a question describes without naming it ("the model aces its training
    data but fails on new data"): the shipped glossary's descriptions, encoded once
    per process."""
    from addons.sentence_encoder import shared_encoder

    described = {idea.key: idea.describes for idea in glossary()}
    return ClosestDescription(described, shared_encoder().encode, MIN_SIMILARITY)


def course_button(catalogue: CourseCatalogue, course_id: str) -> dict[str, str]:
    return button(f'About "{catalogue.by_id(course_id).name}"', "ask_courses", course=course_id)


def near_button(idea: Idea) -> dict[str, str]:
    return button(questions()[idea.near], idea.near)


# Words that make what named an idea part of a question rather than a name ("how long
# does it take to train"): the reply then uses the idea's label alone.
_QUESTION_WORDS = re.compile(r"\b(?:how|what|which|why|when|who|does|do|is|are|should|i|my)\b")
# Words that begin something done rather than a name ("write music", "compose songs"):
# the idea's label names it better.
_DOING = re.compile(r"^(?:write|compose|make|create|generate|build|train|predict|detect)\b")
MAX_NAME_WORDS_IN_REPLY = 3


def idea_name(idea: Idea, named: str | None) -> str:
    """How the reply names the idea: the user's own words, with the idea they belong
    to when that is broader ("ReLU (activation functions)"); the idea's label when the
    words are part of a question ("how much training data") or already in it."""
    words = (named or "").lower().replace("-", " ")
    if (
        not words
        or words in idea.label.lower().replace("-", " ")
        or len(words.split()) > MAX_NAME_WORDS_IN_REPLY
        or _QUESTION_WORDS.search(words)
        or _DOING.search(words)
    ):
        return idea.label
    return f"{named} ({idea.label})"


def reply_for(index: IdeaIndex, idea: Idea, named: str | None = None) -> dict[str, Any]:
    """The response to send about `idea` (named in the message by `named`): a name in
    domain.yml, its values and buttons."""
    where = index.where(idea)
    catalogue = index.catalogue
    label = idea_name(idea, named)
    if idea.answered_by:
        return {"response": f"utter_{idea.answered_by}"}
    if where.courses:
        course = catalogue.by_id(where.courses[0])
        buttons = [course_button(catalogue, course.id), near_button(idea)]
        return {
            "response": "utter_term_in_course",
            "term_label": label,
            "course_name": course.name,
            "provider_label": catalogue.label("provider", course.provider),
            "near_label": questions()[idea.near],
            "near_gist": near_part(idea).gist,
            "buttons": buttons,
        }
    if where.answers:
        intent = where.answers[0]
        return {
            "response": "utter_term_in_answer",
            "term_label": label,
            "answer_label": questions()[intent],
            "answer_gist": document().part_for(intent).gist,
            "buttons": [button(questions()[intent], intent)],
        }
    if where.examples:
        example = index.examples[where.examples[0]]
        return {
            "response": "utter_term_in_example",
            "term_label": label,
            "example_title": example.title.lower(),
            "buttons": [button(example.title, "ask_examples", example_field=example.id)],
        }
    buttons = [near_button(idea)]
    course_id = index.closest_course(idea)
    near = {"near_label": questions()[idea.near], "near_gist": near_part(idea).gist}
    if course_id is None:
        return {
            "response": "utter_term_not_covered",
            "term_label": label,
            **near,
            "buttons": buttons + [button("Recommend a course", "ask_courses")],
        }
    return {
        "response": "utter_term_not_covered_course",
        "term_label": label,
        **near,
        "topic_label": catalogue.label("topic", idea.course_topic),
        "course_name": catalogue.by_id(course_id).name,
        "buttons": buttons + [course_button(catalogue, course_id)],
    }


def near_part(idea: Idea) -> Part:
    """The part of the document closest to an idea (every `near` has one: tested)."""
    part = document().part_for(idea.answered_by or idea.near)
    assert part is not None, f"no part of the document for {idea.near}"
    return part


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
    dispatcher.utter_message(**reply)
    return idea_events(index, found[0][0], reply)


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
    dispatcher.utter_message(response="utter_term_guess", term_label=idea.label)
    reply = reply_for(index, idea)
    dispatcher.utter_message(**reply)
    return idea_events(index, idea, reply)


# --- A detail the document doesn't go into --------------------------------------------

# A question quoted in a reply is cut to this length.
MAX_QUOTE = 100


def quoted(text: str) -> str:
    """A question as a reply quotes it: "which algorithm does Google Translate use"."""
    question = " ".join(text.split()).rstrip(" ?!.")
    return f'"{question}"' if len(question) <= MAX_QUOTE else "that detail"


def next_step_buttons(course_id: str | None = None) -> list[dict[str, str]]:
    buttons = [button("Tell me more", "ask_more")]
    if course_id:
        buttons.append(course_button(course_catalogue(), course_id))
    return buttons


def idea_course(idea: Idea, part: Part) -> str | None:
    """The course that teaches an idea, else the best course on the part's topic."""
    return idea_index().teaching_course(idea) or best_course(course_catalogue(), part.course_topic)


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
    dispatcher.utter_message(response=response, **values, buttons=next_step_buttons(course_id))
    return [SlotSet("course", course_id)] if course_id else []


def detail_of_covered(
    index: IdeaIndex, found: list[tuple[Idea, str]]
) -> tuple[Part, Idea, str] | None:
    """When a message names an idea that a part explains (CNNs) and one that no part
    explains (ReLU), it asks about a detail of that part: the part, the idea and the
    words that name it."""
    covered = next((idea for idea, _ in found if idea.answered_by), None)
    detail = next(((idea, words) for idea, words in found if not idea.answered_by), None)
    if covered is None or detail is None:
        return None
    return near_part(covered), *detail


# What frames the subject of a short question: "what is a ...", "... in plain english?".
_ASKING = re.compile(
    r"^(?:(?:so|ok|okay|hey|hi|um|and|but|please|pls)[,\s]+)*"
    r"(?:what(?:'s|s| is| are| was)|explain|define|describe|tell me about|"
    r"(?:can|could) you (?:explain|describe)|what is meant by|meaning of|ever heard of)?"
    r"\s*(?:an?\s+|the\s+)?",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"(?:\s+(?:in (?:plain|simple) (?:english|words|terms)|for (?:a )?beginners?|simply|"
    r"please|pls|exactly|actually|like i'?m (?:five|5)|eli5))*[\s?.!]*$",
    re.IGNORECASE,
)
# Words that make what is left a question of its own rather than a name.
_NOT_A_NAME = re.compile(
    r"\b(?:what|how|why|who|whom|when|where|which|is|are|was|were|do|does|did|can|could|"
    r"should|would|will|i|me|my|you|your|it|this|that|these|those|thing|stuff)\b",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 4
# What the whole document is about: never "not covered".
_THE_SUBJECT = re.compile(
    r"(?:deep|machine) learning|dl|ml|ai|artificial intelligence|neural net(?:work)?s?",
    re.IGNORECASE,
)


def asked_subject(text: str) -> str | None:
    """The name a short question asks about ("universal approximation theorem in plain
    english?" -> "universal approximation theorem"), or None when the message is more
    than a name in a question frame."""
    subject = _FILLER.sub("", _ASKING.sub("", text.strip(), count=1), count=1).strip(" ,")
    words = subject.split()
    if not words or len(words) > MAX_NAME_WORDS or _NOT_A_NAME.search(subject):
        return None
    if _THE_SUBJECT.fullmatch(subject):
        return None
    if not any(sum(c.isalpha() for c in word) >= 3 for word in words):
        return None
    return subject


class ActionExplainIdea(Action):
    """Answers a question about a deep-learning idea that no section explains."""

    def name(self) -> str:
        return "action_explain_idea"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        events = explain_ideas(dispatcher, text)
        if events is None:
            events = explain_described_idea(dispatcher, text)
        if events is not None:
            return events
        subject = asked_subject(text)
        if subject:
            dispatcher.utter_message(response="utter_term_unknown_named", term_label=subject)
        else:
            dispatcher.utter_message(response="utter_term_unknown")
        return []
