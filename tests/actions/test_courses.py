"""The course actions, run through CollectingDispatcher on trackers with earlier turns."""

import pytest

from actions.courses import ActionCourseDetail, ActionStartCourseSearch, course_question
from actions.fact_answers import ActionAnswerInThread
from actions.tell_more import ActionTellMore
from actions.what_about import ActionWhatAbout
from tests.helpers import Recommend, make_tracker, run_action, slot_events

FREE_PAGE_ONE = [
    "basics_of_deep_learning",
    "neural_networks_and_deep_learning",
    "artificial_intelligence_markup_language",
]


def test_a_new_search_forgets_what_the_message_does_not_repeat(domain):
    tracker = make_tracker(
        "a python course",
        "ask_courses",
        [{"entity": "topic", "value": "python"}],
        slots={"level": "beginner", "topic": "python", "provider": "udemy", "course": "x"},
    )
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    forgotten = [e["name"] for e in events if e["event"] == "slot" and e["value"] is None]
    assert {"level", "provider", "course"} <= set(forgotten) and "topic" not in forgotten
    # Only the topic counts: the Python courses of every level and provider.
    assert messages[0]["text"].startswith("I found 2 courses on Python")


def test_a_request_that_says_what_it_wants_is_answered_at_once(domain):
    tracker = make_tracker(
        "free courses please",
        "ask_courses",
        [{"entity": "price", "value": "free"}],
        slots={"price": "free"},
    )
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    assert messages[0]["text"].startswith("I found 9 free courses")
    slots = slot_events(events)
    assert slots["shown_courses"] == FREE_PAGE_ONE
    assert slots["course_search"] == "answered"
    assert not any(e["event"] == "active_loop" for e in events)


def test_a_vague_request_asks_for_the_level(domain):
    tracker = make_tracker(
        "i want to learn deep learning", "ask_courses", slots={"level": "beginner"}
    )
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_ask_level"]
    slots = slot_events(events)
    assert slots["course_search"] == "asks_level" and slots["level"] is None


def test_a_named_course_or_an_unknown_subject_is_answered_at_once(domain):
    named = make_tracker(
        "tell me about the andrew ng course",
        "ask_courses",
        [{"entity": "course", "value": "neural_networks_and_deep_learning"}],
        slots={"course": "neural_networks_and_deep_learning"},
    )
    messages, events = run_action(ActionStartCourseSearch(), named, domain)
    assert messages[0]["text"].startswith("Neural Networks and Deep Learning is on Coursera")
    assert slot_events(events)["course_search"] == "answered"
    unknown = make_tracker("is there a course on knitting?", "ask_courses")
    messages, events = run_action(ActionStartCourseSearch(), unknown, domain)
    assert messages[0]["text"].startswith("Sorry, I don't know any course on knitting")
    # "Would you like to see those?" offers the deep-learning courses.
    assert "ask_courses" in str(slot_events(events)["offer"])
    assert slot_events(events)["course_search"] == "answered"


@pytest.mark.parametrize(
    ("text", "intent", "entities", "slots", "first_line"),
    [
        ("beginner", "inform", [{"entity": "level", "value": "beginner"}],
         {"level": "beginner"}, "I found 3 beginner courses"),
        ("no preference", "no_preference", [], {"level": "any"},
         "The document lists 9 courses"),
    ],
)  # fmt: skip
def test_the_answer_to_the_level_question_lists_courses(
    domain, text, intent, entities, slots, first_line
):
    """The level question's answer is a follow-up: one call, no form."""
    tracker = make_tracker(
        text,
        intent,
        entities,
        slots={**slots, "course_search": "asks_level"},
        earlier=[("i want to learn deep learning", "ask_courses")],
    )
    messages, events = run_action(ActionWhatAbout(), tracker, domain)
    assert messages[0]["text"].startswith(first_line)
    assert slot_events(events)["course_search"] == "answered"


