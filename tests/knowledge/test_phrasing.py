"""How a message is phrased (knowledge/phrasing.py): the kind of question, whether it
is bare, and what points back at the thread."""

import pytest

from knowledge.phrasing import is_bare, question_kind, refers_back


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        ("where can I learn it?", True),
        ("is there a course on that?", True),
        ("is there a course that covers both?", True),
        ("I want to learn deep learning", False),
        ("recommend a course on python", False),
    ],
)
def test_what_refers_back_to_the_thread(text, refers):
    assert refers_back(text) == refers


CASES = [
    ("how many?", "how many"),
    ("and a normal network has how many?", "how many"),
    ("why so many?", "why"),
    ("so why is that", "why"),
    ("how long does it take", "how long"),
    ("agi when", "when"),
    ("where did you read that?", "where"),
    ("who?", "who"),
    ("which one is better?", "which"),
    ("what is a cnn", "what"),
    ("whats hard about it?", "what"),
    ("what's it good for", "what"),
    ("who's interested in it?", "who"),
    ("how's that like humans?", "how"),
    ("what about snow?", "other"),
    ("is that done by hand?", "other"),
    ("is deep learning state of the art when it comes to accuracy", "other"),
    ("is a singularity where machines rule us realistic", "other"),
]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_the_kind_of_question_comes_from_where_its_question_word_stands(text, kind):
    assert question_kind(text) == kind


def test_a_bare_question_is_hardly_more_than_its_question_word():
    assert is_bare("how many?") and is_bare("why so many?")
    assert not is_bare("how many layers can a network have")
