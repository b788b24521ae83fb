"""The pure course search: preferences, ranking by fit with its tie-breaking, and pages."""

import pytest

from knowledge.catalogues import load_course_catalogue
from knowledge.course_search import (
    AFTER,
    ANY,
    BEFORE,
    FITS,
    REASONS,
    CourseQuery,
    course_at_position,
    describe_query,
    details_message,
    rank_courses,
    search_page,
    unrelated_subject,
)
from knowledge.records import PREFERENCES
from tests.helpers import rendered


@pytest.fixture(scope="module")
def catalogue():
    return load_course_catalogue()


def numbers(ranked):
    return [r.course.number for r in ranked]


def test_query_from_slots_treats_any_and_empty_as_no_preference():
    query = CourseQuery.from_slots({"level": ANY, "topic": "python", "price": None})
    assert query == CourseQuery(topic="python")
    assert query.criteria_count == 1


def test_full_matches_come_first_with_the_reasons_they_fit(catalogue):
    ranked = rank_courses(catalogue, CourseQuery(level="beginner", topic="python"))
    assert ranked[0].course.number == 9  # the only beginner Python course
    assert ranked[0].reasons == ("beginner level", "covers Python")
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


def test_ties_go_to_free_courses_then_document_order(catalogue):
    ranked = rank_courses(catalogue, CourseQuery(level="intermediate", provider="coursera"))
    assert numbers(ranked)[:2] == [2, 6]  # one criterion each: document order
    no_match = [r.course.number for r in ranked if r.score == 0]
    assert no_match == [1, 3, 4, 5, 7, 8, 9]
    # A paid course (none in the document's list) comes after the free ones.
    first = catalogue.courses[0]
    paid = first.__class__(**{**first.__dict__, "price": "paid"})
    with_paid = catalogue.__class__(
        **{**catalogue.__dict__, "courses": (paid, *catalogue.courses[1:])}
    )
    assert numbers(rank_courses(with_paid, CourseQuery(level="intermediate")))[-1] == 1


def test_provider_matches_the_platform_or_the_organisation(catalogue):
    by_ibm = rank_courses(catalogue, CourseQuery(provider="ibm"))[0]
    by_edx = rank_courses(catalogue, CourseQuery(provider="edx"))[0]
    assert by_ibm.course.number == by_edx.course.number == 4
    assert by_ibm.reasons == ("from IBM",)


def test_short_and_no_code_preferences(catalogue):
    short = [
        r.course.number for r in rank_courses(catalogue, CourseQuery(length="short")) if r.score
    ]
    assert short == [7, 9]
    no_code = rank_courses(catalogue, CourseQuery(coding="no_code"))[0]
    assert no_code.course.number == 8 and no_code.reasons == ("no coding needed",)


def test_describe_query_reads_naturally(catalogue):
    query = CourseQuery(level="beginner", topic="python", provider="udemy", price="free")
    assert describe_query(catalogue, query) == "free beginner courses on Python from Udemy"


def page_text(page, domain) -> str:
    return "\n\n".join(rendered(message, domain) for message in page.messages)


def test_a_page_lists_three_with_facts_reasons_and_links(catalogue, domain):
    page = search_page(catalogue, CourseQuery(price="free"))
    text = page_text(page, domain)
    assert text.startswith("I found 9 free courses. The best fits:")
    assert text.count("\n- [") == 3
    assert "(Udemy, free, beginner level, length not stated). Fits: free." in text
    assert "https://www.udemy.com/course/basics-of-deep-learning/" in text
    assert page.shown == (
        "basics_of_deep_learning",
        "neural_networks_and_deep_learning",
        "artificial_intelligence_markup_language",
    )
    assert page.more == 6 and "I have 6 more." in text


def test_paging_never_repeats_and_says_when_all_were_shown(catalogue, domain):
    query = CourseQuery(price="free")
    seen = ()
    for _ in range(3):
        page = search_page(catalogue, query, seen)
        assert not set(page.shown) & set(seen)
        seen += page.shown
    assert len(seen) == 9 and page.more == 0
    assert page_text(page, domain).startswith("More free courses:")
    last = search_page(catalogue, query, seen)
    assert last.shown == ()
    assert page_text(last, domain).startswith("That's all: I know 9 free courses")


