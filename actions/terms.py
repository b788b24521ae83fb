"""Deep-learning questions that no section of the document answers.

The term index records, for each idea in the glossary (catalogue/terms.yml), which
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
from actions.catalogue import (
    DOMAIN_FILE,
    CatalogueError,
    CourseCatalogue,
    Example,
    GlossaryTerm,
    course_catalogue,
    examples,
    find_mention_spans,
    find_mentions,
    glossary,
    questions,
    shipped_domain,
)
from actions.course_search import best_course
from actions.document import Part, document
from actions.guessing import ClosestDescription
from actions.thread import Thread, thread_event

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
class Mentions:
    """Where the document mentions a term: course ids, answer intents, example ids."""

    courses: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class TermIndex:
    """Which course, answer or example of the document mentions each glossary term."""

    def __init__(
        self,
        terms: tuple[GlossaryTerm, ...],
        catalogue: CourseCatalogue,
        example_list: tuple[Example, ...],
        answers: Mapping[str, str],
    ) -> None:
        self.terms = {term.key: term for term in terms}
        self._aliases = {term.key: term.aliases for term in terms}
        self.catalogue = catalogue
        self.examples = {example.id: example for example in example_list}
        texts = {
            "courses": {c.id: f"{c.name}. {c.summary}" for c in catalogue.courses},
            "answers": dict(answers),
            "examples": {e.id: e.answer for e in example_list},
        }
        self._mentions = {}
        found: dict[str, dict[str, list[str]]] = {term.key: {} for term in terms}
        for kind, by_key in texts.items():
            for key, text in by_key.items():
                for term_key in find_mentions(text, self._aliases):
                    found[term_key].setdefault(kind, []).append(key)
        self._mentions = {
            key: Mentions(**{kind: tuple(keys) for kind, keys in kinds.items()})
            for key, kinds in found.items()
        }

    def find(self, text: str) -> list[GlossaryTerm]:
        """The glossary terms named in `text`, in the order they appear."""
        return [term for term, _ in self.find_named(text)]

    def find_named(self, text: str) -> list[tuple[GlossaryTerm, str]]:
        """Each glossary term named in `text`, with the words that name it there."""
        return [(self.terms[key], words) for key, words in find_mention_spans(text, self._aliases)]

    def where(self, term: GlossaryTerm) -> Mentions:
        return self._mentions[term.key]

    def closest_course(self, term: GlossaryTerm) -> str | None:
        """The best course on the term's closest topic, if it names one."""
        return best_course(self.catalogue, term.course_topic)

    def teaching_course(self, term: GlossaryTerm) -> str | None:
        """The course a reply about the term names: one that mentions it, else the best
        course on its closest topic."""
        where = self.where(term)
        return where.courses[0] if where.courses else self.closest_course(term)


@cache
def term_index() -> TermIndex:
    """The shipped index, built once per process from the shipped catalogues. The
    answer listing the sources is no mention: it names the articles, not ideas."""
    parts = {intent: label for intent, label in questions().items() if document().part_for(intent)}
    return TermIndex(glossary(), course_catalogue(), examples(), load_answers(parts))


@cache
def term_guesser() -> ClosestDescription:
    """Which idea a question describes without naming it ("the model aces its training
    data but fails on new data"): the shipped glossary's descriptions, encoded once
    per process."""
    from addons.sentence_encoder import shared_encoder

    described = {term.key: term.describes for term in glossary()}
    return ClosestDescription(described, shared_encoder().encode, MIN_SIMILARITY)


def course_button(catalogue: CourseCatalogue, course_id: str) -> dict[str, str]:
    return button(f'About "{catalogue.by_id(course_id).name}"', "ask_courses", course=course_id)


def near_button(term: GlossaryTerm) -> dict[str, str]:
    return button(questions()[term.near], term.near)


# Words that make what named an idea part of a question rather than a name ("how long
# does it take to train"): the reply then uses the idea's label alone.
_QUESTION_WORDS = re.compile(r"\b(?:how|what|which|why|when|who|does|do|is|are|should|i|my)\b")
MAX_NAME_WORDS_IN_REPLY = 3


def term_name(term: GlossaryTerm, named: str | None) -> str:
    """How the reply names the idea: the user's own words, with the idea they belong
    to when that is broader ("ReLU (activation functions)"); the idea's label when the
    words are part of a question ("how much training data") or already in it."""
    words = (named or "").lower().replace("-", " ")
    if (
        not words
        or words in term.label.lower().replace("-", " ")
        or len(words.split()) > MAX_NAME_WORDS_IN_REPLY
        or _QUESTION_WORDS.search(words)
    ):
        return term.label
    return f"{named} ({term.label})"


