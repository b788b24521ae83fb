"""Questions over POST /webhooks/rest/webhook, none of them seen in training, each
checked for the facts its answer must state."""

from pathlib import Path

import pytest
import yaml

from actions.catalogue import load_course_catalogue
from tests.conftest import ROOT
from tests.document_topics import facts_for

QUESTIONS = yaml.safe_load((Path(__file__).with_name("questions.yml")).read_text())["questions"]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
CATALOGUE = load_course_catalogue()
DECLINES = {DOMAIN["responses"][name][0]["text"] for name in ("utter_out_of_scope", "utter_default")}


def reply_text(messages) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def expected_answer(question) -> str:
    topic = question["topic"]
    if topic.startswith(("example", "course:")):
        return topic
    return f"utter_{topic}"


def check_courses(question, text: str) -> None:
    assert "course" in text.lower()
    if "level" in question:
        assert question["level"] in text.lower()
    if "topic_value" in question:
        names = [c.name for c in CATALOGUE.courses if question["topic_value"] in c.topics]
        assert any(name in text for name in names), f"none of {names}"
    if "provider" in question:
        assert CATALOGUE.providers[question["provider"]].label in text


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["text"][:50] for q in QUESTIONS])
def test_question_gets_the_right_answer(question, ask):
    messages = ask(question["text"])
    assert messages, "no reply"
    text = reply_text(messages)
    topic = question["topic"]
    if topic == "out_of_scope":
        assert text in DECLINES, f"answered instead of declining: {text[:200]}"
    elif topic == "courses":
        check_courses(question, text)
    elif facts_for(expected_answer(question)):
        missing = [fact for fact in facts_for(expected_answer(question)) if fact.lower() not in text.lower()]
        assert not missing, f"reply lacks {missing}: {text[:300]}"
    else:
        assert text == DOMAIN["responses"][expected_answer(question)][0]["text"]


def test_replies_carry_buttons_over_rest(ask):
    messages = ask("/help")
    buttons = messages[0]["buttons"]
    assert {"title": "Free courses", "payload": "/ask_courses"} in buttons
    assert len(buttons) == 8


def test_a_clicked_button_payload_gets_its_answer(ask):
    text = reply_text(ask('/ask_examples{"example_field": "translation"}'))
    assert all(fact in text.lower() for fact in facts_for("example:translation"))
