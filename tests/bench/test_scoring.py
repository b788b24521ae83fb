"""How bench/scoring.py judges the turns set (`score_turns`), against a scripted
assistant: each kind of turn right and wrong, and offers that were never made listed
but not counted."""

import pytest

from bench import scoring
from knowledge.document import document


@pytest.fixture
def assistant(monkeypatch):
    """A scripted assistant: `replies[text]` is its reply to `text`, `offers[text]` what
    that reply offered."""
    replies: dict[str, str] = {}
    offers: dict[str, list] = {}
    said: dict[str, str] = {}

    def ask(url, sender, text):
        said[sender] = text
        return [{"text": replies[text]}]

    def offer_left(url, sender):
        return offers.get(said[sender], [])

    def offer_problem(url, sender, answer, offered, messages, text):
        return None if text == "(the part offered)" else "not what was offered"

    monkeypatch.setattr(scoring, "ask", ask)
    monkeypatch.setattr(scoring, "offer_left", offer_left)
    monkeypatch.setattr(scoring, "offer_problem", offer_problem)
    return replies, offers


def test_each_kind_is_judged(assistant):
    replies, offers = assistant
    section = document().parts["ask_neural_networks"].reply
    replies.update(
        {
            "what is deep learning": "(answer)",
            "yes": "(the part offered)",
            "how many layers": "A deep network can have as many as 150.",
            "and a deep one?": "The document doesn't say.",
            "is a neural network a linear model": section,
            "what is the right number of layers": (
                "The document doesn't go into the right number of layers."
            ),
            "what is an lstm": (
                "My document mentions LSTMs only in passing: a course teaches it, but the "
                "document itself doesn't explain it."
            ),
        }
    )
    offers["what is deep learning"] = [("How does it work?", "/ask_how_dl_works")]
    items = [
        {"kind": "offer", "turns": ["what is deep learning", "yes"], "answer": "accept"},
        {"kind": "follow_up", "turns": ["how many layers", "and a deep one?"], "expect": ["150"]},
        {"kind": "follow_up", "turns": ["and a deep one?", "how many layers"], "expect": ["150"]},
        {"kind": "detail", "turns": ["is a neural network a linear model"], "detail": ["linear"]},
        {
            "kind": "detail",
            "turns": ["what is the right number of layers"],
            "detail": ["right number"],
        },
        {"kind": "detail", "turns": ["what is an lstm"], "detail": ["lstm"]},
    ]
    scores = scoring.score_turns("http://assistant", items, tag="t")
    assert (scores.right["offers"], scores.total["offers"]) == (1, 1)
    assert (scores.right["follow_up"], scores.total["follow_up"]) == (1, 2)
    assert scores.false_not_said == 1
    assert (scores.right["details"], scores.total["details"]) == (2, 3)
    assert scores.section_answers == 1


def test_an_offer_never_made_is_listed_but_not_counted(assistant):
    replies, _ = assistant
    replies.update({"what is a cnn": "(answer with no offer)", "yes": "(small talk)"})
    items = [{"kind": "offer", "turns": ["what is a cnn", "yes"], "answer": "accept"}]
    scores = scoring.score_turns("http://assistant", items, tag="t")
    assert scores.total["offers"] == 0 and scores.not_offered == 1
    assert scores.misses == [
        (
            "offers (not counted)",
            ["what is a cnn", "yes"],
            "the reply before offered nothing",
            "(answer with no offer)",
        )
    ]
