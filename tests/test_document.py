"""The document's parts (actions/document.py, catalogue/threads.yml): each answer has
its part, each part's texts are the assistant's short, own sentences, and a broken
file stops the action server naming the file and the field."""

import re

import pytest

from actions.catalogue import glossary, questions
from actions.document import EXAMPLES, THREADS_FILE, document, load_document
from actions.domain import shipped_domain
from actions.validation import CatalogueError
from harness import ROOT
from tests.helpers import edited_copy

SEED = (ROOT.parent / "shared" / "seed" / "deep_learning.md").resolve()


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip() + " "))


def test_every_question_answered_by_a_response_has_a_part():
    responses = shipped_domain()["responses"]
    answered = {intent for intent in questions() if f"utter_{intent}" in responses}
    missing = answered - set(document().parts) - {"ask_sources", "help", "greet", "bot_challenge"}
    assert not missing, f"no part in threads.yml for {sorted(missing)}"


def test_every_example_and_the_courses_have_a_part():
    from actions.catalogue import examples

    parts = document().parts
    assert EXAMPLES in parts and "courses" in parts
    assert {f"example:{example.id}" for example in examples()} <= set(parts)


def test_every_idea_of_the_glossary_has_a_closest_part():
    for term in glossary():
        assert document().part_for(term.answered_by or term.near), term.key


@pytest.mark.parametrize("key", list(document().parts))
def test_a_part_speaks_briefly_and_offers_a_next_step(key):
    part = document().parts[key]
    assert sentences(part.gist) == 1, part.gist
    assert sentences(part.more) <= 4 and part.more.rstrip().endswith("?"), part.more
    assert part.then != key or key == "courses"
    for fact in part.facts:
        assert sentences(fact.says) <= 2, fact.says


def test_a_part_leaves_nothing_unsaid_without_saying_so():
    for part in document().parts.values():
        assert part.not_said["other"], part.key


def test_facts_are_in_the_assistants_words_not_the_documents():
    """No fact copies a sentence of the seed document (eight or more words in a row)."""
    if not SEED.is_file():
        pytest.skip("the seed document is not beside the repository")
    words = re.findall(r"[a-z0-9]+", SEED.read_text().lower())
    seed = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for part in document().parts.values():
        for text in (part.gist, part.more, *(fact.says for fact in part.facts)):
            own = re.findall(r"[a-z0-9]+", text.lower())
            copied = [" ".join(own[i : i + 8]) for i in range(len(own) - 7)]
            assert not [run for run in copied if run in seed], text


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda c: c["parts"]["ask_cnn"].pop("gist"), r"parts\.ask_cnn\.gist"),
        (lambda c: c["parts"]["ask_cnn"].update(source="wikipedia"), r"parts\.ask_cnn\.source"),
        (lambda c: c["parts"]["ask_cnn"].update(then="ask_nothing"), r"parts\.ask_cnn\.then"),
        (
            lambda c: c["parts"]["ask_cnn"].update(examples=["knitting"]),
            r"parts\.ask_cnn\.examples",
        ),
        (
            lambda c: c["parts"]["ask_cnn"]["facts"][0].update(wh=["whence"]),
            r"parts\.ask_cnn\.facts\[0\]\.wh",
        ),
        (lambda c: c["parts"]["ask_cnn"]["not_said"].pop("other"), r"not_said\.other"),
        (lambda c: c["parts"].update(ask_cooking=c["parts"]["ask_cnn"]), r"parts\.ask_cooking"),
        (
            lambda c: c["sources"]["forbes"].update(url="https://forbes.com/x?utm_source=a"),
            r"sources\.forbes\.url",
        ),
    ],
)
def test_a_malformed_part_names_the_file_and_the_field(tmp_path, edit, field):
    broken = edited_copy(THREADS_FILE, tmp_path, edit)
    with pytest.raises(CatalogueError, match=rf"{re.escape(str(broken))}: .*{field}"):
        load_document(broken)


NUMBERS = {"four": 4, "eight": 8, "nine": 9}


def counted(says: str) -> list[int]:
    """The numbers a fact states, in words or digits."""
    words = re.findall(r"[a-z]+|\d+", says.lower())
    return [NUMBERS[w] if w in NUMBERS else int(w) for w in words if w in NUMBERS or w.isdigit()]


def how_many(part: str) -> str:
    return next(f.says for f in document().parts[part].facts if "how many" in f.kinds)


def test_the_counts_the_parts_state_are_the_catalogues():
    from actions.catalogue import course_catalogue, examples

    courses = course_catalogue().courses
    assert counted(how_many(EXAMPLES))[:1] == [len(examples())]
    assert counted(how_many("courses"))[:2] == [len(courses), sum(c.is_free for c in courses)]
    assert counted(how_many("ask_sources"))[:1] == [len(document().sources)]
