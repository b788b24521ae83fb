""" "Did you mean" when the NLU is unsure: the likeliest questions as buttons."""

from actions.suggestions import ActionSuggestTopics
from knowledge.document import questions
from tests.helpers import make_tracker, run_action


def unsure(text: str, ranking: list[tuple[str, float]], entities=None):
    tracker = make_tracker(text, "nlu_fallback", entities)
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.25}] + [
        {"name": name, "confidence": confidence} for name, confidence in ranking
    ]
    return tracker


def test_the_likeliest_questions_become_labelled_buttons(domain):
    tracker = unsure(
        "deep layers thing?",
        [("ask_hidden_layers", 0.3), ("ask_how_dl_works", 0.25), ("inform", 0.2), ("ask_cnn", 0.1)],
    )
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["response"] == "utter_did_you_mean"
    buttons = messages[0]["buttons"]
    assert [b["title"] for b in buttons] == [
        questions()["ask_hidden_layers"],
        questions()["ask_how_dl_works"],
        questions()["ask_cnn"],
        "None of these",
    ]
    assert [b["payload"] for b in buttons] == [
        "/ask_hidden_layers",
        "/ask_how_dl_works",
        "/ask_cnn",
        "/help",
    ]


def test_a_suggested_example_keeps_the_field_named(domain):
    tracker = unsure(
        "that thing in hospitals",
        [("ask_examples", 0.3), ("ask_cnn", 0.2)],
        [{"entity": "example_field", "value": "medicine"}],
    )
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["buttons"][0]["payload"] == '/ask_examples{"example_field": "medicine"}'


def test_never_suggests_fallback_off_topic_or_follow_ups(domain):
    tracker = unsure("hmm what", [("ask_more", 0.3), ("ask_cnn", 0.2), ("out_of_scope", 0.15)])
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_cnn", "/help"]


def test_off_topic_first_gets_the_polite_decline(domain):
    tracker = unsure("how tall is a giraffe", [("out_of_scope", 0.3), ("ask_cnn", 0.2)])
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["response"] == "utter_out_of_scope"


def test_small_talk_gets_its_reply_even_when_unsure(domain):
    tracker = unsure("ya", [("affirm", 0.2), ("goodbye", 0.15)])
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["response"] == "utter_affirm"


def test_nothing_plausible_gets_the_generic_reply(domain):
    tracker = unsure("zzz", [("ask_cnn", 0.05), ("ask_agi", 0.04)])
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["response"] == "utter_default"


def test_an_unsure_question_about_a_known_idea_gets_the_idea(domain):
    tracker = unsure("backprop??", [("ask_dl_term", 0.24), ("ask_how_dl_works", 0.2)])
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["response"] == "utter_term_not_covered_course"


def test_an_unsure_message_naming_a_course_preference_in_a_search_refines_it(domain):
    # "is it on youtube?" after a list of courses, read by the NLU with no confidence.
    tracker = make_tracker(
        "is it on youtube?",
        "nlu_fallback",
        [{"entity": "provider", "value": "freecodecamp", "start": 9, "end": 16}],
        slots={"thread": "courses"},
        ranking=[("inform", 0.24), ("ask_course_link", 0.22)],
    )
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    said = " ".join(message.get("text") or "" for message in messages)
    assert "freeCodeCamp (YouTube)" in said and "Deep Learning Crash Course" in said
    assert "Did you mean" not in said


def test_what_about_another_thing_in_a_section_s_thread_is_a_detail_it_lacks(domain):
    tracker = make_tracker(
        "what about video?", "nlu_fallback", slots={"thread": "ask_cnn"}, ranking=[]
    )
    messages, _ = run_action(ActionSuggestTopics(), tracker, domain)
    assert messages[0]["text"].startswith('The document doesn\'t go into "video"')
