"""Finding the fact of a part that answers a follow-up (knowledge/facts.py): by the kind
of a short question, or by sentence vectors, or none, so that the reply says the
document doesn't say."""

import numpy as np

from knowledge.document import Document, Fact, Part, Source
from knowledge.facts import FactIndex

WORDS = ["layers", "hidden", "150", "images", "2d", "source", "read", "hand", "manual", "why"]


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A stand-in for the sentence encoder: normalised counts of a few words."""
    rows = []
    for text in texts:
        row = np.array([text.lower().count(word) for word in WORDS], dtype=float) + 0.01
        rows.append(row / np.linalg.norm(row))
    return np.array(rows)


def index_of(*facts: Fact) -> FactIndex:
    part = Part(
        key="ask_hidden_layers",
        label="hidden layers",
        source="mathworks",
        gist="deep means many hidden layers.",
        more="More?",
        then="ask_cnn",
        examples=(),
        not_said={"other": "more"},
        facts=facts,
    )
    sources = {"mathworks": Source("mathworks", "MathWorks", "https://www.mathworks.com/")}
    document = Document((), sources, {part.key: part}, ("where did you read that",))
    return FactIndex(document, bag_of_words, min_similarity=0.6, min_kind=0.4)


LAYERS = Fact("Up to 150 hidden layers.", ("how many",), ("how many hidden layers",))
IMAGES = Fact("2D layers suit images.", ("why",), ("why images",))


def test_a_bare_question_is_answered_by_the_fact_of_its_kind():
    found = index_of(LAYERS, IMAGES).answer("ask_hidden_layers", "how many?")
    assert found.fact == LAYERS


def test_a_question_of_a_kind_no_fact_answers_gets_none():
    assert index_of(LAYERS).answer("ask_hidden_layers", "why so many?") is None


def test_another_question_needs_a_close_fact():
    index = index_of(LAYERS, IMAGES)
    assert (
        index.answer("ask_hidden_layers", "is it about hidden layers, 150 of them?").fact == LAYERS
    )
    assert index.answer("ask_hidden_layers", "is it done by hand?") is None


def test_the_source_answers_where_an_answer_comes_from():
    found = index_of(LAYERS).answer("ask_hidden_layers", "where did you read that?")
    assert "MathWorks" in found.fact.says


def test_a_part_without_facts_answers_nothing():
    assert index_of().answer("ask_cnn", "how many?") is None


HAND = Fact("Features are found without manual work.", ("how",), ("manual features",))


def test_a_fact_asked_for_as_written_answers_whatever_the_kind():
    # "who" has no fact of its kind, but the question is the fact's own way of asking.
    found = index_of(LAYERS, HAND).answer("ask_hidden_layers", "who: manual features?")
    assert found is not None and found.fact == HAND


def test_a_fact_standing_out_in_the_thread_answers_a_follow_up():
    index = index_of(LAYERS, HAND)
    # Close to one fact, far from the other.
    standing_out = index.clear_winner("ask_hidden_layers", "manual manual layers images 2d")
    assert standing_out is not None and standing_out.fact == HAND


def test_no_fact_stands_out_when_two_come_as_close():
    index = index_of(LAYERS, HAND)
    # Layers at 0.50, manual work at 0.35: neither stands out by CLEAR_MARGIN.
    text = "hidden layers manual images 2d source read why"
    assert index.clear_winner("ask_hidden_layers", text) is None


def test_a_sentence_of_the_texts_starts_with_a_capital_even_after_a_quote():
    from knowledge.facts import capitalised

    assert capitalised('"deep" refers to layers.') == '"Deep" refers to layers.'
    assert capitalised("a gist.") == "A gist."
    assert capitalised("150.") == "150."
