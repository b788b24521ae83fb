"""Two questions in one message: each part answered, a course request last."""

from actions.two_questions import ActionAnswerEach, parts_in_order
from tests.helpers import make_tracker, run_action, slot_events


def two_questions(text, parts, entities=None):
    tracker = make_tracker(text, "ask_several", entities)
    tracker.latest_message["questions"] = [
        {"intent": intent, "text": part, "confidence": 0.9} for intent, part in parts
    ]
    return tracker


def test_each_part_is_answered_in_the_order_asked(domain):
    tracker = two_questions(
        "what is a CNN and how is it used in medicine?",
        [("ask_cnn", "what is a CNN"), ("ask_examples", "how is it used in medicine")],
        [{"entity": "example_field", "value": "medicine"}],
    )
    messages, events = run_action(ActionAnswerEach(), tracker, domain)
    assert messages[0]["response"] == "utter_ask_cnn"
    assert "tumours" in messages[1]["text"]
    # The thread follows the last question answered.
    assert slot_events(events)["thread"] == "example:medicine"


def test_an_idea_no_section_explains_is_answered_from_its_own_part(domain):
    tracker = two_questions(
        "what are hidden layers and what is dropout",
        [("ask_hidden_layers", "what are hidden layers"), ("ask_dl_term", "what is dropout")],
    )
    messages, _ = run_action(ActionAnswerEach(), tracker, domain)
    assert [m["response"] for m in messages] == [
        "utter_ask_hidden_layers",
        "utter_term_not_covered_course",
    ]
    assert messages[1]["term_label"] == "dropout"


def test_a_course_request_comes_last_and_lists_courses_for_its_preference(domain):
    tracker = two_questions(
        "recommend a free course and what is deep learning",
        [("ask_courses", "recommend a free course"), ("ask_what_is_dl", "what is deep learning")],
        [{"entity": "price", "value": "free"}],
    )
    messages, events = run_action(ActionAnswerEach(), tracker, domain)
    assert messages[0]["response"] == "utter_ask_what_is_dl"
    assert "free" in messages[1]["text"].lower() and "course" in messages[1]["text"].lower()
    assert slot_events(events)["price"] == "free"


def test_a_course_request_without_preferences_asks_for_the_level(domain):
    tracker = two_questions(
        "what is deep learning and can you recommend a course",
        [
            ("ask_what_is_dl", "what is deep learning"),
            ("ask_courses", "can you recommend a course"),
        ],
    )
    messages, events = run_action(ActionAnswerEach(), tracker, domain)
    assert [m.get("response") for m in messages] == ["utter_ask_what_is_dl", "utter_ask_level"]
    assert slot_events(events)["course_search"] == "asks_level"


def test_parts_in_order_moves_only_the_course_request():
    parts = [{"intent": "ask_courses"}, {"intent": "ask_cnn"}, {"intent": "ask_agi"}]
    assert [p["intent"] for p in parts_in_order(parts)] == ["ask_cnn", "ask_agi", "ask_courses"]


def test_no_parts_gets_the_generic_reply(domain):
    messages, _ = run_action(ActionAnswerEach(), two_questions("hm", []), domain)
    assert messages[0]["response"] == "utter_default"
