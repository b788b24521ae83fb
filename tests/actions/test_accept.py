""" "Yes" to an offer (actions/accept.py, actions/offers.py): exactly what the last reply
offered, a choice when it offered several, and nothing once another reply came."""

import pytest
from rasa_sdk import Tracker

from actions.accept import ActionAcceptOffer
from actions.tell_more import ActionTellMore
from actions.turn import Turn
from knowledge.document import document
from knowledge.records import Button, steps_value
from tests.helpers import parse, run_action, slot_events


def tracker_after(offered: list[Button] | None, text: str, intent: str, replies_since: int = 0):
    """A conversation whose last reply offered `offered` (set as Rasa sets it: right
    after the question, through the slot's mapping), `replies_since` turns that offered
    nothing after it, then `text`."""
    events = [
        {"event": "action", "name": "action_listen"},
        {
            "event": "user",
            "text": "what is deep learning",
            "parse_data": parse("q", "ask_what_is_dl"),
        },
        {"event": "slot", "name": "offer", "value": steps_value(offered or [])},
        {"event": "bot", "text": "(answer)"},
    ]
    for _ in range(replies_since):
        events += [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "thanks", "parse_data": parse("thanks", "thank")},
            {"event": "bot", "text": "(you're welcome)"},
        ]
    latest = parse(text, intent)
    events += [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest},
    ]
    return Tracker.from_dict(
        {
            "sender_id": "offers",
            "slots": {"offer": steps_value(offered or [])},
            "latest_message": latest,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


HOW_IT_WORKS = Button("How does it work?", "ask_how_dl_works")


@pytest.mark.parametrize("text", ["yes", "sure", "yes please", "sounds good", "why not"])
def test_yes_gives_the_part_offered(domain, text):
    messages, events = run_action(
        ActionAcceptOffer(), tracker_after([HOW_IT_WORKS], text, "affirm"), domain
    )
    assert messages[0]["response"] == "utter_ask_how_dl_works"
    slots = slot_events(events)
    assert slots["thread"] == "ask_how_dl_works"
    # The answer given offers what its own entry offers.
    assert slots["offer"] == steps_value(document().parts["ask_how_dl_works"].offer.gives)


@pytest.mark.parametrize("text", ["ok", "okie dokie", "alright then", "hmm ok", "fine"])
def test_an_ok_accepts_too(domain, text):
    messages, _ = run_action(
        ActionAcceptOffer(), tracker_after([HOW_IT_WORKS], text, "acknowledge"), domain
    )
    assert messages[0]["response"] == "utter_ask_how_dl_works"


@pytest.mark.parametrize("text", ["ahh i see now", "got it", "haha funny", "noted"])
def test_an_acknowledgement_that_only_takes_note_leaves_the_offer(domain, text):
    messages, _ = run_action(
        ActionAcceptOffer(), tracker_after([HOW_IT_WORKS], text, "acknowledge"), domain
    )
    assert messages[0]["response"] == "utter_acknowledge"


def test_an_offer_of_several_asks_which_and_keeps_them_on_offer(domain):
    offered = [HOW_IT_WORKS, Button("What is a CNN?", "ask_cnn")]
    messages, events = run_action(
        ActionAcceptOffer(), tracker_after(offered, "yes", "affirm"), domain
    )
    assert messages[0]["response"] == "utter_which_one"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_how_dl_works", "/ask_cnn"]
    assert slot_events(events)["offer"] == steps_value(offered)


def test_an_offered_course_gives_its_details(domain):
    offered = [
        Button("About the crash course", "ask_courses", (("course", "deep_learning_crash_course"),))
    ]
    messages, events = run_action(
        ActionAcceptOffer(), tracker_after(offered, "yes", "affirm"), domain
    )
    assert messages[0]["response"] == "utter_course_details"
    assert "Jason Dsouza" in messages[0]["text"]
    assert slot_events(events)["course"] == "deep_learning_crash_course"


def test_an_offered_course_search_lists_the_courses(domain):
    offered = [Button("Machine learning course", "ask_courses", (("topic", "machine_learning"),))]
    messages, _ = run_action(ActionAcceptOffer(), tracker_after(offered, "sure", "affirm"), domain)
    assert messages[0]["text"].startswith("I found 2 courses on machine learning")


def test_an_offered_example_is_given(domain):
    offered = [Button("Medicine", "ask_examples", (("example_field", "medicine"),))]
    messages, _ = run_action(ActionAcceptOffer(), tracker_after(offered, "yes", "affirm"), domain)
    assert "genome" in messages[0]["text"]


def test_once_another_reply_came_nothing_is_on_offer(domain):
    tracker = tracker_after([HOW_IT_WORKS], "yes", "affirm", replies_since=1)
    assert Turn.read(tracker).open_offer == ()
    messages, events = run_action(ActionAcceptOffer(), tracker, domain)
    assert messages[0]["response"] == "utter_affirm"
    assert slot_events(events) == {"offer": None}


def test_ok_with_nothing_on_offer_is_small_talk(domain):
    messages, _ = run_action(ActionAcceptOffer(), tracker_after(None, "ok", "acknowledge"), domain)
    assert messages[0]["response"] == "utter_acknowledge"


def test_why_not_with_nothing_on_offer_asks_about_what_was_said(domain):
    tracker = tracker_after(None, "why not?", "affirm")
    tracker.slots["thread"] = "ask_agi"
    messages, _ = run_action(ActionAcceptOffer(), tracker, domain)
    assert messages[0]["response"] not in ("utter_affirm", "utter_acknowledge")


def test_go_on_accepts_where_tell_me_more_goes_deeper(domain):
    go_on = tracker_after([HOW_IT_WORKS], "go on", "ask_more")
    go_on.slots["thread"] = "ask_what_is_dl"
    messages, _ = run_action(ActionTellMore(), go_on, domain)
    assert messages[0]["response"] == "utter_ask_how_dl_works"
    more = tracker_after([HOW_IT_WORKS], "tell me more", "ask_more")
    more.slots["thread"] = "ask_what_is_dl"
    messages, _ = run_action(ActionTellMore(), more, domain)
    assert messages[0]["response"] == "utter_thread_more"


def test_a_malformed_offer_is_no_offer(domain):
    tracker = tracker_after([HOW_IT_WORKS], "yes", "affirm")
    tracker.events[2]["value"] = "not json"
    assert Turn.read(tracker).open_offer == ()
