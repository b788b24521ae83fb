"""Typed, validated catalogues of the document's courses and examples, loaded from YAML.

Both files are read once when the action server starts. Anything malformed raises
`CatalogueError` naming the file and the offending field, so a bad edit stops the
server at start-up instead of breaking a conversation later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from actions.buttons import button

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
COURSES_FILE = CATALOGUE_DIR / "courses.yml"
EXAMPLES_FILE = CATALOGUE_DIR / "examples.yml"
QUESTIONS_FILE = CATALOGUE_DIR / "questions.yml"
TERMS_FILE = CATALOGUE_DIR / "terms.yml"
DOMAIN_FILE = CATALOGUE_DIR.parent.parent / "domain.yml"

# The preferences a course search can have, each with its section of courses.yml.
# domain.yml declares an entity and a slot of the same name for each (checked by
# tests/test_catalogue.py); everything else is derived from this table.
PREFERENCE_SECTIONS = {
    "level": "levels",
    "topic": "topics",
    "provider": "providers",
    "price": "prices",
    "length": "lengths",
    "coding": "codings",
}
PREFERENCES = tuple(PREFERENCE_SECTIONS)
# The values the course search gives a meaning of its own (actions/course_search.py):
# the file must define exactly these, so that a new one cannot silently never match.
FIXED_VALUES = {"price": ("free", "paid"), "length": ("short",), "coding": ("no_code",)}
# Query parameters that only track the visitor or pay an affiliate; the course page
# itself never needs them.
TRACKING_PARAMETERS = re.compile(
    r"^(utm_.*|ran(mid|eaid|siteid)|lsnpubid|irclickid|irgwc|awc|source|feature|ref|aff.*|fbclid|gclid)$",
    re.IGNORECASE,
)


class CatalogueError(ValueError):
    """A catalogue file is missing, unreadable or has an invalid field."""


@dataclass(frozen=True)
class Term:
    """A canonical value (a level, topic or provider) with the words that name it."""

    key: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    id: str
    number: int
    name: str
    provider: str
    url: str
    price: str
    topics: tuple[str, ...]
    summary: str
    aliases: tuple[str, ...]
    level: str | None = None
    length: str | None = None
    hours: float | None = None
    organisation: str | None = None
    instructor: str | None = None
    price_note: str | None = None
    no_code: bool = False

    @property
    def is_free(self) -> bool:
        return self.price == "free"


@dataclass(frozen=True)
class CourseCatalogue:
    courses: tuple[Course, ...]
    # Each preference of PREFERENCES -> its known values.
    preferences: Mapping[str, Mapping[str, Term]]
    subject_words: tuple[str, ...]
    # The buttons that narrow a list of courses, in the order they are offered.
    refinements: tuple[Refinement, ...] = ()

    def by_id(self, course_id: str) -> Course:
        return next(course for course in self.courses if course.id == course_id)

    def has_course(self, course_id: object) -> bool:
        return any(course.id == course_id for course in self.courses)

    def terms(self, preference: str) -> Mapping[str, Term]:
        """The known values of a course preference (one of PREFERENCES)."""
        return self.preferences[preference]

    def label(self, preference: str, key: str) -> str:
        """How a reply names a known value: terms("provider")["edx"] is "edX"."""
        return self.preferences[preference][key].label

    def knows(self, preference: str, value: object) -> bool:
        return isinstance(value, str) and value in self.preferences[preference]


@dataclass(frozen=True)
class Button:
    """A next step offered as a button: its title and the intent it sends."""

    title: str
    intent: str
    entities: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        return button(self.title, self.intent, **dict(self.entities))


@dataclass(frozen=True)
class Refinement:
    """A button under a list of courses that narrows it: "For beginners" sets the
    level to beginner."""

    preference: str
    value: str
    title: str


@dataclass(frozen=True)
class Example:
    """One field where deep learning is at work, with a short answer about it."""

    id: str
    title: str
    aliases: tuple[str, ...]
    answer: str
    related: Button


@dataclass(frozen=True)
class GlossaryTerm:
    """A deep-learning idea people ask about by name (actions/catalogue/terms.yml)."""

    key: str
    label: str
    aliases: tuple[str, ...]
    near: str  # the closest question the document answers
    course_topic: str | None = None  # the course topic that comes closest
    answered_by: str | None = None  # the question whose answer covers it in full
    describes: tuple[str, ...] = ()  # plain-words descriptions that do not name it


# --- Validation helpers -------------------------------------------------------


class _Fields:
    """Reads one YAML mapping, raising `CatalogueError` with file and location."""

    def __init__(self, source: Path, where: str, raw: Any) -> None:
        self.source = source
        self.where = where
        if not isinstance(raw, dict):
            self.fail(f"must be a mapping, got {type(raw).__name__}")
        self.raw: dict[str, Any] = raw

    def fail(self, message: str, field: str | None = None) -> None:
        location = f"{self.where}.{field}" if field else self.where
        raise CatalogueError(f"{self.source}: {location}: {message}")

    def text(self, field: str, required: bool = True) -> str | None:
        value = self.raw.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail("must be a non-empty string", field)
        return value.strip()

    def hours(self, field: str) -> float | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.fail("must be a positive number of hours", field)
        return float(value)

    def integer(self, field: str) -> int:
        value = self.raw.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail("must be a positive whole number", field)
        return value

    def flag(self, field: str) -> bool:
        value = self.raw.get(field, False)
        if not isinstance(value, bool):
            self.fail("must be true or false", field)
        return value

    def words(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            self.fail("must be a non-empty list of strings", field)
        return tuple(item.strip().lower() for item in value)

    def mapping(self, field: str) -> tuple[tuple[str, str], ...]:
        """An optional mapping of names to strings, as pairs."""
        value = self.raw.get(field, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
        ):
            self.fail("must be a mapping of names to non-empty strings", field)
        return tuple((k, v.strip()) for k, v in value.items())

    def choice(self, field: str, allowed: Iterable[str], required: bool = True) -> str | None:
        value = self.text(field, required)
        allowed = list(allowed)
        if value is not None and value not in allowed:
            self.fail(f"'{value}' is not one of {', '.join(allowed)}", field)
        return value

    def choices(self, field: str, allowed: Iterable[str]) -> tuple[str, ...]:
        values = self.words(field)
        allowed = list(allowed)
        for value in values:
            if value not in allowed:
                self.fail(f"'{value}' is not one of {', '.join(allowed)}", field)
        return values

    def clean_url(self, field: str) -> str:
        url = self.text(field)
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.netloc:
            self.fail(f"'{url}' must be an https URL", field)
        tracking = [
            name
            for name, _ in parse_qsl(parts.query, keep_blank_values=True)
            if TRACKING_PARAMETERS.match(name)
        ]
        if tracking:
            self.fail(f"has tracking parameters: {', '.join(tracking)}", field)
        return url


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"{path}: cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: is not valid YAML: {error}") from error
    if not isinstance(content, dict):
        raise CatalogueError(f"{path}: must hold a mapping at the top level")
    return content


def _section(path: Path, content: Mapping[str, Any], name: str, kind: type) -> Any:
    value = content.get(name)
    if not isinstance(value, kind) or not value:
        raise CatalogueError(f"{path}: {name}: must be a non-empty {kind.__name__}")
    return value


def _terms(path: Path, content: Mapping[str, Any], section: str) -> dict[str, Term]:
    terms = {}
    for key, raw in _section(path, content, section, dict).items():
        fields = _Fields(path, f"{section}.{key}", raw)
        terms[key] = Term(key, fields.text("label"), fields.words("aliases"))
    return terms


def _unique(path: Path, section: str, values: Sequence[Any], what: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise CatalogueError(f"{path}: {section}: duplicate {what} '{value}'")
        seen.add(value)


# --- Loaders ------------------------------------------------------------------


def load_course_catalogue(path: Path = COURSES_FILE) -> CourseCatalogue:
    content = _read_yaml(path)
    preferences = {
        preference: _terms(path, content, section)
        for preference, section in PREFERENCE_SECTIONS.items()
    }
    for preference, fixed in FIXED_VALUES.items():
        if sorted(preferences[preference]) != sorted(fixed):
            section = PREFERENCE_SECTIONS[preference]
            raise CatalogueError(f"{path}: {section}: must define exactly {', '.join(fixed)}")
    levels, topics, providers = (preferences[p] for p in ("level", "topic", "provider"))

    courses: list[Course] = []
    for index, raw in enumerate(_section(path, content, "courses", list)):
        fields = _Fields(path, f"courses[{index}]", raw)
        courses.append(
            Course(
                id=fields.text("id"),
                number=fields.integer("number"),
                name=fields.text("name"),
                provider=fields.choice("provider", providers),
                url=fields.clean_url("url"),
                price=fields.choice("price", preferences["price"]),
                topics=fields.choices("topics", topics),
                summary=fields.text("summary"),
                aliases=fields.words("aliases"),
                level=fields.choice("level", levels, required=False),
                length=fields.text("length", required=False),
                hours=fields.hours("hours"),
                organisation=fields.choice("organisation", providers, required=False),
                instructor=fields.text("instructor", required=False),
                price_note=fields.text("price_note", required=False),
                no_code=fields.flag("no_code"),
            )
        )
    _unique(path, "courses", [course.id for course in courses], "id")
    _unique(path, "courses", [course.number for course in courses], "number")
    _unique(path, "courses", [course.url for course in courses], "url")
    subject_words = _Fields(path, "top level", content).words("subject_words")
    refinements = []
    for index, raw in enumerate(_section(path, content, "refinements", list)):
        fields = _Fields(path, f"refinements[{index}]", raw)
        preference = fields.choice("preference", PREFERENCES)
        refinements.append(
            Refinement(
                preference, fields.choice("value", preferences[preference]), fields.text("title")
            )
        )
    return CourseCatalogue(tuple(courses), preferences, subject_words, tuple(refinements))


def load_examples(path: Path = EXAMPLES_FILE) -> tuple[Example, ...]:
    content = _read_yaml(path)
    examples = []
    for index, raw in enumerate(_section(path, content, "examples", list)):
        fields = _Fields(path, f"examples[{index}]", raw)
        related = _Fields(path, f"examples[{index}].related", raw.get("related"))
        examples.append(
            Example(
                id=fields.text("id"),
                title=fields.text("title"),
                aliases=fields.words("aliases"),
                answer=fields.text("answer"),
                related=Button(
                    related.text("title"), related.text("intent"), related.mapping("entities")
                ),
            )
        )
    _unique(path, "examples", [example.id for example in examples], "id")
    return tuple(examples)


def load_example_requests(path: Path = EXAMPLES_FILE) -> tuple[str, ...]:
    """How people ask for examples in general, naming no field (`overview.describes`)."""
    content = _read_yaml(path)
    return _Fields(path, "overview", _section(path, content, "overview", dict)).words("describes")


def load_questions(path: Path = QUESTIONS_FILE) -> dict[str, str]:
    """The questions answered on their own: intent name -> button label."""
    content = _read_yaml(path)
    questions = _section(path, content, "questions", dict)
    fields = _Fields(path, "questions", questions)
    return {str(intent): fields.text(intent) for intent in questions}


def load_glossary(
    path: Path = TERMS_FILE,
    questions: Mapping[str, str] | None = None,
    topics: Iterable[str] | None = None,
) -> tuple[GlossaryTerm, ...]:
    """The glossary, with `near` and `answered_by` checked against the questions and
    `course_topic` against the course catalogue's topics."""
    questions = load_questions() if questions is None else questions
    topics = list(course_catalogue().terms("topic") if topics is None else topics)
    content = _read_yaml(path)
    terms = []
    for key, raw in _section(path, content, "terms", dict).items():
        fields = _Fields(path, f"terms.{key}", raw)
        terms.append(
            GlossaryTerm(
                key=str(key),
                label=fields.text("label"),
                aliases=fields.words("aliases"),
                near=fields.choice("near", questions),
                course_topic=fields.choice("course_topic", topics, required=False),
                answered_by=fields.choice("answered_by", questions, required=False),
                describes=fields.words("describes"),
            )
        )
    return tuple(terms)


