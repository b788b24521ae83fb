"""The document's parts, one entry each: the sections the assistant answers on their
own (knowledge/data/parts.yml), the examples of deep learning at work and their
overview (knowledge/data/examples.yml), and the list of courses.

An entry holds everything said about its part: the question that asks for it, its
answer and what that answer offers next, its buttons, its source, and for follow-ups
in the thread of a conversation its gist, what "tell me more" adds, its examples, its
facts and what it leaves out. domain.yml's answers, the `thread` slot's mappings and
the answering rules are generated from the entries (scripts/generate_parts.py).

Loaded and checked when the action server starts, like the other catalogues: a bad
entry stops the server naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from knowledge.catalogues import DATA, EXAMPLES_FILE, course_catalogue
from knowledge.phrasing import OTHER, QUESTION_KINDS
from knowledge.records import Button
from knowledge.validation import CatalogueError, Fields, read_yaml, required_section, unique

PARTS_FILE = DATA / "parts.yml"
# The questions asked by buttons that no part answers: small talk and help.
QUESTIONS_FILE = DATA / "questions.yml"
# The parts that are not a section answered by an intent of its own.
EXAMPLES, COURSES, EXAMPLE_PREFIX = "examples", "courses", "example:"
# The intents that ask for a part of another name.
QUESTION_PARTS = {"ask_examples": EXAMPLES, "ask_courses": COURSES}
# The part about where the answers come from: the one part without a source.
SOURCES = "ask_sources"
# In an answer, where the list of sources goes.
SOURCE_LIST = "{sources}"


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
class Offer:
    """What an answer offers next: the question that ends it, and what accepting it
    gives (one step, or several to choose from)."""

    ask: str
    gives: tuple[Button, ...]


@dataclass(frozen=True)
class Part:
    """A part of the document a conversation can be about."""

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
    question: str | None = None  # how a button asks for it; None for one example
    section: str | None = None  # the section of the document it comes from
    answer: str | None = None  # the answer to its question, sent as utter_<intent>
    offer: Offer | None = None
    buttons: tuple[Button, ...] = ()
    states: tuple[str, ...] = ()  # words of the document its answer states

    @property
    def intent(self) -> str | None:
        """The intent that asks for the part ("ask_cnn", "ask_examples"); None for one
        example, which is asked for by its field."""
        if self.key.startswith(EXAMPLE_PREFIX):
            return None
        return next((i for i, key in QUESTION_PARTS.items() if key == self.key), self.key)

    @property
    def reply(self) -> str | None:
        """The whole reply to its question: the answer, then the offer's question."""
        if self.answer is None:
            return None
        return f"{self.answer} {self.offer.ask}" if self.offer else self.answer

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
    sections: tuple[str, ...]
    sources: Mapping[str, Source]
    parts: Mapping[str, Part]
    source_asks: tuple[str, ...] = ()  # how people ask where an answer comes from
    # The labels of the questions that buttons ask and no part answers ("help").
    other_questions: Mapping[str, str] | None = None

    def part(self, key: str | None) -> Part | None:
        return self.parts.get(key) if key else None

    def part_for(self, intent: str) -> Part | None:
        """The part a question's intent asks about ("ask_examples" -> the examples)."""
        return self.part(QUESTION_PARTS.get(intent, intent))

    @property
    def questions(self) -> dict[str, str]:
        """Every question a button can ask: intent -> its label."""
        asked = {p.intent: p.question for p in self.parts.values() if p.intent and p.question}
        return asked | dict(self.other_questions or {})

    def step_to(self, key: str) -> Button:
        """The step that asks for part `key`: its question's intent, or an example's
        field."""
        part = self.parts[key]
        if part.example_id:
            label = part.label[0].upper() + part.label[1:]
            return Button(label, "ask_examples", (("example_field", part.example_id),))
        return Button(part.question or part.label, part.intent or key)

    def more_offer(self, part: Part) -> tuple[Button, ...]:
        """What "tell me more" after `part` offers at its end: the part it leads to, or,
        for a part that leads to itself (the courses), the next page."""
        if part.then == part.key:
            return (Button("Show me more", "ask_more"),)
        return (self.step_to(part.then),)

    @property
    def answered_by_response(self) -> list[Part]:
        """The parts whose question is answered by their own response (utter_<intent>)
        through a rule; the others are answered by an action that sends it or more."""
        return [p for p in self.replied_by_response if p.key not in ACTIONS]

    @property
    def replied_by_response(self) -> list[Part]:
        """The parts whose reply is a response of the domain (utter_<intent>), sent by a
        rule or by the action that answers the part."""
        return [part for part in self.parts.values() if part.intent and part.reply]