def test_recommendation_lists_the_best_fits_and_remembers_them(domain):
    tracker = make_tracker(
        "free courses please",
        "ask_courses",
        [{"entity": "price", "value": "free"}],
        slots={"price": "free", "level": "any", "topic": "any"},
    )
    messages, events = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("I found 9 free courses")
    assert {"title": "Show me more", "payload": "/ask_more"} in messages[-1]["buttons"]
    slots = slot_events(events)
    assert slots["shown_courses"] == FREE_PAGE_ONE
    assert slots["course"] == "basics_of_deep_learning"


def test_a_named_course_gets_its_details(domain):
    tracker = make_tracker(
        "tell me about the andrew ng course",
        "ask_courses",
        [{"entity": "course", "value": "neural_networks_and_deep_learning"}],
        slots={"course": "neural_networks_and_deep_learning"},
    )
    messages, events = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("Neural Networks and Deep Learning is on Coursera")
    assert slot_events(events)["course"] == "neural_networks_and_deep_learning"


def test_a_request_outside_deep_learning_is_declined(domain):
    tracker = make_tracker("is there a course on knitting?", "ask_courses")
    messages, events = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("Sorry, I don't know any course on knitting")
    assert "- [" not in messages[0]["text"]
    assert "shown_courses" not in slot_events(events)


def test_the_decline_looks_at_the_request_not_the_last_answer(domain):
    tracker = make_tracker(
        "no preference",
        "no_preference",
        earlier=[("a tutorial on macrame", "ask_courses"), ("beginner", "inform")],
        slots={"level": "beginner", "topic": "any"},
    )
    messages, _ = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("Sorry, I don't know any course on macrame")


def test_show_me_more_gives_the_next_courses_of_the_same_search(domain):
    tracker = make_tracker(
        "any others?",
        "ask_more",
        earlier=[("free courses please", "ask_courses")],
        slots={"price": "free", "shown_courses": FREE_PAGE_ONE},
    )
    messages, events = run_action(ActionTellMore(), tracker, domain)
    assert messages[0]["text"].startswith("More free courses:")
    shown = slot_events(events)["shown_courses"]
    assert shown[:3] == FREE_PAGE_ONE and len(shown) == 6
    assert not set(shown[3:]) & set(FREE_PAGE_ONE)


def test_follow_up_questions_are_about_the_course_just_discussed(domain):
    slots = {"course": "deep_learning_crash_course", "thread": "courses"}
    earlier = [("the crash course", "ask_courses")]
    name = "Deep Learning Crash Course for Beginners"
    expected = {
        "ask_course_price": f"{name} is free.",
        "ask_course_length": f"The document doesn't say how long {name}",
        "ask_course_teacher": f"{name} is on freeCodeCamp (YouTube), by Jason Dsouza.",
        "ask_course_link": f"{name} is here: [https://www.youtube.com/watch?v=VyWAvY2CF9c]",
    }
    for intent, start in expected.items():
        tracker = make_tracker("?", intent, slots=slots, earlier=earlier)
        messages, _ = run_action(ActionCourseDetail(), tracker, domain)
        assert messages[0]["text"].startswith(start), intent
        payloads = [b["payload"] for b in messages[0]["buttons"]]
        assert f"/{intent}" not in payloads and len(payloads) == 3


def test_length_and_price_where_the_document_states_them(domain):
    slots = {"course": "tensorflow_recurrent_networks"}
    messages, _ = run_action(
        ActionCourseDetail(), make_tracker("how long?", "ask_course_length", slots=slots), domain
    )
    assert (
        messages[0]["text"]
        == "Tensorflow 2.0 | Recurrent Neural Networks, LSTMs, GRUs takes 1 hour. "
        "Anything else you'd like to know about it?"
    )
    slots = {"course": "artificial_intelligence_big_picture"}
    messages, _ = run_action(
        ActionCourseDetail(), make_tracker("free?", "ask_course_price", slots=slots), domain
    )
    # The document lists every course, Pluralsight's too, as free; it says no more.
    assert messages[0]["text"].startswith("Artificial Intelligence: The Big Picture of AI is free.")