@cache
def course_catalogue() -> CourseCatalogue:
    """The shipped course catalogue, loaded once per process."""
    return load_course_catalogue()


@cache
def examples() -> tuple[Example, ...]:
    """The shipped examples, loaded once per process."""
    return load_examples()


@cache
def shipped_domain() -> dict[str, Any]:
    """The assistant's domain.yml, read once per process. The actions that need a part
    of it read it here, so that Rasa does not serialise and send the whole domain with
    every call (endpoints.yml, `enable_selective_domain`)."""
    return _read_yaml(DOMAIN_FILE)


@cache
def example_requests() -> tuple[str, ...]:
    """The shipped ways of asking for examples in general, loaded once per process."""
    return load_example_requests()


@cache
def questions() -> dict[str, str]:
    """The shipped question labels, loaded once per process."""
    return load_questions()


@cache
def glossary() -> tuple[GlossaryTerm, ...]:
    """The shipped glossary, loaded once per process."""
    return load_glossary()


# --- Finding catalogue words in a message ------------------------------------


def _alias_words(alias: str) -> str:
    """An alias as a pattern in which spaces and hyphens match each other."""
    return r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", alias))


@lru_cache(maxsize=64)
def _key_patterns(aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern]]:
    """One compiled pattern per key: any of its aliases as whole words (or their
    plurals), the longest alias first so that it wins where several start."""
    patterns = []
    for key, words in aliases:
        ordered = sorted({_alias_words(word) for word in words}, key=len, reverse=True)
        if ordered:
            alternatives = "|".join(ordered)
            pattern = re.compile(rf"(?<![\w.])(?:{alternatives})(?:s|es)?(?![\w])", re.IGNORECASE)
            patterns.append((key, pattern))
    return patterns


def find_mention_spans(
    text: str, aliases_by_key: Mapping[str, Iterable[str]]
) -> list[tuple[str, str]]:
    """(key, words as written) for each key whose aliases occur as whole words (or
    their plurals) in `text`, in order; the longest alias at a place wins. Spaces and
    hyphens match each other ("k-means" finds "k means", and the reverse), and the words
    are returned as written. The patterns are compiled once per set of aliases."""
    written = " ".join(text.replace("’", "'").split())
    frozen = tuple((key, tuple(aliases)) for key, aliases in aliases_by_key.items())
    found = []
    for key, pattern in _key_patterns(frozen):
        match = pattern.search(written)
        if match:
            found.append((match.start(), -len(match.group()), key))
    return [(key, written[start : start - length]) for start, length, key in sorted(found)]


def find_mentions(text: str, aliases_by_key: Mapping[str, Iterable[str]]) -> list[str]:
    """Keys whose aliases occur as whole words (or their plurals) in `text`, in order.

    Used when the NLU extracted no entity: the catalogue's own vocabulary is
    checked against the message so that unseen wordings still find their value.
    """
    return [key for key, _ in find_mention_spans(text, aliases_by_key)]
