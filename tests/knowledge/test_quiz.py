"""The quiz's questions (knowledge/data/quiz.yml) and how an answer is read
(knowledge/quiz.py)."""

import random
import re

import pytest
import yaml

from knowledge.catalogues import examples
from knowledge.document import document
from knowledge.quiz import ROUND_SIZE, Asked, chosen_place, is_question, quiz, skips, stops
from tests.helpers import ROOT

SEED_FILE = (ROOT.parent / "shared" / "seed" / "deep_learning.md").resolve()


def plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@pytest.mark.parametrize("question", quiz().questions, ids=lambda q: q.id)
def test_each_right_answer_is_stated_in_the_seed_document(question):
    if not SEED_FILE.is_file():
        pytest.skip("the seed document is not beside the repository")
    seed = SEED_FILE.read_text()
    assert question.grounded, f"{question.id} names no words of the document"
    for words in question.grounded:
        assert plain(words) in plain(seed), f"{question.id}: '{words}' is not in the document"


def assistant_texts() -> list[str]:
    """Everything the assistant can say: the domain's responses, and each part's
    answer, gist, more and facts."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    texts = [
        variant.get("text", "") for variants in domain["responses"].values() for variant in variants
    ]
    for part in document().parts.values():
        texts += [part.reply or "", part.gist or "", part.more or ""]
        texts += [fact.says for fact in part.facts]
    return [plain(text) for text in texts if text]


def names_of_other_parts() -> set[str]:
    """The examples' titles and the parts' labels: a wrong choice may name another part
    ("personalised shopping" for the example about genomes), which the assistant then
    names as itself, never as this answer."""
    names = {plain(example.title) for example in examples()}
    return names | {plain(part.label) for part in document().parts.values()}


@pytest.mark.parametrize("question", quiz().questions, ids=lambda q: q.id)
def test_no_wrong_choice_is_presented_as_true_anywhere(question):
    part = document().parts[question.part]
    own = [plain(t) for t in (part.reply or "", part.gist, part.more, question.fact) if t]
    own += [plain(fact.says) for fact in part.facts]
    said = assistant_texts() + [plain(q.fact) for q in quiz().questions]
    for wrong in question.choices[1:]:
        assert not any(plain(wrong) in text for text in own), (question.id, wrong)
        if plain(wrong) not in names_of_other_parts():
            assert not any(plain(wrong) in text for text in said), (question.id, wrong)


def test_each_question_has_three_or_four_choices_and_a_part_to_revisit():
    parts = document().parts
    for question in quiz().questions:
        assert 3 <= len(question.choices) <= 4
        assert len(set(question.choices)) == len(question.choices)
        assert question.part in parts


def test_a_round_has_no_question_twice_and_the_next_draws_others_first():
    rng = random.Random(7)
    first = quiz().draw([], rng)
    keys = [a.question.id for a in first]
    assert len(keys) == ROUND_SIZE == len(set(keys))
    second = [a.question.id for a in quiz().draw(keys, rng)]
    assert not set(second) & set(keys)
    # Once every question was asked, the ones asked longest ago come back first.
    everything = [q.id for q in quiz().questions]
    third = [a.question.id for a in quiz().draw(everything, rng)]
    assert third == everything[:ROUND_SIZE]


def test_a_round_is_kept_and_read_back_with_its_order():
    asked = quiz().draw([], random.Random(3))[0]
    kept = Asked.from_value(asked.as_value())
    assert kept == asked
    assert kept.shown[kept.right_place] == kept.question.right
    assert Asked.from_value("no_such_question|0,1,2") is None
    assert Asked.from_value(f"{asked.question.id}|0,0,0") is None


SHOWN = ["2 or 3", "As many as 150", "Exactly 10", "No more than 20"]


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("as many as 150", 1),  # the choice itself
        ("As many as 150!", 1),
        ("150", 1),  # a number only one choice holds
        ("b", 1),  # its letter
        ("(c)", 2),
        ("option 3", 2),  # its place
        ("number 2", 1),
        ("the second one", 1),
        ("the 3rd", 2),
        ("last", 3),
        ("exactly ten", 2),  # its words
        ("e", None),  # no fifth choice
        ("what is a cnn?", None),  # a question, not an answer
        ("how many hidden layers does a cnn have", None),
    ],
)
def test_an_answer_is_read_from_what_is_typed(typed, place):
    assert chosen_place(typed, SHOWN) == place


def test_typed_words_name_a_choice_only_in_a_short_answer_that_is_no_question():
    shown = ["Spreadsheets of numbers", "2D data such as images", "Stock market prices"]
    assert chosen_place("images", shown) == 1
    assert chosen_place("2d", shown) == 1
    assert chosen_place("i think images", shown) == 1
    assert chosen_place("what's the market doing today?", shown) is None
    assert chosen_place("images of stock market prices in spreadsheets please", shown) is None


@pytest.mark.parametrize("text", ["skip", "pass", "I don't know", "no idea", "dunno", "next"])
def test_skipping(text):
    assert skips(text) and not stops(text)


@pytest.mark.parametrize("text", ["stop", "quit", "stop the quiz", "I want to stop", "enough"])
def test_stopping(text):
    assert stops(text) and not skips(text)


def test_a_stop_sign_is_no_stop():
    assert not stops("what is a stop sign") and is_question("what is a stop sign")
