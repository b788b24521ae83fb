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
from actions.course_search import CourseQuery, matching_courses
from actions.guessing import ClosestDescription

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
        if term.course_topic is None:
            return None
        ranked = matching_courses(self.catalogue, CourseQuery(topic=term.course_topic))
        return ranked[0].course.id if ranked else None


@cache
def term_index() -> TermIndex:
    """The shipped index, built once per process from the shipped catalogues."""
    return TermIndex(glossary(), course_catalogue(), examples(), load_answers())


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


def term_name(term: GlossaryTerm, named: str | None) -> str:
    """How the reply names the idea: the user's own words, with the idea they belong
    to when that is broader ("ReLU (activation functions)")."""
    if not named or named.lower().replace("-", " ") in term.label.lower().replace("-", " "):
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
            "buttons": buttons,
        }
    if where.answers:
        intent = where.answers[0]
        return {
            "response": "utter_term_in_answer",
            "term_label": label,
            "answer_label": questions()[intent],
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
    if course_id is None:
        return {
            "response": "utter_term_not_covered",
            "term_label": label,
            "near_label": questions()[term.near],
            "buttons": buttons + [button("Recommend a course", "ask_courses")],
        }
    return {
        "response": "utter_term_not_covered_course",
        "term_label": label,
        "near_label": questions()[term.near],
        "topic_label": catalogue.label("topic", term.course_topic),
        "course_name": catalogue.by_id(course_id).name,
        "buttons": buttons + [course_button(catalogue, course_id)],
    }


def explain_terms(dispatcher: CollectingDispatcher, text: str) -> bool:
    """Utters what the document says about the first term named in `text`; False
    when the text names no known term."""
    index = term_index()
    found = index.find_named(text)
    if not found:
        return False
    dispatcher.utter_message(**reply_for(index, *found[0]))
    return True


def explain_described_term(dispatcher: CollectingDispatcher, text: str) -> bool:
    """For a question that describes an idea without naming it: says which idea it
    sounds like, then what the document says about it; False when none is close."""
    key = term_guesser().guess(text)
    if key is None:
        return False
    term = term_index().terms[key]
    dispatcher.utter_message(response="utter_term_guess", term_label=term.label)
    dispatcher.utter_message(**reply_for(term_index(), term))
    return True


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
        if explain_terms(dispatcher, text) or explain_described_term(dispatcher, text):
            return []
        subject = asked_subject(text)
        if subject:
            dispatcher.utter_message(response="utter_term_unknown_named", term_label=subject)
        else:
            dispatcher.utter_message(response="utter_term_unknown")
        return []
