"""Course recommendations: the pure ranking and formatting, and the action end to end."""

import pytest

from actions.catalogue import load_course_catalogue
from actions.courses import (
    ActionRecommendCourses,
    CourseQuery,
    course_details,
    describe_query,
    matched_criteria,
    rank_courses,
    recommendation_text,
    unrelated_subject,
)
from tests.conftest import make_tracker, run_action


@pytest.fixture(scope="module")
def catalogue():
    return load_course_catalogue()


def numbers(ranked):
    return [course.number for course, _ in ranked]


def test_rank_puts_full_matches_first_then_document_order(catalogue):
    ranked = rank_courses(catalogue, CourseQuery(levels=("beginner",), topics=("python",)))
    assert numbers(ranked)[0] == 9  # the only beginner Python course
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    # Ties keep the document's order: courses 1 and 8 (beginner only) before 4 (Python only).
    assert numbers(ranked)[1:4] == [1, 4, 8]


def test_provider_matches_the_platform_or_the_organisation(catalogue):
    ibm = catalogue.by_id("machine_learning_with_python")
    assert matched_criteria(ibm, CourseQuery(providers=("ibm",))) == 1
    assert matched_criteria(ibm, CourseQuery(providers=("edx",))) == 1
    assert matched_criteria(ibm, CourseQuery(providers=("udemy",))) == 0


def test_each_requested_topic_counts_once(catalogue):
    tensorflow = catalogue.by_id("tensorflow_recurrent_networks")
    query = CourseQuery(topics=("tensorflow", "rnn", "chatbots"))
    assert query.criteria_count == 3
    assert matched_criteria(tensorflow, query) == 2


def test_describe_query_reads_naturally(catalogue):
    query = CourseQuery(
        levels=("beginner",), topics=("python",), providers=("udemy",), prices=("free",)
    )
    assert describe_query(catalogue, query) == "free beginner courses on Python from Udemy"


def test_recommendation_lists_exact_matches_with_links(catalogue):
    text = recommendation_text(catalogue, CourseQuery(topics=("chatbots",)))
    assert text.startswith("I found 2 courses on chatbots")
    assert "Artificial Intelligence Markup Language" in text
    assert "Applied Deep Learning: Build a Chatbot" in text
    assert "https://www.udemy.com/course/artificial-intelligence-markup-language/" in text


def test_recommendation_caps_the_list_and_says_how_many_remain(catalogue):
    text = recommendation_text(catalogue, CourseQuery(prices=("free",)))
    assert text.startswith("I found 8 free courses")
    assert text.count("\n- [") == 3
    assert "5 more" in text


def test_no_exact_match_says_so_and_offers_the_closest(catalogue):
    query = CourseQuery(levels=("intermediate",), providers=("coursera",))
    text = recommendation_text(catalogue, query)
    assert text.startswith("None of the courses I know is among intermediate courses from Coursera")
    assert "Neural Networks and Deep Learning" in text
    assert "Applied Deep Learning" in text


def test_details_state_provider_price_level_and_length(catalogue):
    text = course_details(catalogue, catalogue.by_id("neural_networks_and_deep_learning"))
    assert "Coursera, by Andrew Ng of DeepLearning.AI" in text
    assert "free to audit" in text and "level not stated" in text
    crash = course_details(catalogue, catalogue.by_id("deep_learning_crash_course"))
    assert "Jason Dsouza" in crash and "beginner level" in crash and "No coding" in crash


def test_action_lists_all_courses_when_nothing_is_specified(domain):
    tracker = make_tracker("recommend me a course", "ask_courses")
    messages, events = run_action(ActionRecommendCourses(), tracker, domain)
    assert events == []
    text = messages[0]["text"]
    assert text.startswith("The document lists 9 courses, 8 of them free")
    assert all(f"{number}. " in text for number in range(1, 10))
    assert {button["title"] for button in messages[0]["buttons"]} >= {"Beginner courses"}


def test_action_filters_by_entities(domain):
    tracker = make_tracker(
        "a beginner python course",
        "ask_courses",
        [{"entity": "level", "value": "beginner"}, {"entity": "topic", "value": "python"}],
    )
    messages, _ = run_action(ActionRecommendCourses(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("Here is the one beginner course on Python")
    assert "Data Science: Intro To Deep Learning With Python" in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert '/ask_courses{"level": "beginner"}' not in payloads


def test_action_maps_raw_entity_values_and_drops_unknown_ones(domain):
    raw_entity = make_tracker(
        "LSTM tutorials", "ask_courses", [{"entity": "topic", "value": "LSTM"}]
    )
    messages, _ = run_action(ActionRecommendCourses(), raw_entity, domain)
    assert "Tensorflow 2.0 | Recurrent Neural Networks" in messages[0]["text"]
    unknown = make_tracker("tutorials", "ask_courses", [{"entity": "topic", "value": "quilting"}])
    messages, _ = run_action(ActionRecommendCourses(), unknown, domain)
    assert messages[0]["text"].startswith("The document lists 9 courses")


def test_action_gives_details_of_a_named_course(domain):
    tracker = make_tracker("what's the AIML course about?", "ask_courses")
    messages, _ = run_action(ActionRecommendCourses(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("Artificial Intelligence Markup Language is on Udemy")
    assert "XML" in text
    assert messages[0]["buttons"][0]["payload"] == '/ask_courses{"topic": "chatbots"}'


def test_button_payloads_use_entities_not_text(domain):
    tracker = make_tracker(
        '/ask_courses{"level": "beginner"}',
        "ask_courses",
        [{"entity": "level", "value": "beginner"}],
    )
    messages, _ = run_action(ActionRecommendCourses(), tracker, domain)
    assert messages[0]["text"].startswith("I found 3 beginner courses")


@pytest.mark.parametrize(
    "text, subject",
    [
        ("is there a course on knitting?", "knitting"),
        ("any good online classes about french cooking", "french cooking"),
        ("a free course on deep learning", None),
        ("tutorials on how to get started", None),
        ("a course for beginners", None),
        ("courses on lstm networks", None),
        ("recommend a course", None),
    ],
)
def test_unrelated_subject_finds_requests_outside_deep_learning(catalogue, text, subject):
    assert unrelated_subject(catalogue, text) == subject


def test_action_declines_a_course_outside_deep_learning(domain):
    tracker = make_tracker("is there a course on knitting?", "ask_courses")
    messages, _ = run_action(ActionRecommendCourses(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("Sorry, I don't know any course on knitting")
    assert "- [" not in text
    free = make_tracker(
        "a free course on knitting", "ask_courses", [{"entity": "price", "value": "free"}]
    )
    messages, _ = run_action(ActionRecommendCourses(), free, domain)
    assert messages[0]["text"].startswith("Sorry, I don't know any course on knitting")


def test_no_trained_course_request_is_taken_for_an_unrelated_subject(catalogue):
    from tests.test_data import plain, training_examples

    declined = [
        example
        for example in training_examples()["ask_courses"]
        if unrelated_subject(catalogue, plain(example))
    ]
    assert not declined


def test_a_subject_the_nlu_tagged_is_never_declined(domain):
    tracker = make_tracker(
        "courses for greenhorns", "ask_courses", [{"entity": "level", "value": "greenhorns"}]
    )
    messages, _ = run_action(ActionRecommendCourses(), tracker, domain)
    assert not messages[0]["text"].startswith("Sorry")