# The parts whose question an action answers, and that action (data/rules/answers.yml).
ACTIONS = {
    EXAMPLES: "action_show_examples",
    COURSES: "action_start_course_search",
    SOURCES: "action_name_source",
}


def listed(sources: Iterable[Source]) -> str:
    """ "A (https://a), B (https://b) and C (https://c)": the sources with their addresses."""
    items = [f"{source.label} ({source.url})" for source in sources]
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


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


class _Steps:
    """Reads the buttons and offers of a part: each a part's key (titled with that
    part's question), or a title with the intent and entities it sends."""

    def __init__(self, fields: Fields, keys: set[str], questions: Mapping[str, str]) -> None:
        self.fields = fields
        self.keys = keys
        self.questions = questions

    def step(self, raw: Any, field: str, title_needed: bool) -> Button:
        if isinstance(raw, str):
            if raw not in self.questions:
                self.fields.fail(f"'{raw}' is not a part that a question asks for", field)
            intent = next((i for i, k in QUESTION_PARTS.items() if k == raw), raw)
            return Button(self.questions[raw], intent)
        step = Fields(self.fields.source, f"{self.fields.where}.{field}", raw)
        title = step.text("title", required=title_needed) or ""
        return Button(title, step.text("intent"), step.mapping("entities"))

    def steps(self, raw: Any, field: str, title_needed: bool = True) -> tuple[Button, ...]:
        items = raw if isinstance(raw, list) else [raw]
        if not items or raw is None:
            self.fields.fail("must name at least one step", field)
        return tuple(
            self.step(item, f"{field}[{number}]", title_needed) for number, item in enumerate(items)
        )


def _offer(fields: Fields, steps: _Steps, buttons: tuple[Button, ...]) -> Offer | None:
    raw = fields.raw.get("offer")
    if raw is None:
        return None
    offer = Fields(fields.source, f"{fields.where}.offer", raw)
    ask = offer.text("ask")
    if not ask.endswith("?"):
        offer.fail("must be a question", "ask")
    gives = steps.steps(offer.raw.get("gives"), "offer.gives", title_needed=False)
    # A step given without a title takes the title of the button that sends it.
    titled = {(button.intent, button.entities): button.title for button in buttons}
    for number, step in enumerate(gives):
        if not step.title and (step.intent, step.entities) not in titled:
            offer.fail("needs a title, or a button that sends it", f"gives[{number}]")
    return Offer(
        ask,
        tuple(
            step if step.title else replace(step, title=titled[(step.intent, step.entities)])
            for step in gives
        ),
    )


def _part(
    fields: Fields,
    key: str,
    keys: set[str],
    questions: Mapping[str, str],
    sections: Iterable[str],
    sources: Mapping[str, Source],
    example_ids: Iterable[str],
    topics: Iterable[str],
    **given: Any,
) -> Part:
    where = fields.where
    not_said = Fields(fields.source, f"{where}.not_said", fields.raw.get("not_said"))
    for kind in not_said.raw:
        if kind not in (*QUESTION_KINDS, OTHER):
            not_said.fail(f"'{kind}' is not one of {', '.join(QUESTION_KINDS)}, other")
        not_said.text(kind)
    not_said.text(OTHER)
    facts = []
    for number, raw_fact in enumerate(fields.raw.get("facts") or []):
        fact = Fields(fields.source, f"{where}.facts[{number}]", raw_fact)
        facts.append(Fact(fact.text("says"), _kinds(fact, "wh"), _strings(fact, "asks")))
    steps = _Steps(fields, keys, questions)
    buttons = steps.steps(fields.raw["buttons"], "buttons") if fields.raw.get("buttons") else ()
    answer = fields.text("answer", required=False)
    if answer is not None:
        answer = answer.replace(SOURCE_LIST, listed(sources.values()))
    if fields.raw.get("offer") is not None and answer is None:
        fields.fail("an offer needs an answer to end", "offer")
    values: dict[str, Any] = dict(
        key=key,
        label=fields.text("label"),
        source=fields.choice("source", sources, required=key != SOURCES),
        gist=fields.text("gist"),
        more=fields.text("more"),
        then=fields.choice("then", keys),
        examples=fields.choices("examples", example_ids) if fields.raw.get("examples") else (),
        not_said={k: v.strip() for k, v in not_said.raw.items()},
        facts=tuple(facts),
        instance=fields.text("instance", required=False),
        course_topic=fields.choice("course_topic", topics, required=False),
        answers=_kinds(fields, "answers"),
        section=fields.choice("section", sections, required=False),
        answer=answer,
        buttons=buttons,
        offer=_offer(fields, steps, buttons),
        states=_strings(fields, "states"),
    )
    return Part(**(values | given))


