"""The idea index (knowledge/ideas.py): the glossary, loaded and checked, where the
document mentions each idea, and the name a short question asks about."""

import pytest

from knowledge.catalogues import course_catalogue, examples
from knowledge.ideas import (
    GLOSSARY_FILE,
    IdeaIndex,
    asked_subject,
    glossary,
    idea_index,
    load_glossary,
    section_answers,
)
from knowledge.validation import CatalogueError
from tests.helpers import edited_copy


def test_a_term_that_only_an_answer_mentions_points_to_that_answer():
    alphago = next(term for term in glossary() if term.key == "alphago")
    assert idea_index().where(alphago).answers == ("ask_symbolic_geometric",)


def test_an_unknown_term_finds_nothing():
    index = idea_index()
    assert index.find("how do I bake sourdough bread") == []
    backprop = index.find("what's backprop?")[0]
    where = index.where(backprop)
    assert (where.courses, where.answers, where.examples) == ((), (), ())


def test_the_index_is_built_from_the_catalogues_not_by_hand():
    """A term added to a course summary is found there, with no other change."""
    catalogue = course_catalogue()
    first = catalogue.courses[0]
    changed = first.__class__(**{**first.__dict__, "summary": first.summary + " Backprop too."})
    edited = catalogue.__class__(
        **{**catalogue.__dict__, "courses": (changed,) + catalogue.courses[1:]}
    )
    index = IdeaIndex(glossary(), edited, examples(), section_answers())
    backprop = index.find("backpropagation")[0]
    assert index.where(backprop).courses == (first.id,)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda c: c["ideas"]["dropout"].pop("label"), r"ideas\.dropout\.label"),
        (lambda c: c["ideas"]["dropout"].update(near="ask_nothing"), r"ideas\.dropout\.near"),
        (
            lambda c: c["ideas"]["dropout"].update(course_topic="cooking"),
            r"ideas\.dropout\.course_topic",
        ),
        (lambda c: c["ideas"]["dropout"].update(aliases=[]), r"ideas\.dropout\.aliases"),
    ],
)
def test_a_malformed_glossary_names_the_file_and_the_field(tmp_path, edit, field):
    broken = edited_copy(GLOSSARY_FILE, tmp_path, edit)
    with pytest.raises(CatalogueError, match=field) as error:
        load_glossary(broken)
    assert str(broken) in str(error.value)


def test_a_malformed_glossary_stops_the_start_up(tmp_path, monkeypatch):
    import knowledge.ideas as ideas

    broken = edited_copy(GLOSSARY_FILE, tmp_path, lambda c: c["ideas"]["gan"].pop("near"))
    monkeypatch.setattr(ideas.load_glossary, "__defaults__", (broken, None, None))
    ideas.glossary.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"ideas\.gan\.near"):
            ideas.glossary()
    finally:
        ideas.glossary.cache_clear()


def test_every_idea_has_descriptions_that_do_not_name_it():
    for term in glossary():
        assert len(term.describes) >= 2, term.key
        for description in term.describes:
            assert term.label.lower() not in description, (term.key, description)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("what is a capsule network", "capsule network"),
        ("define mixture of experts please", "mixture of experts"),
        ("liquid time constant nets in simple terms?", "liquid time constant nets"),
        ("why does my model keep doing this weird thing", None),
        ("what is the thing", None),
        ("what is deep learning", None),
        ("ok", None),
    ],
)
def test_the_subject_of_a_short_question_is_its_name(text, subject):
    assert asked_subject(text) == subject