def test_a_follow_up_with_no_course_in_the_conversation_asks_which(domain):
    messages, events = run_action(
        ActionCourseDetail(), make_tracker("is it free?", "ask_course_price"), domain
    )
    assert messages[0]["text"].startswith("Which course do you mean?")
    assert slot_events(events) == {"offer": None}


def test_slot_values_the_catalogue_does_not_know_count_as_no_preference(domain):
    """Hand-made payloads can put anything into the slots."""
    tracker = make_tracker(
        "/ask_courses",
        "ask_courses",
        slots={"level": 12345, "topic": {"a": [1]}, "provider": "<script>", "price": "free"},
    )
    messages, _ = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("I found 9 free courses")
    assert "<script>" not in str(messages)


def test_a_course_slot_the_catalogue_does_not_have_asks_which_course(domain):
    tracker = make_tracker("is it free?", "ask_course_price", slots={"course": "../../etc/passwd"})
    messages, _ = run_action(ActionCourseDetail(), tracker, domain)
    assert messages[0]["text"].startswith("Which course do you mean?")


def refinements(messages) -> list[str]:
    buttons = [b for message in messages for b in message.get("buttons", [])]
    return [b["payload"] for b in buttons if b["payload"].startswith("/inform")]


def test_one_preference_lists_courses_with_refinements_that_narrow_them(domain):
    tracker = make_tracker(
        "beginner",
        "inform",
        [{"entity": "level", "value": "beginner"}],
        slots={"level": "beginner"},
        earlier=[("I want to learn deep learning", "ask_courses")],
    )
    messages, _ = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("I found 3 beginner courses")
    # All three beginner courses are free, so "Only free ones" would change nothing;
    # the level is known, so no level button either.
    assert refinements(messages) == [
        '/inform{"length": "short"}',
        '/inform{"coding": "no_code"}',
        '/inform{"topic": "python"}',
    ]


def test_no_preference_lists_the_best_courses_overall(domain):
    tracker = make_tracker("no preference", "no_preference", slots={"level": "any"})
    messages, _ = run_action(Recommend(), tracker, domain)
    assert messages[0]["text"].startswith("The document lists 9 courses, all of them free.")
    # "Only free ones" would not narrow the list: every course is free.
    assert refinements(messages) == [
        '/inform{"level": "beginner"}',
        '/inform{"length": "short"}',
        '/inform{"coding": "no_code"}',
    ]


def test_a_refinement_keeps_the_earlier_preferences(domain):
    from actions.what_about import ActionWhatAbout

    tracker = make_tracker(
        "/inform",
        "inform",
        [{"entity": "length", "value": "short"}],
        slots={"level": "beginner", "length": "short", "thread": "courses"},
    )
    messages, _ = run_action(ActionWhatAbout(), tracker, domain)
    assert messages[0]["text"].startswith("Here is the one short beginner course")
    assert "Intro To Deep Learning With Python" in messages[1]["text"]
    # A single course cannot be narrowed further.
    assert refinements(messages) == []


# --- The course the thread holds ----------------------------------------------------


def test_the_course_a_term_reply_names_is_the_one_that_course_means(domain):
    from actions.ideas import ActionExplainIdea

    for text, course in [
        ("what are lstms", "tensorflow_recurrent_networks"),  # mentioned in that course
        ("what is backpropagation", "basics_of_deep_learning"),  # not covered: a course teaches it
    ]:
        tracker = make_tracker(text, "ask_dl_term")
        messages, events = run_action(ActionExplainIdea(), tracker, domain)
        assert slot_events(events)["course"] == course, text
        tracker = make_tracker(
            "is that course free?", "ask_course_price", slots=slot_events(events)
        )
        messages, _ = run_action(ActionCourseDetail(), tracker, domain)
        assert "is free" in messages[0]["text"], text


