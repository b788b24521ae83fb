"""The term index and the replies to questions about ideas no section explains."""

import pytest

from actions.catalogue import TERMS_FILE, course_catalogue, examples, glossary, load_glossary
from actions.ideas import (
    ActionExplainIdea,
    IdeaIndex,
    asked_subject,
    idea_index,
    load_answers,
    reply_for,
)
from actions.validation import CatalogueError
from tests.helpers import edited_copy, make_tracker, run_action


def test_a_term_in_a_course_description_finds_that_course():
    index = idea_index()
    lstm = next(term for term in glossary() if term.key == "lstm")
    assert index.where(lstm).courses == ("tensorflow_recurrent_networks",)
    reply = reply_for(index, lstm)
    assert reply["response"] == "utter_term_in_course"
    assert reply["course_name"].startswith("Tensorflow 2.0")


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
    index = IdeaIndex(glossary(), edited, examples(), load_answers())
    backprop = index.find("backpropagation")[0]
    assert index.where(backprop).courses == (first.id,)


@pytest.mark.parametrize(
    ("text", "response", "named"),
    [
        ("what is backpropagation", "utter_term_not_covered_course", "backpropagation"),
        ("what is reinforcement learning", "utter_term_in_course", "reinforcement learning"),
        ("tell me about seq2seq", "utter_term_in_course", "seq2seq"),
        ("is the singularity coming", "utter_ask_agi", None),
    ],
)
def test_each_question_gets_the_honest_reply(domain, text, response, named):
    messages, _ = run_action(ActionExplainIdea(), make_tracker(text, "ask_dl_term"), domain)
    assert messages[0]["response"] == response
    if named:
        assert named in messages[0]["term_label"]
        assert messages[0]["buttons"], "a next step is offered"


def test_a_message_naming_no_term_gets_a_neutral_reply(domain):
    messages, _ = run_action(
        ActionExplainIdea(), make_tracker("what is the thing", "ask_dl_term"), domain
    )
    assert messages[0]["response"] == "utter_term_unknown"


def test_every_reply_template_exists_and_fills(domain):
    index = idea_index()
    for term in glossary():
        reply = reply_for(index, term)
        template = domain["responses"][reply["response"]][0]["text"]
        values = {k: v for k, v in reply.items() if k not in ("response", "buttons")}
        assert "{" not in template.format(**values)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda c: c["terms"]["dropout"].pop("label"), r"terms\.dropout\.label"),
        (lambda c: c["terms"]["dropout"].update(near="ask_nothing"), r"terms\.dropout\.near"),
        (
            lambda c: c["terms"]["dropout"].update(course_topic="cooking"),
            r"terms\.dropout\.course_topic",
        ),
        (lambda c: c["terms"]["dropout"].update(aliases=[]), r"terms\.dropout\.aliases"),
    ],
)
def test_a_malformed_glossary_names_the_file_and_the_field(tmp_path, edit, field):
    broken = edited_copy(TERMS_FILE, tmp_path, edit)
    with pytest.raises(CatalogueError, match=field) as error:
        load_glossary(broken)
    assert str(broken) in str(error.value)


def test_a_malformed_glossary_stops_the_action_package(tmp_path, monkeypatch):
    import actions.catalogue as catalogue

    broken = edited_copy(TERMS_FILE, tmp_path, lambda c: c["terms"]["gan"].pop("near"))
    monkeypatch.setattr(catalogue.load_glossary, "__defaults__", (broken, None, None))
    catalogue.glossary.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"terms\.gan\.near"):
            catalogue.glossary()
    finally:
        catalogue.glossary.cache_clear()


def test_the_reply_names_the_idea_in_the_users_words(domain):
    messages, _ = run_action(
        ActionExplainIdea(), make_tracker("why does everybody use ReLU", "ask_dl_term"), domain
    )
    assert messages[0]["term_label"] == "ReLU (activation functions)"
    messages, _ = run_action(
        ActionExplainIdea(), make_tracker("what's a GAN?", "ask_dl_term"), domain
    )
    assert messages[0]["term_label"] == "generative adversarial networks (GANs)"
    # Words that say what to do, not what it is called, give way to the label.
    messages, _ = run_action(
        ActionExplainIdea(), make_tracker("can a network write music?", "ask_dl_term"), domain
    )
    assert messages[0]["term_label"] == "generative AI"


def test_a_hyphenated_name_is_found_and_named_as_written(domain):
    messages, _ = run_action(
        ActionExplainIdea(), make_tracker("is k-means deep learning?", "ask_dl_term"), domain
    )
    assert messages[0]["term_label"] == "k-means (unsupervised learning)"


def test_an_idea_described_without_its_name_is_recognised(domain):
    text = "why would a network do perfectly on the data it learned from yet fail on anything new"
    messages, _ = run_action(ActionExplainIdea(), make_tracker(text, "ask_dl_term"), domain)
    assert messages[0]["response"] == "utter_term_guess"
    assert messages[0]["term_label"] == "overfitting"
    assert "overfitting" in messages[1]["term_label"]
    assert messages[1]["buttons"], "the reply after the guess offers the next step"


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


def test_an_unknown_idea_asked_by_name_is_named_in_the_reply(domain):
    tracker = make_tracker("what is a capsule network?", "ask_dl_term")
    messages, _ = run_action(ActionExplainIdea(), tracker, domain)
    assert messages[0]["response"] == "utter_term_unknown_named"
    assert messages[0]["term_label"] == "capsule network"
