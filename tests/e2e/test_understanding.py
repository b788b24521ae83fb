"""Understanding beyond one question per message: two questions split and answered,
"did you mean" buttons that lead to an answer, small talk that keeps the chat open."""

import asyncio

import pytest
import yaml

from harness.judge import is_declined, is_suggestion, reply_text
from tests.e2e.support import post_message
from tests.helpers import ROOT

MODEL = ROOT / "models" / "assistant.tar.gz"
TWO_QUESTIONS = yaml.safe_load((ROOT / "data" / "nlu" / "two_questions.yml").read_text())["nlu"][0]


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def parse(agent, text: str) -> dict:
    return asyncio.run(agent.parse_message(text))


@pytest.mark.parametrize("example", TWO_QUESTIONS["examples"], ids=lambda e: e["text"][:40])
def test_two_questions_split_into_the_parts_asked(agent, example):
    parsed = parse(agent, example["text"])
    assert parsed["intent"]["name"] == "ask_several", parsed["intent"]
    assert [part["intent"] for part in parsed["questions"]] == example["metadata"]["parts"]


@pytest.mark.parametrize(
    "text",
    [
        "what is the difference between deep learning and machine learning",
        "how do self-driving cars and drones use deep learning",
        "is there a free and short course on python",
        "who teaches the AIML course and is it free",
    ],
)
def test_one_question_with_and_in_it_is_not_split(agent, text):
    assert "questions" not in parse(agent, text)


def test_both_questions_are_answered_over_rest(assistant_url):
    text = reply_text(
        post_message(
            assistant_url, "two-questions", "what's a convnet? and where is DL used in hospitals"
        )
    )
    assert "convolutional" in text.lower() and "tumours" in text.lower(), text


# Vague messages, none of them trained on; the NLU is unsure about some of them.
VAGUE = [
    "deep layers thing?",
    "that stuff with pictures",
    "learning deeper??",
    "hmm the future thing",
]


@pytest.mark.parametrize("number", range(len(VAGUE)), ids=VAGUE)
def test_a_vague_message_gets_an_answer_or_questions_that_lead_to_one(assistant_url, number):
    """Each vague message is answered, or gets "did you mean" buttons whose first one
    leads to an answer; none is declined."""
    sender = f"did-you-mean-{number}"
    messages = post_message(assistant_url, sender, VAGUE[number])
    text = reply_text(messages)
    assert not is_declined(text), text
    if not is_suggestion(text):
        return
    buttons = messages[0]["buttons"]
    titles = [button["title"] for button in buttons]
    assert titles[-1] == "None of these" and 2 <= len(buttons) <= 4, titles
    assert not any(b["payload"].startswith(("/out_of_scope", "/nlu_fallback")) for b in buttons)
    answer = reply_text(post_message(assistant_url, sender, buttons[0]["payload"]))
    assert not is_declined(answer) and not is_suggestion(answer), answer


SMALL_TALK = ["ok", "cool", "lol", "hmm", "yes", "no", "goodbye, thanks"]


@pytest.mark.parametrize("number", range(len(SMALL_TALK)), ids=SMALL_TALK)
def test_small_talk_never_gets_a_sorry(assistant_url, number):
    text = SMALL_TALK[number]
    answer = reply_text(post_message(assistant_url, f"small-talk-{number}", text))
    assert answer and not answer.startswith("Sorry") and not is_suggestion(answer), answer
