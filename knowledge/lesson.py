"""The guided lesson: the document's parts in an order that builds understanding
(knowledge/data/lesson.yml), each step told from its parts' gists.

The steps name parts; their words come from the parts' entries, so a change to a part
changes its step too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.catalogues import DATA
from knowledge.document import document
from knowledge.facts import capitalised
from knowledge.validation import CatalogueError, Fields, read_yaml, required_section

LESSON_FILE = DATA / "lesson.yml"


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    parts: tuple[str, ...] = ()
    course: bool = False  # the step that finds a course for the learner

    @property
    def text(self) -> str:
        """What the step teaches: its parts' gists, one sentence each."""
        parts = document().parts
        return " ".join(capitalised(parts[key].gist) for key in self.parts)


@dataclass(frozen=True)
class Lesson:
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        """Step `number` (1-based), kept within the lesson."""
        return self.steps[min(max(number, 1), self.length) - 1]


def load_lesson(path: Path = LESSON_FILE) -> Lesson:
    content = read_yaml(path)
    raw_steps = required_section(path, content, "steps", list)
    known = document().parts
    steps = []
    for number, raw in enumerate(raw_steps, start=1):
        fields = Fields(path, f"steps[{number - 1}]", raw)
        parts = tuple(fields.raw.get("parts") or ())
        course = fields.flag("course")
        if not parts and not course:
            fields.fail("needs parts, or course: true")
        for key in parts:
            if key not in known or not known[key].gist:
                fields.fail(f"names '{key}', which is no part with a gist", "parts")
        steps.append(Step(number, fields.text("title"), parts, course))
    if not steps[-1].course:
        raise CatalogueError(f"{path}: steps: the last step finds a course (course: true)")
    return Lesson(tuple(steps))


@cache
def lesson() -> Lesson:
    return load_lesson()