def load_document(
    path: Path = PARTS_FILE,
    examples_path: Path = EXAMPLES_FILE,
    questions_path: Path = QUESTIONS_FILE,
    topics: Iterable[str] | None = None,
) -> Document:
    """The parts and sources of parts.yml and examples.yml, each reference checked:
    parts, examples and sections against each other, topics against the course
    catalogue."""
    topics = list(course_catalogue().values_of("topic") if topics is None else topics)
    content = read_yaml(path)
    examples_content = read_yaml(examples_path)
    sections = tuple(str(s) for s in required_section(path, content, "sections", list))
    sources = {}
    for key, raw in required_section(path, content, "sources", dict).items():
        fields = Fields(path, f"sources.{key}", raw)
        sources[str(key)] = Source(str(key), fields.text("label"), fields.clean_url("url"))
    raw_parts = required_section(path, content, "parts", dict)
    raw_examples = required_section(examples_path, examples_content, "examples", list)
    example_ids = [str(raw.get("id")) for raw in raw_examples if isinstance(raw, dict)]
    unique(examples_path, "examples", example_ids, "id")
    keys = set(map(str, raw_parts)) | {EXAMPLES} | {f"{EXAMPLE_PREFIX}{i}" for i in example_ids}
    overview = Fields(
        examples_path,
        "overview",
        required_section(examples_path, examples_content, "overview", dict),
    )
    questions = {
        str(k): Fields(path, f"parts.{k}", raw).text("question") for k, raw in raw_parts.items()
    }
    questions[EXAMPLES] = overview.text("question")
    context = dict(
        keys=keys,
        questions=questions,
        sections=sections,
        sources=sources,
        example_ids=example_ids,
        topics=topics,
    )
    parts = {}
    for key, raw in raw_parts.items():
        fields = Fields(path, f"parts.{key}", raw)
        if not str(key).startswith("ask_") and key != COURSES:
            fields.fail("must be a question's intent (ask_...) or courses")
        parts[str(key)] = _part(fields, str(key), question=questions[str(key)], **context)
    parts[EXAMPLES] = _part(overview, EXAMPLES, question=questions[EXAMPLES], **context)
    for number, raw in enumerate(raw_examples):
        fields = Fields(examples_path, f"examples[{number}]", raw)
        key = f"{EXAMPLE_PREFIX}{fields.text('id')}"
        # An example comes from the section of the overview.
        parts[key] = (
            _part(fields, key, **context)
            if "section" in raw
            else replace(_part(fields, key, **context), section=parts[EXAMPLES].section)
        )
    source_asks = _strings(Fields(path, "top level", content), "source_asks")
    other = Fields(
        questions_path,
        "questions",
        required_section(questions_path, read_yaml(questions_path), "questions", dict),
    )
    other_questions = {str(intent): other.text(intent) for intent in other.raw}
    clash = set(other_questions) & {p.intent for p in parts.values()}
    if clash:
        raise CatalogueError(f"{questions_path}: questions: {', '.join(sorted(clash))} is a part's")
    return Document(sections, sources, parts, source_asks, other_questions)


@cache
def document() -> Document:
    """The shipped parts and sources, loaded once per process."""
    return load_document()


def questions() -> dict[str, str]:
    """The shipped questions a button can ask: intent -> label."""
    return document().questions
