"""The replies to questions about ideas no section explains (actions/ideas.py)."""

import pytest

from actions.ideas import ActionExplainIdea, reply_for
from knowledge.ideas import glossary, idea_index
from tests.helpers import make_tracker, run_action


def test_a_term_in_a_course_description_finds_that_course():
    index = idea_index()
    lstm = next(term for term in glossary() if term.key == "lstm")
    assert index.where(lstm).courses == ("tensorflow_recurrent_networks",)
    reply = reply_for(index, lstm)
    assert reply["response"] == "utter_term_in_course"
    assert reply["course_name"].startswith("Tensorflow 2.0")


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


def test_an_unknown_idea_asked_by_name_is_named_in_the_reply(domain):
    tracker = make_tracker("what is a capsule network?", "ask_dl_term")
    messages, _ = run_action(ActionExplainIdea(), tracker, domain)
    assert messages[0]["response"] == "utter_term_unknown_named"
    assert messages[0]["term_label"] == "capsule network"
