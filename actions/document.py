"""The document's parts, for follow-ups in the thread of a conversation: what each
part says beyond its answer, its examples, where it comes from, and what it leaves out.

Loaded from catalogue/threads.yml and checked when the action server starts, like
the other catalogues: a bad entry stops the server naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from actions.catalogue import CATALOGUE_DIR, course_catalogue, examples, questions
from actions.validation import Fields, read_yaml, required_section

THREADS_FILE = CATALOGUE_DIR / "threads.yml"
# The kinds of question a short follow-up can be ("how many?", "why?"); `other` is
# everything else, questions answered yes or no included.
QUESTION_KINDS = (
    "how many",
    "how much",
    "how long",
    "how",
    "why",
    "when",
    "where",
    "who",
    "which",
    "what",
)
OTHER = "other"
# The parts that are not a section answered by an intent of its own.
EXAMPLES, COURSES, EXAMPLE_PREFIX = "examples", "courses", "example:"
# The questions whose answer is a part of another name.
QUESTION_PARTS = {"ask_examples": EXAMPLES, "ask_courses": COURSES}
# The part about where the answers come from: the one part without a source.
SOURCES = "ask_sources"


@dataclass(frozen=True)
class Fact:
    """One thing the document says on a part, in the assistant's words."""

    says: str
    kinds: tuple[str, ...]  # the short questions it answers: "how many", "why", ...
    asks: tuple[str, ...]  # ways people ask for it


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    url: str


@dataclass(frozen=True)
class Part:
    """A part of the document a conversation can be about (threads.yml)."""

    key: str
    label: str
    source: str | None  # None for the part about the sources themselves
    gist: str
    more: str
    then: str
    examples: tuple[str, ...]
    not_said: Mapping[str, str]
    facts: tuple[Fact, ...]
    instance: str | None = None
    course_topic: str | None = None
    answers: tuple[str, ...] = ()  # kinds its answer answers besides its facts'

    @property
    def kinds(self) -> set[str]:
        """The kinds of question the part answers: "why", "how many"..."""
        return set(self.answers) | {kind for fact in self.facts for kind in fact.kinds}

    @property
    def example_id(self) -> str | None:
        """The example this part is ("example:medicine" -> "medicine"), if it is one."""
        return self.key[len(EXAMPLE_PREFIX) :] if self.key.startswith(EXAMPLE_PREFIX) else None

    def unsaid(self, kind: str) -> str:
        """How "The document doesn't say ..." ends for a question of this kind."""
        return self.not_said.get(kind) or self.not_said[OTHER]


@dataclass(frozen=True)
class Document:
    sources: Mapping[str, Source]
    parts: Mapping[str, Part]
    source_asks: tuple[str, ...] = ()  # how people ask where an answer comes from

    def part(self, key: str | None) -> Part | None:
        return self.parts.get(key) if key else None

    def part_for(self, intent: str) -> Part | None:
        """The part a question's intent asks about ("ask_examples" -> the examples)."""
        return self.part(QUESTION_PARTS.get(intent, intent))


def _kinds(fields: Fields, field: str) -> tuple[str, ...]:
    values = fields.raw.get(field, [])
    if not isinstance(values, list) or any(v not in QUESTION_KINDS for v in values):
        fields.fail(f"must be a list of {', '.join(QUESTION_KINDS)}", field)
    return tuple(values)


def _strings(fields: Fields, field: str) -> tuple[str, ...]:
    values = fields.raw.get(field, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        fields.fail("must be a list of non-empty strings", field)
    return tuple(v.strip() for v in values)


def part_keys(intents: Iterable[str], example_ids: Iterable[str]) -> set[str]:
    """The keys a part may have: a question's intent, "examples", "example:<id>" or
    "courses"."""
    return (
        set(intents)
        | {EXAMPLES, COURSES}
        | {f"{EXAMPLE_PREFIX}{example_id}" for example_id in example_ids}
    )


def load_document(
    path: Path = THREADS_FILE,
    intents: Iterable[str] | None = None,
    example_ids: Iterable[str] | None = None,
    topics: Iterable[str] | None = None,
) -> Document:
    """The parts and sources of threads.yml, each reference checked: parts against the
    question intents and the examples, topics against the course catalogue."""
    intents = list(questions() if intents is None else intents)
    example_ids = [e.id for e in examples()] if example_ids is None else list(example_ids)
    topics = list(course_catalogue().values_of("topic") if topics is None else topics)
    keys = part_keys(intents, example_ids)
    content = read_yaml(path)
    sources = {}
    for key, raw in required_section(path, content, "sources", dict).items():
        fields = Fields(path, f"sources.{key}", raw)
        sources[str(key)] = Source(str(key), fields.text("label"), fields.clean_url("url"))
    raw_parts = required_section(path, content, "parts", dict)
    parts = {}
    for key, raw in raw_parts.items():
        where = f"parts.{key}"
        fields = Fields(path, where, raw)
        if key not in keys:
            fields.fail("is neither a question's intent, an example nor examples/courses")
        not_said = Fields(path, f"{where}.not_said", raw.get("not_said"))
        for kind in not_said.raw:
            if kind not in (*QUESTION_KINDS, OTHER):
                not_said.fail(f"'{kind}' is not one of {', '.join(QUESTION_KINDS)}, other")
            not_said.text(kind)
        not_said.text(OTHER)
        facts = []
        for number, raw_fact in enumerate(raw.get("facts") or []):
            fact = Fields(path, f"{where}.facts[{number}]", raw_fact)
            facts.append(Fact(fact.text("says"), _kinds(fact, "wh"), _strings(fact, "asks")))
        parts[str(key)] = Part(
            key=str(key),
            label=fields.text("label"),
            source=fields.choice("source", sources, required=key != SOURCES),
            gist=fields.text("gist"),
            more=fields.text("more"),
            then=fields.choice("then", raw_parts),
            examples=fields.choices("examples", example_ids) if raw.get("examples") else (),
            not_said={k: v.strip() for k, v in not_said.raw.items()},
            facts=tuple(facts),
            instance=fields.text("instance", required=False),
            course_topic=fields.choice("course_topic", topics, required=False),
            answers=_kinds(fields, "answers"),
        )
    source_asks = _strings(Fields(path, "top level", content), "source_asks")
    return Document(sources, parts, source_asks)


@cache
def document() -> Document:
    """The shipped parts and sources, loaded once per process."""
    return load_document()
