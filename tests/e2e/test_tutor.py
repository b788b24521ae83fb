"""The guided lesson and the quiz over REST (actions/lesson.py, actions/quiz.py), on
every conversation store at once (SQLite as shipped, Rasa's in-memory store, and
PostgreSQL with Redis locks when they are up): every reply must be the same on all."""

import re
import uuid

import pytest

from harness.judge import reply_text
from knowledge.lesson import lesson
from knowledge.quiz import quiz
from tests.e2e.support import post_message

STEP = re.compile(r"Step (\d+) of (\d+)")
QUESTION = re.compile(r"Question (\d+) of (\d+): (.+)$", re.MULTILINE)


class Learner:
    """One user talking to the assistant on every store; each turn's replies must be
    the same on all of them."""

    def __init__(self, store_urls: dict[str, str]) -> None:
        self.urls = store_urls
        self.sender = f"tutor-{uuid.uuid4().hex[:8]}"
        self.last: list[dict] = []

    def say(self, text: str) -> str:
        replies = {store: post_message(url, self.sender, text) for store, url in self.urls.items()}
        first_store, first = next(iter(replies.items()))
        for store, reply in replies.items():
            assert reply == first, f"{text!r}: {store} differs from {first_store}"
        self.last = first
        return reply_text(first)

    def question(self) -> tuple[int, str, list[str]]:
        """The quiz question just asked: its number, text and choices (the buttons)."""
        for message in reversed(self.last):
            found = QUESTION.search(message.get("text") or "")
            if found:
                choices = [button["title"] for button in message.get("buttons") or []]
                return int(found.group(1)), found.group(3), choices
        raise AssertionError(f"no question in {self.last}")


def right_choice(ask: str) -> str:
    return next(q.right for q in quiz().questions if q.ask == ask)


def wrong_choice(ask: str, choices: list[str]) -> str:
    return next(choice for choice in choices if choice != right_choice(ask))


def test_a_whole_lesson_with_next_only(store_urls):
    learner = Learner(store_urls)
    total = lesson().length
    text = learner.say("teach me deep learning")
    assert "Step 1 of 8" in text and "machine learning" in text
    for number in range(2, total + 1):
        text = learner.say("next")
        assert f"Step {number} of {total}" in text, text
        assert [b["title"] for b in learner.last[-1].get("buttons", [])] != []
    # The last step finds a course: the level is asked, the lesson is over.
    assert "What's your level?" in text and "quiz" in text
    assert "I found 3 beginner courses" in learner.say("beginner")
    assert "There's no lesson under way" in learner.say("back to the lesson")


def test_a_question_in_the_middle_and_back_to_the_lesson(store_urls):
    learner = Learner(store_urls)
    learner.say("I'm new, where do I start?")
    assert "Step 2 of 8: Why it matters" in learner.say("go on")
    text = learner.say("what is a cnn?")
    assert "convolutional neural network" in text
    assert "We were at step 2 of 8 of the lesson" in text
    # The answer's own offer is still the one "yes" takes; the reminder is worded otherwise.
    text = learner.say("yes")
    assert "as many as 150" in text and "the lesson is waiting at step 2 of 8" in text
    assert "Step 2 of 8: Why it matters" in learner.say("back to the lesson")
    assert "Step 3 of 8: How it works" in learner.say("yes")
    assert "Step 2 of 8" in learner.say("back")
    assert "Lesson stopped at step 2 of 8" in learner.say("stop")
    assert "We were at step" not in learner.say("what is a cnn?")
    assert "Step 2 of 8" in learner.say("continue the lesson")


def test_the_lesson_goes_on_across_a_new_session(store_urls):
    """The store opens a new session after ten messages (endpoints.yml): the step is
    carried over with the slots."""
    learner = Learner(store_urls)
    learner.say("give me a lesson")
    learner.say("next")
    learner.say("next")
    for question in ["what is a cnn?", "why does deep learning matter?"] * 5:
        learner.say(question)
    assert "Step 3 of 8" in learner.say("back to the lesson")


def test_a_quiz_round_with_every_kind_of_answer(store_urls):
    learner = Learner(store_urls)
    text = learner.say("quiz me")
    assert "A quiz of 5 questions" in text
    seen = []

    # 1: clicked, right (a button's payload is the choice's text).
    number, ask, choices = learner.question()
    assert number == 1 and 3 <= len(choices) <= 4
    seen.append(ask)
    assert "Right!" in learner.say(right_choice(ask))

    # 2: typed as a letter, wrong: the fact and the part to read again.
    number, ask, choices = learner.question()
    assert number == 2 and ask not in seen
    seen.append(ask)
    letter = "abcd"[choices.index(wrong_choice(ask, choices))]
    text = learner.say(letter)
    assert "Not quite" in text and right_choice(ask) in text and "Worth reading again" in text

    # 3: an off-topic question is answered, then the question is asked again; skipped.
    number, ask, choices = learner.question()
    assert number == 3 and ask not in seen
    seen.append(ask)
    text = learner.say("what's the weather like in paris?")
    assert "outside what I know" in text
    assert learner.question() == (3, ask, choices)
    text = learner.say("I don't know")
    assert "Skipped" in text and right_choice(ask) in text

    # 4: a question about deep learning in the middle, then typed in words, right.
    number, ask, choices = learner.question()
    assert number == 4 and ask not in seen
    assert "convolutional neural network" in learner.say("what is a cnn?")
    assert learner.question()[0] == 4
    assert "Right!" in learner.say(right_choice(ask).lower())

    # 5: stop: the score of what was answered, the parts to revisit, a course.
    text = learner.say("stop")
    assert "Quiz stopped. You got 2 of 4" in text
    assert "Worth another look" in text and "To go further on" in text

    # Another round asks other questions first.
    learner.say("yes")
    number, ask, _ = learner.question()
    assert number == 1 and ask not in seen


@pytest.mark.parametrize("message", ["test my knowledge", "can you ask me questions?"])
def test_other_ways_to_start_a_quiz(store_urls, message):
    learner = Learner(store_urls)
    assert "A quiz of 5 questions" in learner.say(message)
    assert learner.question()[0] == 1