def test_where_can_i_learn_it_gives_the_course_of_the_thread(domain):
    for slots, name in [
        (
            {
                "thread": "ask_how_dl_works;idea=backpropagation",
                "course": "basics_of_deep_learning",
            },
            "Basics of Deep Learning",
        ),
        ({"thread": "ask_dl_vs_ml"}, "Machine Learning with Python"),
        ({"thread": "example:chatbots"}, "Artificial Intelligence Markup Language"),
    ]:
        tracker = make_tracker("ok so where can I learn it?", "ask_courses", slots=slots)
        messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
        assert messages[0]["text"].startswith(f"{name} is on"), slots
        assert slot_events(events)["course_search"] == "answered"


def test_a_vague_request_with_no_thread_still_asks_for_the_level(domain):
    tracker = make_tracker("where can I learn it?", "ask_courses")
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_ask_level"]
    assert slot_events(events)["course_search"] == "asks_level"


def test_the_second_one_is_the_second_course_of_the_list(domain):
    tracker = make_tracker(
        "how long is the second one?",
        "ask_course_length",
        slots={"shown_courses": FREE_PAGE_ONE, "course": FREE_PAGE_ONE[0]},
    )
    messages, events = run_action(ActionCourseDetail(), tracker, domain)
    assert messages[0]["text"].startswith("The document doesn't say how long Neural Networks")
    assert slot_events(events)["course"] == FREE_PAGE_ONE[1]


def udemy_in(text: str) -> bool:
    return "(Udemy," in text or "on Udemy." in text.replace("not on Udemy", "")


@pytest.mark.parametrize(
    "text",
    ["courses that are not on udemy", "anything but udemy", "a course other than udemy"],
)
def test_a_request_can_rule_out_a_provider(domain, text):
    start = text.index("udemy")
    entity = {"entity": "provider", "value": "udemy", "start": start, "end": start + 5}
    tracker = make_tracker(text, "ask_courses", [entity], slots={"provider": "udemy"})
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    reply = "\n".join(m["text"] for m in messages)
    assert reply.startswith("I found 4 courses not on Udemy"), reply
    assert not udemy_in(reply) and "Fits: not on Udemy." in reply
    slots = slot_events(events)
    assert slots["provider"] is None and slots["ruled_out"] == ["provider:udemy"]


def test_a_refinement_that_rules_out_adds_to_what_was_said(domain):
    """ "I don't want a paid course", then "not udemy": free and not on Udemy."""
    entity = {"entity": "provider", "value": "udemy", "start": 4, "end": 9}
    tracker = make_tracker(
        "not udemy",
        "inform",
        [entity],
        slots={"price": "free", "provider": "udemy", "course_search": "answered"},
        earlier=[("I don't want a paid course", "ask_courses")],
    )
    messages, events = run_action(ActionWhatAbout(), tracker, domain)
    reply = "\n".join(m["text"] for m in messages)
    assert reply.startswith("I found 4 free courses not on Udemy"), reply
    assert "Fits: free, not on Udemy." in reply and not udemy_in(reply)
    # Neither the list's own price nor a value it rules out is offered again.
    buttons = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert "Is it free?" not in buttons and "Only free ones" not in buttons
    assert slot_events(events)["ruled_out"] == ["provider:udemy"]


def test_a_negated_price_means_the_other_price(domain):
    text = "I don't want a paid course"
    entity = {"entity": "price", "value": "paid", "start": 15, "end": 19}
    tracker = make_tracker(text, "ask_courses", [entity], slots={"price": "paid"})
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    assert messages[0]["text"].startswith("I found 9 free courses")
    assert slot_events(events)["price"] == "free"