def test_no_exact_match_says_so_and_offers_the_closest(catalogue, domain):
    page = search_page(catalogue, CourseQuery(level="intermediate", provider="coursera"))
    assert page_text(page, domain).startswith(
        "None of the courses I know is among intermediate courses from Coursera"
    )
    assert page.shown[:2] == ("neural_networks_and_deep_learning", "applied_deep_learning_chatbot")


def test_no_preference_gives_the_document_overview_first(catalogue, domain):
    page = search_page(catalogue, CourseQuery())
    assert page_text(page, domain).startswith("The document lists 9 courses, all of them free.")
    assert page.more == 6


def test_details_state_provider_price_level_and_length(catalogue, domain):
    def course_details(catalogue, course):
        return rendered(details_message(catalogue, course), domain)

    text = course_details(catalogue, catalogue.by_id("neural_networks_and_deep_learning"))
    assert "Coursera, by Andrew Ng of DeepLearning.AI" in text
    assert "It is free;" in text and "level not stated" in text
    crash = course_details(catalogue, catalogue.by_id("deep_learning_crash_course"))
    assert "Jason Dsouza" in crash and "beginner level" in crash and "No coding" in crash


@pytest.mark.parametrize(
    "text, subject",
    [
        ("is there a course on knitting?", "knitting"),
        ("any good online classes about french cooking", "french cooking"),
        ("a free course on deep learning", None),
        ("tutorials on how to get started", None),
        ("a course for beginners", None),
        ("courses on lstm networks", None),
        ("a course on something short", None),
        ("recommend a course", None),
    ],
)
def test_unrelated_subject_finds_requests_outside_deep_learning(catalogue, text, subject):
    assert unrelated_subject(catalogue, text) == subject


def test_no_trained_course_request_is_taken_for_an_unrelated_subject(catalogue):
    from tests.helpers import plain, training_examples

    declined = [
        example
        for example in training_examples()["ask_courses"]
        if unrelated_subject(catalogue, plain(example))
    ]
    assert not declined


def test_a_single_fit_comes_with_its_full_details(catalogue, domain):
    page = search_page(catalogue, CourseQuery(provider="freecodecamp"))
    text = page_text(page, domain)
    assert text.startswith(
        "Here is the one course from freeCodeCamp (YouTube). Fits: from freeCodeCamp (YouTube)."
    )
    assert "Jason Dsouza" in text and page.shown == ("deep_learning_crash_course",)


def test_every_preference_has_its_match_its_reason_and_its_place_in_a_phrase():
    assert set(FITS) == set(REASONS) == set(BEFORE) | set(AFTER) == set(PREFERENCES)
    assert not set(BEFORE) & set(AFTER)


def test_a_query_refuses_a_preference_the_catalogue_does_not_have():
    with pytest.raises(ValueError, match="colour"):
        CourseQuery(colour="blue")
    assert CourseQuery.from_slots({"level": "any", "topic": "python"}) == CourseQuery(
        topic="python"
    )


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("recommend a guitar course for beginners", "guitar"),
        ("a free photography class", "photography"),
        ("is there a keras tutorial", "keras"),
    ],
)
def test_a_subject_before_the_course_noun_is_read_too(catalogue, text, subject):
    assert unrelated_subject(catalogue, text, after_the_noun=False) == subject


def test_the_only_fit_already_shown_is_named_in_the_singular(catalogue, domain):
    query = CourseQuery(level="beginner", coding="no_code")
    first = search_page(catalogue, query)
    assert len(first.shown) == 1
    [message] = search_page(catalogue, query, first.shown).messages
    assert message["response"] == "utter_courses_all_seen_one"
    text = rendered(message, domain)
    assert "only one beginner course with no coding" in text and "seen it" in text


def test_one_course_left_is_offered_in_the_singular(catalogue, domain):
    page = search_page(catalogue, CourseQuery(ruled_out=[("provider", "udemy")]))
    assert page.more == 1
    assert page_text(page, domain).endswith("I have one more. Want to see it?")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("how long is the second one?", 1),
        ("who made the first one?", 0),
        ("is the last one free?", 2),
        ("and number 3?", 2),
        ("what about course #2", 1),
        ("is it free?", None),
        ("the first time I heard of it", None),
    ],
)
def test_a_course_is_pointed_at_by_its_place_in_the_last_list(text, position):
    shown = ["a", "b", "c"]
    assert course_at_position(text, shown) == (None if position is None else shown[position])
