"""The detail finder (knowledge/details.py), built as the NLU builds it: on the shipped
parts, the training questions and the glossary's ideas."""

from collections import defaultdict

import pytest

from knowledge.details import DetailFinder, named, phrase
from knowledge.document import document
from knowledge.encoder import shared_encoder
from knowledge.ideas import glossary
from tests.helpers import training_examples


@pytest.fixture(scope="module")
def finder() -> DetailFinder:
    ideas = defaultdict(list)
    for idea in glossary():
        if idea.answered_by:
            ideas[idea.answered_by] += idea.aliases
    return DetailFinder.build(document(), training_examples(), ideas, shared_encoder().encode)


def detail(finder: DetailFinder, text: str, part: str) -> str | None:
    return finder.detail(text, part, shared_encoder().encode)


@pytest.mark.parametrize(
    ("text", "part", "named_as"),
    [
        ("is a neural network a linear model?", "ask_neural_networks", '"linear model"'),
        (
            "how do I pick the right number of hidden layers for my model?",
            "ask_hidden_layers",
            "the right number of hidden layers",
        ),
        ("does a cnn need graphics cards to train?", "ask_cnn", '"graphics cards"'),
        ("what stride does a cnn use?", "ask_cnn", '"stride"'),
        # A name with digits, or one no part and no trained question uses.
        ("vgg16 how many layers", "ask_hidden_layers", '"vgg16"'),
        ("does google translate run on vgg16", "example:translation", '"vgg16"'),
        # The overview of the examples knows every example: a field none is about.
        ("deep learning in agriculture", "examples", '"agriculture"'),
    ],
)
def test_a_detail_the_part_lacks_is_named(finder, text, part, named_as):
    assert detail(finder, text, part) == named_as


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("what exactly is a convolutional neural network?", "ask_cnn"),
        ("how does deep learning actually work?", "ask_how_dl_works"),
        ("how many hidden layers can a deep network have?", "ask_hidden_layers"),
        ("how do convolutonal networks work?", "ask_cnn"),  # misspelt
        ("cnn full form", "ask_cnn"),  # an everyday word no part uses
        ("is deep learning used in driverless cars?", "examples"),  # one of the examples
        ("什么是深度学习? what does deep learning mean?", "ask_what_is_dl"),  # another script
    ],
)
def test_a_question_the_part_answers_is_no_detail(finder, text, part):
    assert detail(finder, text, part) is None


def test_an_unknown_part_has_no_detail(finder):
    assert detail(finder, "is a neural network a linear model?", "no_such_part") is None


def test_the_detail_s_phrase_runs_through_its_content_words():
    text = "what is the right number of hidden layers for my model"
    assert phrase(text, 4) == "the right number of hidden layers"
    assert phrase("does a cnn need graphics cards", 4, {"cnn", "need"}) == "graphics cards"
    assert named("the right number of hidden layers") == "the right number of hidden layers"
    assert named("linear model") == '"linear model"'


def test_it_survives_being_stored(finder):
    stored = DetailFinder.from_dict(finder.as_dict(), finder.vectors)
    text = "is a neural network a linear model?"
    assert detail(stored, text, "ask_neural_networks") == detail(
        finder, text, "ask_neural_networks"
    )


def test_everyday_words_are_never_unseen_names(finder):
    assert not finder.unseen("form") and not finder.unseen("cool")
    assert finder.unseen("deoldify") and finder.unseen("vgg16")


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("eli5 convolutional nets", "ask_cnn"),  # chat shorthand, not a name
        (
            "how can an algorithm guess what colour a dress from the 1940s was",
            "example:image_colorization",
        ),
        ("can dl help diplomats read documents in foreign languages", "example:translation"),
    ],
)
def test_shorthand_decades_and_everyday_requests_about_an_example_are_no_detail(finder, text, part):
    assert detail(finder, text, part) is None
