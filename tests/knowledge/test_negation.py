"""What a message rules out: the words before each value the NLU found."""

import pytest

from knowledge.negation import is_negated, read_preferences

VALUES = {
    "price": ["free", "paid"],
    "level": ["beginner", "intermediate"],
    "provider": ["udemy", "coursera", "edx", "freecodecamp"],
    "topic": ["python", "chatbots", "tensorflow"],
    "length": ["short"],
}


def found(text: str, word: str, entity: str, value: str) -> dict:
    start = text.index(word)
    return {"entity": entity, "value": value, "start": start, "end": start + len(word)}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("not udemy", "udemy"),
        ("anything but udemy", "udemy"),
        ("courses other than the udemy ones", "udemy"),
        ("everything except udemy", "udemy"),
        ("I don't want a paid course", "paid"),
        ("nothing paid", "paid"),
        ("a course without python", "python"),
        ("a course that isn't about chatbots", "chatbots"),
        ("free ones, but not on udemy", "udemy"),
    ],
)
def test_a_cue_before_the_value_rules_it_out(text, word):
    assert is_negated(text, text.index(word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("udemy please", "udemy"),
        ("ok what about youtube", "youtube"),
        ("no python, udemy is fine", "udemy"),
        ("not python but udemy", "udemy"),
        ("I want python, not udemy", "python"),
        ("not at all sure what I want, maybe a course on the best bits of python", "python"),
    ],
)
def test_a_cue_in_another_clause_or_far_away_does_not(text, word):
    assert not is_negated(text, text.index(word))


def test_a_preference_with_two_values_becomes_the_other():
    text = "I don't want a paid course, and nothing for beginners"
    said = read_preferences(
        text,
        [found(text, "paid", "price", "paid"), found(text, "beginners", "level", "beginner")],
        VALUES,
    )
    assert said.wanted == {"price": "free", "level": "intermediate"}
    assert not said.ruled_out


def test_other_values_are_ruled_out_and_wanted_ones_kept():
    text = "python please, not on udemy or coursera"
    said = read_preferences(
        text,
        [
            found(text, "python", "topic", "python"),
            found(text, "udemy", "provider", "udemy"),
            found(text, "coursera", "provider", "coursera"),
        ],
        VALUES,
    )
    assert said.wanted == {"topic": "python"}
    # A value listed after a ruled-out one is ruled out with it.
    assert said.ruled_out == {("provider", "udemy"), ("provider", "coursera")}


def test_a_list_ends_where_a_new_clause_begins():
    text = "not udemy, but coursera is fine"
    said = read_preferences(
        text,
        [
            found(text, "udemy", "provider", "udemy"),
            found(text, "coursera", "provider", "coursera"),
        ],
        VALUES,
    )
    assert said.wanted == {"provider": "coursera"}
    assert said.ruled_out == {("provider", "udemy")}


def test_values_the_catalogue_does_not_know_are_ignored():
    text = "not on skillshare"
    entities = [{"entity": "provider", "value": "skillshare", "start": 7, "end": 17}]
    said = read_preferences(text, entities, VALUES)
    assert not said.wanted and not said.ruled_out
