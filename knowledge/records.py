"""The typed records of the catalogues: course preferences and their values, courses,
examples and the deep-learning ideas of the glossary. Loaded and checked by
knowledge/catalogues.py."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.buttons import button

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
# The values the course search gives a meaning of its own (knowledge/course_search.py):
# the file must define exactly these, so that a new one cannot silently never match.
FIXED_VALUES = {"price": ("free", "paid"), "length": ("short",), "coding": ("no_code",)}


@dataclass(frozen=True)
class PreferenceValue:
    """A known value of a course preference (a level, a topic, a provider...) with the
    words that name it."""

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
    no_code: bool = False

    @property
    def is_free(self) -> bool:
        return self.price == "free"


@dataclass(frozen=True)
class CourseCatalogue:
    courses: tuple[Course, ...]
    # Each preference of PREFERENCES -> its known values.
    preferences: Mapping[str, Mapping[str, PreferenceValue]]
    subject_words: tuple[str, ...]
    # The buttons that narrow a list of courses, in the order they are offered.
    refinements: tuple[Refinement, ...] = ()

    def by_id(self, course_id: str) -> Course:
        return next(course for course in self.courses if course.id == course_id)

    def has_course(self, course_id: object) -> bool:
        return any(course.id == course_id for course in self.courses)

    @property
    def free_count(self) -> int:
        return sum(course.is_free for course in self.courses)

    @property
    def free_share(self) -> str:
        """How many of the courses are free, as a reply says it: "all of them free",
        "8 of them free"."""
        free = self.free_count
        if free == len(self.courses):
            return "all of them free"
        return f"{free} of them free" if free else "none of them free"

    def values_of(self, preference: str) -> Mapping[str, PreferenceValue]:
        """The known values of a course preference (one of PREFERENCES)."""
        return self.preferences[preference]

    def label(self, preference: str, key: str) -> str:
        """How a reply names a known value: values_of("provider")["edx"] is "edX"."""
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


def steps_value(steps: Sequence[Button]) -> str | None:
    """Next steps as one text, for a slot that keeps what a reply offered: a JSON list
    of [title, intent, entities]; None for no step."""
    if not steps:
        return None
    return json.dumps([[s.title, s.intent, dict(s.entities)] for s in steps], ensure_ascii=False)


def steps_from_value(value: object) -> tuple[Button, ...]:
    """The steps `steps_value` wrote; none for anything else (a hand-typed value)."""
    if not isinstance(value, str) or not value:
        return ()
    try:
        raw = json.loads(value)
    except ValueError:
        return ()
    steps = []
    for item in raw if isinstance(raw, list) else []:
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not all(isinstance(part, str) for part in item[:2])
            or not isinstance(item[2], dict)
        ):
            return ()
        entities = tuple((str(k), str(v)) for k, v in item[2].items())
        steps.append(Button(item[0], item[1], entities))
    return tuple(steps)


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
class Idea:
    """A deep-learning idea people ask about by name (knowledge/data/glossary.yml)."""

    key: str
    label: str
    aliases: tuple[str, ...]
    near: str  # the closest question the document answers
    course_topic: str | None = None  # the course topic that comes closest
    answered_by: str | None = None  # the question whose answer covers it in full
    describes: tuple[str, ...] = ()  # plain-words descriptions that do not name it