def reply_for(index: TermIndex, term: GlossaryTerm, named: str | None = None) -> dict[str, Any]:
    """The response to send about `term` (named in the message by `named`): a name in
    domain.yml, its values and buttons."""
    where = index.where(term)
    catalogue = index.catalogue
    label = term_name(term, named)
    if term.answered_by:
        return {"response": f"utter_{term.answered_by}"}
    if where.courses:
        course = catalogue.by_id(where.courses[0])
        buttons = [course_button(catalogue, course.id), near_button(term)]
        return {
            "response": "utter_term_in_course",
            "term_label": label,
            "course_name": course.name,
            "provider_label": catalogue.label("provider", course.provider),
            "near_label": questions()[term.near],
            "near_gist": near_part(term).gist,
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
    buttons = [near_button(term)]
    course_id = index.closest_course(term)
    near = {"near_label": questions()[term.near], "near_gist": near_part(term).gist}
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
        "topic_label": catalogue.label("topic", term.course_topic),
        "course_name": catalogue.by_id(course_id).name,
        "buttons": buttons + [course_button(catalogue, course_id)],
    }


def near_part(term: GlossaryTerm) -> Part:
    """The part of the document closest to an idea (every `near` has one: tested)."""
    part = document().part_for(term.answered_by or term.near)
    assert part is not None, f"no part of the document for {term.near}"
    return part


# The replies that name a course which teaches the idea: "is that course free?" next
# asks about it.
NAMES_A_COURSE = {"utter_term_in_course", "utter_term_not_covered_course"}


def term_events(index: TermIndex, term: GlossaryTerm, reply: dict[str, Any]) -> list:
    """The thread after a reply about `term`: its closest part and the idea, and the
    course the reply named."""
    thread = Thread(part=near_part(term).key, idea=None if term.answered_by else term.key)
    events = [thread_event(thread)]
    if reply["response"] in NAMES_A_COURSE:
        events.append(SlotSet("course", index.teaching_course(term)))
    return events


def explain_terms(dispatcher: CollectingDispatcher, text: str) -> list[dict[str, Any]] | None:
    """Utters what the document says about the first term named in `text` and returns
    the events that leave the thread on it; None when the text names no known term."""
    index = term_index()
    found = index.find_named(text)
    if not found:
        return None
    if detail := detail_of_covered(index, found):
        part, term, words = detail
        events = not_covered(dispatcher, part, idea_course(term, part), idea=term_name(term, words))
        return events + [thread_event(Thread(part=part.key, idea=term.key))]
    reply = reply_for(index, *found[0])
    dispatcher.utter_message(**reply)
    return term_events(index, found[0][0], reply)


def explain_described_term(
    dispatcher: CollectingDispatcher, text: str
) -> list[dict[str, Any]] | None:
    """For a question that describes an idea without naming it: says which idea it
    sounds like, then what the document says about it; None when none is close."""
    key = term_guesser().guess(text)
    if key is None:
        return None
    index = term_index()
    term = index.terms[key]
    dispatcher.utter_message(response="utter_term_guess", term_label=term.label)
    reply = reply_for(index, term)
    dispatcher.utter_message(**reply)
    return term_events(index, term, reply)


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


def idea_course(term: GlossaryTerm, part: Part) -> str | None:
    """The course that teaches an idea, else the best course on the part's topic."""
    return term_index().teaching_course(term) or best_course(course_catalogue(), part.course_topic)


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
    index: TermIndex, found: list[tuple[GlossaryTerm, str]]
) -> tuple[Part, GlossaryTerm, str] | None:
    """When a message names an idea that a part explains (CNNs) and one that no part
    explains (ReLU), it asks about a detail of that part: the part, the idea and the
    words that name it."""
    covered = next((term for term, _ in found if term.answered_by), None)
    detail = next(((term, words) for term, words in found if not term.answered_by), None)
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


class ActionExplainTerm(Action):
    """Answers a question about a deep-learning idea that no section explains."""

    def name(self) -> str:
        return "action_explain_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        events = explain_terms(dispatcher, text)
        if events is None:
            events = explain_described_term(dispatcher, text)
        if events is not None:
            return events
        subject = asked_subject(text)
        if subject:
            dispatcher.utter_message(response="utter_term_unknown_named", term_label=subject)
        else:
            dispatcher.utter_message(response="utter_term_unknown")
        return []
