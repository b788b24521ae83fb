"""The deep-learning ideas people ask about by name (knowledge/data/glossary.yml), and
where the document mentions each.

The idea index records, for each idea, which course, answer or example of the
document mentions it, so that a question about an idea gets an honest reply: the
answer that covers it, where the document mentions it in passing, or that the
document does not cover it. It also guesses which idea a question describes without
naming it, and reads the name a short question asks about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.catalogues import DATA, course_catalogue, examples
from knowledge.course_search import best_course
from knowledge.document import Document, Part, document, questions
from knowledge.matcher import find_mention_spans, find_mentions
from knowledge.records import CourseCatalogue, Example, Idea
from knowledge.validation import Fields, read_yaml, required_section

GLOSSARY_FILE = DATA / "glossary.yml"


def load_glossary(
    path: Path = GLOSSARY_FILE,
    intents: Mapping[str, str] | None = None,
    topics: Iterable[str] | None = None,
) -> tuple[Idea, ...]:
    """The glossary, with `near` and `answered_by` checked against the questions'
    intents and `course_topic` against the course catalogue's topics."""
    intents = questions() if intents is None else intents
    topics = list(course_catalogue().values_of("topic") if topics is None else topics)
    content = read_yaml(path)
    ideas = []
    for key, raw in required_section(path, content, "ideas", dict).items():
        fields = Fields(path, f"ideas.{key}", raw)
        ideas.append(
            Idea(
                key=str(key),
                label=fields.text("label"),
                aliases=fields.words("aliases"),
                near=fields.choice("near", intents),
                course_topic=fields.choice("course_topic", topics, required=False),
                answered_by=fields.choice("answered_by", intents, required=False),
                describes=fields.words("describes"),
            )
        )
    return tuple(ideas)


@cache
def glossary() -> tuple[Idea, ...]:
    """The shipped glossary, loaded once per process."""
    return load_glossary()


def section_answers(parts: Document | None = None) -> dict[str, str]:
    """The whole reply to each part's question that a response sends (utter_<intent>),
    by intent."""
    return {part.intent: part.reply for part in (parts or document()).replied_by_response}


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
    """The shipped index, built once per process from the shipped catalogues."""
    return IdeaIndex(glossary(), course_catalogue(), examples(), section_answers())


def near_part(idea: Idea) -> Part:
    """The part of the document closest to an idea (every `near` has one: tested)."""
    part = document().part_for(idea.answered_by or idea.near)
    assert part is not None, f"no part of the document for {idea.near}"
    return part


def idea_course(idea: Idea, part: Part) -> str | None:
    """The course that teaches an idea, else the best course on the part's topic."""
    return idea_index().teaching_course(idea) or best_course(course_catalogue(), part.course_topic)


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


# A question quoted in a reply is cut to this length.
MAX_QUOTE = 100


def quoted(text: str) -> str:
    """A question as a reply quotes it: "which algorithm does Google Translate use"."""
    question = " ".join(text.split()).rstrip(" ?!.")
    return f'"{question}"' if len(question) <= MAX_QUOTE else "that detail"


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
