"""The document's parts (knowledge/document.py; knowledge/data/parts.yml and
examples.yml): every question has its part, each part's texts are the assistant's
short, own sentences, what an answer offers exists, and a broken file stops the
server naming the file and the field."""

import re

import pytest

from harness import ROOT
from knowledge.catalogues import EXAMPLES_FILE
from knowledge.document import EXAMPLES, PARTS_FILE, document, load_document, questions
from knowledge.ideas import glossary
from knowledge.validation import CatalogueError
from tests.helpers import edited_copy

SEED = (ROOT.parent / "shared" / "seed" / "deep_learning.md").resolve()


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip() + " "))


def test_every_question_about_the_document_has_its_part(domain):
    asked = {intent for intent in domain["intents"] if intent in questions()}
    no_part = {intent for intent in asked if document().part_for(intent) is None}
    assert no_part == {"help", "greet", "bot_challenge"}


def test_every_example_and_the_courses_have_a_part():
    from knowledge.catalogues import examples

    parts = document().parts
    assert EXAMPLES in parts and "courses" in parts
    assert {f"example:{example.id}" for example in examples()} <= set(parts)


def test_every_idea_of_the_glossary_has_a_closest_part():
    for term in glossary():
        assert document().part_for(term.answered_by or term.near), term.key


@pytest.mark.parametrize("key", list(document().parts))
def test_a_part_speaks_briefly(key):
    part = document().parts[key]
    assert sentences(part.gist) == 1, part.gist
    assert sentences(part.more) <= 4, part.more
    assert part.reply is None or 1 <= sentences(part.reply) <= 4, part.reply
    assert part.then != key or key == "courses"
    for fact in part.facts:
        assert sentences(fact.says) <= 2, fact.says


def test_what_an_answer_offers_is_something_the_assistant_answers(domain):
    """Each offer gives a question of the domain, and a part that a question asks for
    has an answer to give."""
    for part in document().parts.values():
        if part.offer is None:
            continue
        assert part.reply.endswith(part.offer.ask)
        for step in part.offer.gives:
            assert step.intent in domain["intents"], (part.key, step)
            assert step.title, (part.key, step)


def test_a_part_leaves_nothing_unsaid_without_saying_so():
    for part in document().parts.values():
        assert part.not_said["other"], part.key


def test_facts_are_in_the_assistants_words_not_the_documents():
    """No answer or fact copies a sentence of the seed document (eight or more words in
    a row; the sources' addresses and quoted titles are copied as they are)."""
    if not SEED.is_file():
        pytest.skip("the seed document is not beside the repository")
    words = re.findall(r"[a-z0-9]+", SEED.read_text().lower())
    seed = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for part in document().parts.values():
        texts = (part.gist, part.more, part.answer or "", part.instance or "")
        texts += tuple(fact.says for fact in part.facts)
        for text in texts:
            prose = re.sub(r'https://\S+|"[^"]*"', " ", text.lower())
            own = re.findall(r"[a-z0-9]+", prose)
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
        (lambda c: c["parts"].update(cooking=c["parts"]["ask_cnn"]), r"parts\.cooking"),
        (lambda c: c["parts"]["ask_cnn"].update(section="Knitting"), r"parts\.ask_cnn\.section"),
        (
            lambda c: c["parts"]["ask_cnn"].update(buttons=["ask_nothing"]),
            r"parts\.ask_cnn\.buttons\[0\]",
        ),
        (
            lambda c: c["parts"]["ask_cnn"].update(offer={"ask": "Want more?", "gives": "x"}),
            r"parts\.ask_cnn\.offer\.gives\[0\]",
        ),
        (
            lambda c: c["parts"]["ask_what_is_dl"]["offer"].update(ask="Here it is."),
            r"parts\.ask_what_is_dl\.offer\.ask",
        ),
        (
            lambda c: c["sources"]["forbes"].update(url="https://forbes.com/x?utm_source=a"),
            r"sources\.forbes\.url",
        ),
    ],
)
def test_a_malformed_part_names_the_file_and_the_field(tmp_path, edit, field):
    broken = edited_copy(PARTS_FILE, tmp_path, edit)
    with pytest.raises(CatalogueError, match=rf"{re.escape(str(broken))}: .*{field}"):
        load_document(broken)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda c: c["examples"][2].update(then="example:knitting"), r"examples\[2\]\.then"),
        (lambda c: c["examples"][2].pop("gist"), r"examples\[2\]\.gist"),
        (lambda c: c["overview"].pop("question"), r"overview\.question"),
        (lambda c: c["examples"][1].update(id=c["examples"][0]["id"]), r"duplicate id"),
    ],
)
def test_a_malformed_example_part_names_the_file_and_the_field(tmp_path, edit, field):
    broken = edited_copy(EXAMPLES_FILE, tmp_path, edit)
    with pytest.raises(CatalogueError, match=rf"{re.escape(str(broken))}: .*{field}"):
        load_document(examples_path=broken)


NUMBERS = {"four": 4, "eight": 8, "nine": 9}


def counted(says: str) -> list[int]:
    """The numbers a fact states, in words or digits."""
    words = re.findall(r"[a-z]+|\d+", says.lower())
    return [NUMBERS[w] if w in NUMBERS else int(w) for w in words if w in NUMBERS or w.isdigit()]


def how_many(part: str) -> str:
    return next(f.says for f in document().parts[part].facts if "how many" in f.kinds)


def test_the_counts_the_parts_state_are_the_catalogues():
    from knowledge.catalogues import course_catalogue, examples

    courses = course_catalogue().courses
    assert counted(how_many(EXAMPLES))[:1] == [len(examples())]
    says = how_many("courses")
    assert counted(says)[:1] == [len(courses)]
    assert ("every one of them as free" in says) == all(c.is_free for c in courses)
    assert counted(how_many("ask_sources"))[:1] == [len(document().sources)]
    assert counted(document().parts["ask_sources"].answer)[:1] == [len(document().sources)]