def test_wanting_a_ruled_out_value_again_lifts_the_rule(domain):
    entity = {"entity": "provider", "value": "udemy", "start": 15, "end": 20}
    tracker = make_tracker(
        "actually, only udemy",
        "inform",
        [entity],
        slots={"provider": "udemy", "ruled_out": ["provider:udemy"]},
    )
    messages, events = run_action(ActionWhatAbout(), tracker, domain)
    assert messages[0]["text"].startswith("I found 5 courses from Udemy")
    assert slot_events(events)["ruled_out"] == []


def test_a_list_of_free_courses_offers_no_is_it_free_button(domain):
    tracker = make_tracker(
        "a free course for beginners",
        "ask_courses",
        [{"entity": "price", "value": "free"}, {"entity": "level", "value": "beginner"}],
        slots={"price": "free", "level": "beginner"},
    )
    messages, _ = run_action(ActionStartCourseSearch(), tracker, domain)
    buttons = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert "Is it free?" not in buttons and "How long is it?" in buttons


def test_the_level_question_offers_every_level_every_topic_and_no_preference(domain):
    """The question is a response in domain.yml: its buttons are the catalogue's levels
    and topics, in order, each sending its value as the answer, then no preference."""
    from rasa.core.nlg.interpolator import interpolate

    from knowledge.buttons import button
    from knowledge.catalogues import course_catalogue

    catalogue = course_catalogue()
    expected = [
        button(term.label[0].upper() + term.label[1:], "inform", **{preference: key})
        for preference in ("level", "topic")
        for key, term in catalogue.values_of(preference).items()
    ] + [button("No preference", "no_preference")]
    (question,) = domain["responses"]["utter_ask_level"]
    assert question["text"].startswith("Happy to help you pick a course. What's your level,")
    sent = [{**b, "payload": interpolate(b["payload"], {})} for b in question["buttons"]]
    assert sent == expected
    assert len(expected) == 2 + 8 + 1


def test_how_many_courses_gives_the_count_before_the_level_question(domain):
    tracker = make_tracker("how many courses do you know about?", "ask_courses")
    messages, events = run_action(ActionStartCourseSearch(), tracker, domain)
    assert [m["response"] for m in messages] == [
        "utter_courses_count_then_level",
        "utter_ask_level",
    ]
    assert messages[0]["text"] == "I know 9 courses, all of them free."
    assert slot_events(events)["course_search"] == "asks_level"
    # Asked right after the level question: the count, and no second level question.
    again = make_tracker(
        "and how many courses are there?", "ask_courses", slots={"course_search": "asks_level"}
    )
    messages, _ = run_action(ActionStartCourseSearch(), again, domain)
    assert [m["response"] for m in messages] == ["utter_courses_count"]


def test_a_course_question_in_another_part_s_thread_asks_about_that_part(domain):
    # "Who's interested in it?" read as "who teaches it?" after medicine, no course shown.
    tracker = make_tracker(
        "who's interested in it?",
        "ask_course_teacher",
        slots={"thread": "example:medicine"},
    )
    messages, _ = run_action(ActionCourseDetail(), tracker, domain)
    assert "pharmaceutical" in messages[0]["text"]
    assert "Which course do you mean" not in messages[0]["text"]


def test_what_a_course_teaches_and_where_it_is_are_questions_about_the_course():
    assert course_question("what programming language?") == "ask_course_content"
    assert course_question("is it for beginners?") == "ask_course_content"
    assert course_question("on which site?") == "ask_course_link"
    assert course_question("how long?") == "ask_course_length"
    assert course_question("cool") is None


def test_what_a_course_teaches_is_its_summary(domain):
    slots = {"course": "machine_learning_with_python", "thread": "courses"}
    tracker = make_tracker("what programming language?", "ask_follow_up", slots=slots)
    messages, _ = run_action(ActionAnswerInThread(), tracker, domain)
    assert "Python" in messages[0]["text"]
    assert messages[0]["text"].startswith("What Machine Learning with Python teaches")
    assert "The document doesn't state its level." in messages[0]["text"]
