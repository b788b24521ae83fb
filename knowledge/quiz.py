"""The quiz: questions on what the document says (knowledge/data/quiz.yml), drawn five
a round, and the user's answer read from what they type ("150", "the second one", "b",
"images") or click.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.catalogues import DATA
from knowledge.document import document
from knowledge.validation import CatalogueError, Fields, read_yaml, required_section, unique

QUIZ_FILE = DATA / "quiz.yml"
ROUND_SIZE = 5
LETTERS = "abcd"
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3}
ORDINALS |= {"4th": 3}
# "skip", "pass", "I don't know": the question is skipped.
SKIP = re.compile(
    r"^\W*(?:skip(?: it| this(?: one)?| the question)?|pass|next(?: one| question)?|"
    r"i (?:don'?t|do not|dont) know|no idea|dunno|idk|not sure|no clue|i give up)\W*$",
    re.IGNORECASE,
)
# "stop", "quit", "that's enough": the round ends.
STOP = re.compile(
    r"^\W*(?:(?:i want to |let'?s |please )?(?:stop|quit|exit|end|cancel|leave)"
    r"(?: (?:the |this )?(?:quiz|round|game|it|now|here|please))*|enough(?: now)?|"
    r"that'?s enough|no more(?: questions)?)\W*$",
    re.IGNORECASE,
)
# A choice named by its place: "b", "(c)", "option 2", "the second one", "number 3".
BY_LETTER = re.compile(r"^\W*(?:(?:option|answer|choice|letter)\s+)?\(?([a-d])\)?\W*$", re.I)
BY_NUMBER = re.compile(
    r"^\W*(?:it'?s |i think |i'?d say )?(?:the )?((?:option|answer|choice|number|no\.?) )?"
    r"(\d+|first|second|third|fourth|1st|2nd|3rd|4th|last)(?: one| option| answer| choice)?\W*$",
    re.IGNORECASE,
)
QUESTION_START = re.compile(
    r"^\W*(?:what|what's|whats|how|why|when|where|who|which|can|could|does|do|is|are|will|"
    r"would|should|tell me|explain)\b",
    re.IGNORECASE,
)
# Typed words are read as a choice only in a short answer: a longer message is a
# question or a remark, answered as usual.
MAX_ANSWER_WORDS = 4


@dataclass(frozen=True)
class Question:
    id: str
    ask: str
    choices: tuple[str, ...]  # the right one first
    fact: str
    part: str  # the part to read again after a wrong answer
    grounded: tuple[str, ...]  # words of the seed document that state the right answer

    @property
    def right(self) -> str:
        return self.choices[0]


@dataclass(frozen=True)
class Asked:
    """A question as a round asks it: its choices in the order shown."""

    question: Question
    order: tuple[int, ...]

    @property
    def shown(self) -> list[str]:
        return [self.question.choices[i] for i in self.order]

    @property
    def right_place(self) -> int:
        return self.order.index(0)

    def as_value(self) -> str:
        """As the round's slot keeps it: "hidden_layers|2,0,1,3"."""
        return f"{self.question.id}|{','.join(map(str, self.order))}"

    @classmethod
    def from_value(cls, value: str) -> Asked | None:
        key, _, order = str(value).partition("|")
        question = quiz().get(key)
        try:
            places = tuple(int(i) for i in order.split(","))
        except ValueError:
            return None
        if question is None or sorted(places) != list(range(len(question.choices))):
            return None
        return cls(question, places)


@dataclass(frozen=True)
class Quiz:
    questions: tuple[Question, ...]

    def get(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.id == key), None)

    def draw(self, seen: Sequence[str], rng: random.Random) -> list[Asked]:
        """A round: questions not asked before first, then the ones asked longest ago;
        none twice; each with its choices shuffled."""
        fresh = [q for q in self.questions if q.id not in seen]
        rng.shuffle(fresh)
        again = sorted(
            (q for q in self.questions if q.id in seen), key=lambda q: list(seen).index(q.id)
        )
        chosen = (fresh + again)[:ROUND_SIZE]
        asked = []
        for question in chosen:
            order = list(range(len(question.choices)))
            rng.shuffle(order)
            asked.append(Asked(question, tuple(order)))
        return asked


def load_quiz(path: Path = QUIZ_FILE) -> Quiz:
    content = read_yaml(path)
    raw_questions = required_section(path, content, "questions", list)
    parts = document().parts
    questions = []
    for index, raw in enumerate(raw_questions):
        fields = Fields(path, f"questions[{index}]", raw)
        choices = fields.raw.get("choices")
        if not isinstance(choices, list) or not 3 <= len(choices) <= 4:
            fields.fail("must list three or four choices", "choices")
        part = fields.text("part")
        if part not in parts:
            fields.fail(f"'{part}' is no part of the document", "part")
        questions.append(
            Question(
                fields.text("id"),
                fields.text("ask"),
                tuple(str(choice).strip() for choice in choices),
                fields.text("fact"),
                part,
                tuple(fields.raw.get("grounded") or ()),
            )
        )
    unique(path, "questions", [q.id for q in questions], "id")
    if len(questions) < ROUND_SIZE:
        raise CatalogueError(f"{path}: questions: a round needs {ROUND_SIZE}")
    return Quiz(tuple(questions))


@cache
def quiz() -> Quiz:
    return load_quiz()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def chosen_place(text: str, shown: Sequence[str]) -> int | None:
    """The place of the choice `text` names among `shown`, or None: the choice itself
    ("as many as 150"), its letter ("b") or place ("the second one", "2"), a number
    only one choice holds ("150"), or words only one choice shares ("images")."""
    from knowledge.details import content_words

    words = _words(text)
    if not words:
        return None
    for place, choice in enumerate(shown):
        if words == _words(choice):
            return place
    if match := BY_LETTER.match(text):
        place = LETTERS.index(match.group(1).lower())
        return place if place < len(shown) else None
    if match := BY_NUMBER.match(text):
        positional, named = match.group(1), match.group(2).lower()
        if named.isdigit():
            holding = [p for p, choice in enumerate(shown) if named in _words(choice)]
            if len(holding) == 1 and not positional:
                # "150" names the choice that holds it; "option 2" a place.
                return holding[0]
            number = int(named)
            return number - 1 if 1 <= number <= len(shown) else None
        return len(shown) - 1 if named == "last" else ORDINALS.get(named)
    if is_question(text):
        # "what's the weather like?" is no answer, whatever choice says "weather".
        return None
    said = {lemma for _, lemma in content_words(text)} | {w for w in words if w[0].isdigit()}
    if not said or len(said) > MAX_ANSWER_WORDS:
        return None

    def named_in(choice: str) -> set[str]:
        return {lemma for _, lemma in content_words(choice)} | set(_words(choice))

    shared = [len(said & named_in(choice)) for choice in shown]
    best = max(shared)
    if best and shared.count(best) == 1 and best * 2 >= len(said):
        return shared.index(best)
    return None


def is_question(text: str) -> bool:
    """Whether a message asks something rather than answers: a question mark, or a
    question word first ("what is a cnn", "how does it learn")."""
    return "?" in text or bool(QUESTION_START.match(text))


def skips(text: str) -> bool:
    return bool(SKIP.match(text))


def stops(text: str) -> bool:
    return bool(STOP.match(text))
