"""The guided lesson's actions (actions/lesson.py): moving through the steps, stopping,
taking up again, and the reminder that leaves the answer's offer open."""

import pytest

from actions.lesson import ActionLesson, ActionLessonReminder, ActionStop
from knowledge.lesson import lesson
from tests.helpers import make_tracker, run_action, slot_events


def lesson_turn(text: str, intent: str, step, domain, slots=None):
    tracker = make_tracker(text, intent, slots={"lesson_step": step, **(slots or {})})
    return run_action(ActionLesson(), tracker, domain)


@pytest.mark.parametrize(
    ("text", "intent", "step", "shown"),
    [
        ("teach me deep learning", "start_lesson", None, 1),
        ("teach me deep learning", "start_lesson", 4, 4),  # the step under way
        ("next", "lesson_next", 2, 3),
        ("back", "lesson_back", 3, 2),
        ("back", "lesson_back", 1, 1),
        ("back to the lesson", "lesson_resume", 5, 5),
        ("back to the lesson", "lesson_resume", -5, 5),  # a stopped lesson
    ],
)
def test_each_move_shows_its_step(text, intent, step, shown, domain):
    messages, events = lesson_turn(text, intent, step, domain)
    assert f"Step {shown} of {lesson().length}" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Next", "Back", "Stop the lesson"]
    slots = slot_events(events)
    assert slots["lesson_step"] == shown
    assert "lesson_next" in slots["offer"]  # "yes" takes the next step


def test_the_last_step_asks_the_level_and_ends_the_lesson(domain):
    messages, events = lesson_turn("next", "lesson_next", lesson().length - 1, domain)
    assert "Step 8 of 8" in messages[0]["text"]
    assert "What's your level?" in messages[1]["text"]
    slots = slot_events(events)
    assert slots["lesson_step"] is None and slots["course_search"] == "asks_level"


def test_the_last_step_with_the_level_known_recommends_and_offers_the_quiz(domain):
    messages, events = lesson_turn(
        "next", "lesson_next", lesson().length - 1, domain, slots={"level": "beginner"}
    )
    texts = " ".join(m.get("text") or "" for m in messages)
    assert "beginner" in texts.lower() and "quiz" in messages[-1]["text"]
    assert "start_quiz" in slot_events(events)["offer"]


def test_stop_leaves_the_lesson_and_remembers_the_step(domain):
    tracker = make_tracker("stop", "stop", slots={"lesson_step": 3})
    messages, events = run_action(ActionStop(), tracker, domain)
    assert "stopped at step 3" in messages[0]["text"]
    assert slot_events(events)["lesson_step"] == -3
    tracker = make_tracker("stop", "stop")
    messages, _ = run_action(ActionStop(), tracker, domain)
    assert "What else would you like to know" in messages[0]["text"]


def test_with_no_lesson_back_to_the_lesson_offers_one_and_next_is_more(domain):
    messages, events = lesson_turn("back to the lesson", "lesson_resume", None, domain)
    assert "There's no lesson under way" in messages[0]["text"]
    assert "start_lesson" in slot_events(events)["offer"]
    messages, _ = lesson_turn("next", "lesson_next", None, domain, slots={"thread": "ask_cnn"})
    assert "Step" not in messages[0]["text"]


def test_the_reminder_names_the_step_and_leaves_the_offer_open(domain):
    tracker = make_tracker("what is a cnn?", "ask_cnn", slots={"lesson_step": 2})
    messages, events = run_action(ActionLessonReminder(), tracker, domain)
    assert "step 2 of 8" in messages[0]["text"]
    assert "offer" not in slot_events(events)
    # The next reminder is worded otherwise: never the same paragraph twice in a row.
    tracker = make_tracker(
        "and why?", "ask_follow_up", slots={"lesson_step": 2, **slot_events(events)}
    )
    again, _ = run_action(ActionLessonReminder(), tracker, domain)
    assert "step 2 of 8" in again[0]["text"] and again[0]["text"] != messages[0]["text"]
