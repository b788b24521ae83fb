"""Typed, validated catalogues of the document's courses and examples, loaded from YAML
(knowledge/data/courses.yml and examples.yml).

Both files are read once when the server starts (knowledge/startup.py). Anything malformed raises
`CatalogueError` naming the file and the offending field, so a bad edit stops the
server at start-up instead of breaking a conversation later.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from knowledge.records import (
    FIXED_VALUES,
    PREFERENCE_SECTIONS,
    PREFERENCES,
    Button,
    Course,
    CourseCatalogue,
    Example,
    PreferenceValue,
    Refinement,
)
from knowledge.validation import CatalogueError, Fields, read_yaml, required_section, unique

DATA = Path(__file__).resolve().parent / "data"
COURSES_FILE = DATA / "courses.yml"
EXAMPLES_FILE = DATA / "examples.yml"


# --- Loaders ------------------------------------------------------------------


def _preference_values(
    path: Path, content: Mapping[str, object], name: str
) -> dict[str, PreferenceValue]:
    values = {}
    for key, raw in required_section(path, content, name, dict).items():
        fields = Fields(path, f"{name}.{key}", raw)
        values[key] = PreferenceValue(key, fields.text("label"), fields.words("aliases"))
    return values


def load_course_catalogue(path: Path = COURSES_FILE) -> CourseCatalogue:
    content = read_yaml(path)
    preferences = {
        preference: _preference_values(path, content, section)
        for preference, section in PREFERENCE_SECTIONS.items()
    }
    for preference, fixed in FIXED_VALUES.items():
        if sorted(preferences[preference]) != sorted(fixed):
            section = PREFERENCE_SECTIONS[preference]
            raise CatalogueError(f"{path}: {section}: must define exactly {', '.join(fixed)}")
    levels, topics, providers = (preferences[p] for p in ("level", "topic", "provider"))

    courses: list[Course] = []
    for index, raw in enumerate(required_section(path, content, "courses", list)):
        fields = Fields(path, f"courses[{index}]", raw)
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
                no_code=fields.flag("no_code"),
            )
        )
    unique(path, "courses", [course.id for course in courses], "id")
    unique(path, "courses", [course.number for course in courses], "number")
    unique(path, "courses", [course.url for course in courses], "url")
    subject_words = Fields(path, "top level", content).words("subject_words")
    refinements = []
    for index, raw in enumerate(required_section(path, content, "refinements", list)):
        fields = Fields(path, f"refinements[{index}]", raw)
        preference = fields.choice("preference", PREFERENCES)
        refinements.append(
            Refinement(
                preference, fields.choice("value", preferences[preference]), fields.text("title")
            )
        )
    return CourseCatalogue(tuple(courses), preferences, subject_words, tuple(refinements))


def load_examples(path: Path = EXAMPLES_FILE) -> tuple[Example, ...]:
    content = read_yaml(path)
    examples = []
    for index, raw in enumerate(required_section(path, content, "examples", list)):
        fields = Fields(path, f"examples[{index}]", raw)
        related = Fields(path, f"examples[{index}].related", raw.get("related"))
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
    unique(path, "examples", [example.id for example in examples], "id")
    return tuple(examples)


def load_example_requests(path: Path = EXAMPLES_FILE) -> tuple[str, ...]:
    """How people ask for examples in general, naming no field (`overview.describes`)."""
    content = read_yaml(path)
    return Fields(path, "overview", required_section(path, content, "overview", dict)).words(
        "describes"
    )


@cache
def course_catalogue() -> CourseCatalogue:
    """The shipped course catalogue, loaded once per process."""
    return load_course_catalogue()


@cache
def examples() -> tuple[Example, ...]:
    """The shipped examples, loaded once per process."""
    return load_examples()


@cache
def example_requests() -> tuple[str, ...]:
    """The shipped ways of asking for examples in general, loaded once per process."""
    return load_example_requests()
