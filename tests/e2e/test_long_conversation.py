"""A conversation of 200 turns: the store starts a new session every few turns
(addons/stores.py), and at turn 200 the course search, its form and its follow-ups
still work as in a fresh conversation. Run on every store that bounds its sessions:
SQLite as shipped and, when it is up, PostgreSQL with Redis locks."""

import uuid
from pathlib import Path

import pytest
import yaml

from harness.judge import ANSWERS_TO_OFFERS, reply_text
from harness.topics import alternating_topics, topic_intent
from tests.e2e.support import post_message

QUESTIONS = yaml.safe_load(Path(__file__).with_name("questions.yml").read_text())["questions"]
TURNS = 200
# The last turns: a half-finished course search and its follow-ups, each with what
# the reply must say.
ENDING = [
    ("I want to learn deep learning", "what's your level"),
    ("beginner", "I found 3 beginner courses"),
    ("no coding please", "Here is the one beginner course with no coding"),
    ("who teaches it?", "Jason Dsouza"),
    ("show me more", "That's all"),
]


def single_turn_questions() -> list[dict]:
    """Questions answered the same whatever came before (a course request may open the
    course form, which changes how the next message is read; "ok" after an offer
    takes it)."""
    pool = [
        q
        for q in QUESTIONS
        if topic_intent(q["topic"]) != "ask_courses"
        and q["topic"] not in ANSWERS_TO_OFFERS
        and "parts" not in q
    ]
    # A question right after one on its topic is a follow-up: never two in a row.
    return alternating_topics(pool)


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_the_course_search_still_works_at_turn_200(store, store_urls):
    if store not in store_urls:
        pytest.skip(f"no {store} store in this run")
    url, sender = store_urls[store], f"e2e-long-{uuid.uuid4().hex[:8]}"
    pool = single_turn_questions()
    # Each question as a new user gets it (a few unseen wordings miss: tests/e2e/test_rest.py).
    fresh = {
        q["text"]: reply_text(post_message(url, f"e2e-fresh-{uuid.uuid4().hex[:8]}", q["text"]))
        for q in pool
    }
    changed = []
    for number in range(TURNS - len(ENDING)):
        question = pool[number % len(pool)]
        text = reply_text(post_message(url, sender, question["text"]))
        if text != fresh[question["text"]]:
            changed.append((number + 1, question["text"], text[:120]))
    assert not changed, f"answered otherwise deep into the conversation: {changed[:3]}"
    for user, expected in ENDING:
        text = reply_text(post_message(url, sender, user))
        assert expected.lower() in text.lower(), (user, text[:200])
