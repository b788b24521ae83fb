"""Questions about the catalogue as a whole: best, shortest and longest, providers
compared, signing up."""

from actions.course_questions import (
    ActionBestCourse,
    ActionCompareProviders,
    ActionCourseByLength,
    ActionEnrol,
)
from tests.helpers import make_tracker, run_action, slot_events


def test_the_best_course_with_nothing_said_is_the_best_for_a_beginner(domain):
    tracker = make_tracker("which course is the best?", "ask_best_course")
    messages, events = run_action(ActionBestCourse(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("My top pick for someone starting out is Basics of Deep Learning")
    assert "because it fits: beginner level, free" in text
    assert slot_events(events)["course"] == "basics_of_deep_learning"


def test_the_best_course_follows_what_the_user_said(domain):
    tracker = make_tracker(
        "which one is best?",
        "ask_best_course",
        slots={"topic": "chatbots", "ruled_out": ["provider:udemy"]},
    )
    messages, _ = run_action(ActionBestCourse(), tracker, domain)
    # Both chatbot courses are on Udemy: the closest fit, with what it does fit.
    assert "for what you told me" in messages[0]["text"]
    tracker = make_tracker("which one is best?", "ask_best_course", slots={"topic": "python"})
    messages, _ = run_action(ActionBestCourse(), tracker, domain)
    assert "because it fits: covers Python" in messages[0]["text"]


def test_the_shortest_and_the_longest_say_how_many_state_no_length(domain):
    shortest = make_tracker("what's the shortest one?", "ask_course_by_length")
    messages, events = run_action(ActionCourseByLength(), shortest, domain)
    text = messages[0]["text"]
    assert "Tensorflow 2.0" in text and "1 hour" in text
    assert "Only 2 of the 9 courses state a length" in text and "other 7" in text
    assert slot_events(events)["course"] == "tensorflow_recurrent_networks"
    longest = make_tracker("and the longest?", "ask_course_by_length")
    messages, _ = run_action(ActionCourseByLength(), longest, domain)
    assert "longest is Data Science: Intro To Deep Learning With Python" in messages[0]["text"]
    assert "2 hours" in messages[0]["text"]


def test_comparing_providers_ranks_none_and_shows_each_ones_courses(domain):
    tracker = make_tracker(
        "is coursera better than udemy?",
        "compare_providers",
        [{"entity": "provider", "value": "coursera"}, {"entity": "provider", "value": "udemy"}],
    )
    messages, _ = run_action(ActionCompareProviders(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("The document doesn't rank providers")
    assert 'Coursera has 1 course (free) "Neural Networks and Deep Learning"' in text
    assert "Udemy has 5 courses (all free)" in text
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Courses on Coursera",
        "Courses on Udemy",
    ]


def test_signing_up_gives_the_link_of_the_course_in_the_thread(domain):
    tracker = make_tracker(
        "can you sign me up?", "enrol", slots={"course": "deep_learning_crash_course"}
    )
    messages, _ = run_action(ActionEnrol(), tracker, domain)
    assert messages[0]["text"].startswith("I can't sign you up or enrol you myself")
    assert "https://www.youtube.com/watch?v=VyWAvY2CF9c" in messages[0]["text"]
    nothing = make_tracker("can you sign me up?", "enrol")
    messages, _ = run_action(ActionEnrol(), nothing, domain)
    assert messages[0]["text"].startswith("I can't sign you up or enrol anyone")


def test_the_shortest_keeps_to_the_search_so_far(domain):
    tracker = make_tracker(
        "which one is shortest?", "ask_course_by_length", slots={"level": "beginner"}
    )
    messages, events = run_action(ActionCourseByLength(), tracker, domain)
    text = messages[0]["text"]
    # Of the three beginner courses only the Python one states a length.
    assert text.startswith("Among the beginner courses (3 in all, 1 with a stated length)")
    assert "Intro To Deep Learning With Python" in text and "2 hours" in text
    assert slot_events(events)["course"] != "tensorflow_recurrent_networks"


def test_a_search_whose_courses_state_no_length_says_so_before_going_outside_it(domain):
    tracker = make_tracker(
        "which one is shortest?",
        "ask_course_by_length",
        slots={"coding": "no_code", "ruled_out": ["provider:udemy"]},
    )
    messages, events = run_action(ActionCourseByLength(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("None of the courses with no coding not on Udemy states its length")
    assert "Of all 9 courses I know, the shortest with a stated length is Tensorflow 2.0" in text
    assert "doesn't fit everything you asked for" in text
    assert slot_events(events)["course"] == "tensorflow_recurrent_networks"
