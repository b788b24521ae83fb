"""Every part of the document has an answer that states its facts."""

import json
import re

import pytest

from actions.examples import ActionShowExamples
from harness.topics import EXAMPLE, TOPICS, parse_topic, sections
from knowledge.catalogues import load_course_catalogue
from tests.helpers import Recommend, make_tracker, run_action

CHITCHAT = {
    "frustration",
    "too_hard",
    "ai_worry",
    "bot_identity",
    "praise",
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "help",
    "out_of_scope",
    "stop",
    "acknowledge",
    "affirm",
    "deny",
}
# Questions no single section answers: ideas the document does not explain
# (actions/ideas.py), two questions in one message (actions/two_questions.py), and
# follow-ups answered in the thread of the conversation (actions/fact_answers.py).
BEYOND_ONE_SECTION = {
    "ask_dl_term",
    "ask_several",
    "ask_detail",
    "ask_follow_up",
    "ask_for_example",
}
# The guided lesson and the quiz: they walk through many sections (actions/lesson.py,
# actions/quiz.py; their steps and questions are checked in tests/knowledge/).
TUTOR = {"start_lesson", "lesson_next", "lesson_back", "lesson_resume", "start_quiz"}
# The course conversation: answered by actions from the catalogue, not by one response.
COURSE_CONVERSATION = {
    "ask_best_course",
    "ask_course_by_length",
    "compare_providers",
    "enrol",
    "ask_examples",
    "ask_courses",
    "inform",
    "no_preference",
    "ask_more",
    "ask_course_price",
    "ask_course_length",
    "ask_course_teacher",
    "ask_course_link",
}


def answer_text(answer: str, domain) -> str:
    """The assistant's reply for an answer key, from the domain or by running the action."""
    if answer.startswith("utter_"):
        assert answer in domain["responses"], f"{answer} is missing from domain.yml"
        return domain["responses"][answer][0]["text"]
    kind, value = parse_topic(answer)
    if kind == EXAMPLE:
        entities = [{"entity": "example_field", "value": value}] if value else []
        tracker = make_tracker("/ask_examples", "ask_examples", entities)
        messages, _ = run_action(ActionShowExamples(), tracker, domain)
        return messages[0]["text"]
    if value is None:
        tracker = make_tracker("which courses are there?", "ask_courses")
    else:
        number = int(value)
        course = next(c for c in load_course_catalogue().courses if c.number == number)
        tracker = make_tracker(
            f"tell me about {course.aliases[0]}",
            "ask_courses",
            [{"entity": "course", "value": course.id}],
            slots={"course": course.id},
        )
    messages, _ = run_action(Recommend(), tracker, domain)
    return messages[0]["text"]


@pytest.mark.parametrize("topic", TOPICS, ids=[f"{t.section}: {t.subtopic}" for t in TOPICS])
def test_each_subtopic_is_answered_with_its_facts(topic, domain):
    text = answer_text(topic.answer, domain).lower()
    missing = [fact for fact in topic.facts if fact.lower() not in text]
    assert not missing, f"{topic.answer} does not state {missing}"


def test_every_section_of_the_document_is_covered():
    assert sorted({topic.section for topic in TOPICS}) == sorted(sections())


def test_every_course_and_example_is_covered():
    answers = {topic.answer for topic in TOPICS}
    assert {f"course:{n}" for n in range(1, 10)} <= answers
    fields = {value for kind, value in map(parse_topic, answers) if kind == EXAMPLE and value}
    assert len(fields) == 8


def test_every_topic_intent_has_a_documented_answer(domain):
    answers = {topic.answer for topic in TOPICS}
    for intent in domain["intents"]:
        if intent in CHITCHAT | COURSE_CONVERSATION | BEYOND_ONE_SECTION | TUTOR:
            continue
        assert f"utter_{intent}" in answers, f"{intent} is not tied to a document topic"


def sentence_count(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip() + " "))


def test_answers_are_short(domain):
    for name, variants in domain["responses"].items():
        for variant in variants:
            assert sentence_count(variant["text"]) <= 4, f"{name} is longer than 4 sentences"


def test_button_payloads_survive_rasa_templating_and_name_known_intents(domain, monkeypatch):
    from rasa.core.nlg import interpolator

    def fail(event, **details):
        raise AssertionError(f"Rasa could not template a response: {details}")

    # Rasa only logs a templating error and sends the raw text; make it fail here.
    monkeypatch.setattr(interpolator.structlogger, "exception", fail)
    interpolate = interpolator.interpolate

    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons", []):
                payload = interpolate(button["payload"], {})
                intent, _, entities = payload.lstrip("/").partition("{")
                assert intent in domain["intents"], f"{name}: {payload}"
                if entities:
                    assert json.loads("{" + entities), f"{name}: {payload}"
