"""Every fact the assistant states comes from the document: each number, length, price
word and proper name in every reply text (the domain's responses and button titles,
and the knowledge package's reply fields: the parts, the examples, the courses and
the sources) is found in the seed document, or the test names what it can't find."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from knowledge.catalogues import course_catalogue, examples
from knowledge.document import document
from tests.helpers import ROOT

SEED = (ROOT.parent / "shared" / "seed" / "deep_learning.md").resolve()
# Names of the assistant itself, not facts of the document.
ITS_OWN = {"rasa open source", "rasa"}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "hundred": 100,
}  # fmt: skip
# Words that state a price or what a course costs.
PRICE_WORDS = re.compile(
    r"\b(free|paid|subscriptions?|trials?|certificates?|audit|costs?|price[sd]?|fees?|"
    r"discounts?|cheap|expensive)\b|[$€£]\s*\d",
    re.IGNORECASE,
)
# A length of time: "2 hours", "an hour", "in minutes".
DURATION = re.compile(
    r"\b(?:\d+|an?|one|two|three|few|several|many|in|within)[\s-]+"
    r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.]*\w)|\b(" + "|".join(NUMBER_WORDS) + r")\b")
URL = re.compile(r"https?://\S+?(?=[)\s\]]|$)")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# A word, and where a sentence or a title starts (a capital there says nothing).
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]")
SENTENCE_START = re.compile(r'(?:^|[.!?:;\[\]()"“”]|\n)\s*[-*]?\s*$')


def names(text: str) -> Iterator[str]:
    """The proper names of a text: capitalised words in a row ("Andrew Ng", "AlphaGo",
    "CNNs", "edX"), without a plain word that only starts a sentence ("When Netflix")."""
    runs: list[tuple[int, list[str]]] = []
    end = None
    for match in WORD.finditer(text):
        word = re.sub(r"['’]s$", "", match.group().rstrip("."))
        if len(word) < 2 or not any(c.isupper() for c in word):
            end = None
            continue
        if end is not None and text[end : match.start()] == " ":
            runs[-1][1].append(word)
        else:
            runs.append((match.start(), [word]))
        # A full stop or a possessive ends the name ("Andrew Ng's Deep Learning").
        ended = match.group() != word
        end = None if ended else match.end()
    for start, words in runs:
        plain = words[0][1:].islower() and words[0][0].isupper()
        if plain and SENTENCE_START.search(text[:start]):
            words = words[1:]
        if words:
            yield " ".join(words)


class Seed:
    """The seed document, read so that a name, number or word can be looked up."""

    def __init__(self, text: str) -> None:
        lower = text.lower()
        self.squashed = re.sub(r"[^a-z0-9]", "", lower)
        self.words = set(re.findall(r"[a-z]+", lower))
        self.numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", lower)}
        self.numbers |= {float(v) for w, v in NUMBER_WORDS.items() if w in self.words}

    def has_name(self, name: str) -> bool:
        squashed = re.sub(r"[^a-z0-9]", "", name.lower())
        return bool(squashed) and (
            squashed in self.squashed or (squashed.endswith("s") and squashed[:-1] in self.squashed)
        )

    def has_word(self, word: str) -> bool:
        word = word.lower()
        return word in self.words or word.rstrip("s") in self.words or word + "s" in self.words

    def has_number(self, value: float) -> bool:
        return value in self.numbers


def reply_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every text the assistant can send, placeholders left in."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name, variants in domain["responses"].items():
        for number, variant in enumerate(variants):
            yield f"domain.yml: {name}[{number}]", variant["text"]
            for button in variant.get("buttons") or []:
                yield f"domain.yml: {name}[{number}] button", button["title"]
    parts = document()
    for source in parts.sources.values():
        yield f"parts.yml: sources.{source.key}.label", source.label
    for part in parts.parts.values():
        texts = {
            "label": part.label,
            "question": part.question,
            "answer": part.answer,
            "offer": part.offer.ask if part.offer else None,
            "gist": part.gist,
            "more": part.more,
            "instance": part.instance,
        }
        texts |= {f"facts[{n}]": fact.says for n, fact in enumerate(part.facts)}
        texts |= {f"not_said.{kind}": text for kind, text in part.not_said.items()}
        texts |= {f"buttons[{n}]": button.title for n, button in enumerate(part.buttons)}
        for field, text in texts.items():
            if text:
                yield f"part {part.key}: {field}", text
    for example in examples():
        for field in ("title", "answer"):
            yield f"examples.yml: {example.id}.{field}", getattr(example, field)
        yield f"examples.yml: {example.id}.related", example.related.title
    catalogue = course_catalogue()
    for course in catalogue.courses:
        for field in ("name", "summary", "length", "instructor"):
            if getattr(course, field):
                yield f"courses.yml: {course.id}.{field}", getattr(course, field)
    for refinement in catalogue.refinements:
        yield f"courses.yml: refinement {refinement.title}", refinement.title


def claims(text: str) -> Iterator[tuple[str, str]]:
    """(kind, words) for each number, duration, price word and name a text states."""
    # A value filled in may end a sentence: what follows it may start one.
    text = PLACEHOLDER.sub(". ", URL.sub(" ", text))
    for match in NUMBER.finditer(text):
        yield "number", match.group(0)
    for match in DURATION.finditer(text):
        yield "length", match.group(1)
    for match in PRICE_WORDS.finditer(text):
        yield "price", match.group(0)
    for name in names(text):
        yield "name", name


def found(seed: Seed, kind: str, words: str) -> bool:
    if kind == "number":
        value = NUMBER_WORDS.get(words.lower())
        return seed.has_number(float(value if value is not None else words))
    if kind in ("length", "price"):
        return seed.has_word(words) or seed.has_name(words)
    if words.lower() in ITS_OWN:
        return True
    return seed.has_name(words)


@pytest.fixture(scope="module")
def seed() -> Seed:
    if not SEED.is_file():
        pytest.skip("the seed document is not beside the repository")
    return Seed(SEED.read_text())


def test_every_fact_of_every_reply_is_in_the_document(seed):
    missing = sorted(
        {
            f"{where}: {kind} '{words}'"
            for where, text in reply_texts()
            for kind, words in claims(text)
            if not found(seed, kind, words)
        }
    )
    assert not missing, "not in the document:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("A person learns a new video game in minutes.", ("length", "minutes")),
        ("It takes 30 hours.", ("number", "30")),
        ("It is free to audit; the certificate costs extra.", ("price", "certificate")),
        ("Pluralsight needs a subscription, with a free trial.", ("price", "subscription")),
        ("It was invented in 1986 by Geoffrey Hinton.", ("number", "1986")),
        ("It was invented in 1986 by Geoffrey Hinton.", ("name", "Geoffrey Hinton")),
        ("Google's TPUs train it.", ("name", "TPUs")),
    ],
)
def test_a_fact_from_elsewhere_is_named(seed, text, claim):
    """The check can fail: each of these facts is not in the document."""
    assert claim in list(claims(text))
    assert not found(seed, *claim)


def test_the_documents_own_facts_pass(seed):
    text = (
        "Deep networks have up to 150 hidden layers; AlphaGo, Andrew Ng and edX are named. "
        "When Netflix suggests a film, it is a free course of 2 hours. [Open the course]"
    )
    assert all(found(seed, kind, words) for kind, words in claims(text))
