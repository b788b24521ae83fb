"""Follow-ups answered in the thread (actions/fact_answers.py): from the part the thread
is on, never the paragraph just sent, and honestly when the document doesn't say."""

from actions.fact_answers import ActionAnswerInThread, ActionOutOfScope
from actions.ideas import TELL_MORE
from actions.sources import ActionNameSource
from knowledge.records import steps_from_value
from tests.helpers import make_tracker, run_action, slot_events


def answer(text, intent, thread=None, ranking=None, entities=None, domain=None):
    slots = {"thread": thread} if thread else {}
    tracker = make_tracker(text, intent, entities, slots=slots, ranking=ranking)
    return run_action(ActionAnswerInThread(), tracker, domain)


def test_how_many_after_hidden_layers_gives_the_number(domain):
    messages, events = answer("how many?", "ask_follow_up", "ask_hidden_layers", domain=domain)
    assert "150" in messages[0]["text"]
    assert slot_events(events)["thread"] == "ask_hidden_layers"


def test_why_so_many_says_what_the_document_does_not_say(domain):
    messages, _ = answer("why so many?", "ask_follow_up", "ask_hidden_layers", domain=domain)
    assert messages[0]["text"].startswith(
        "The document doesn't say why deep networks use that many layers"
    )


def test_a_question_asked_again_goes_deeper_instead_of_repeating(domain):
    answer_text = domain["responses"]["utter_ask_what_is_dl"][0]["text"]
    messages, events = answer(
        "ok but what is deep learning in the end", "ask_what_is_dl", "ask_what_is_dl", domain=domain
    )
    assert messages[0]["text"] != answer_text
    assert "images, text or sound" in messages[0]["text"]
    assert slot_events(events)["thread"] == "ask_what_is_dl;deeper=yes"


def test_an_idea_the_document_does_not_explain_is_named_first(domain):
    messages, events = answer(
        "how does max pooling work in a cnn",
        "ask_detail",
        ranking=[("ask_cnn", 0.5)],
        domain=domain,
    )
    text = messages[0]["text"]
    assert text.startswith("The document doesn't go into max pooling (pooling layers).")
    assert "What it says about CNNs" in text
    slots = slot_events(events)
    assert slots["thread"] == "ask_cnn;idea=pooling"
    # The course the reply names is the one "is that course free?" asks about.
    assert slots["course"] and slots["course"] in text.lower().replace(" ", "_")


def test_a_detail_no_fact_answers_is_quoted_before_the_topic(domain):
    messages, _ = answer(
        "which algorithm does google translate use",
        "ask_detail",
        entities=[{"entity": "example_field", "value": "translation"}],
        domain=domain,
    )
    text = messages[0]["text"]
    assert text.startswith(
        'The document doesn\'t answer "which algorithm does google translate use"'
    )
    assert "What it says about translation" in text


def test_a_detail_of_nothing_the_document_covers_is_declined(domain):
    messages, _ = answer(
        "how much bandwidth does a video call use",
        "ask_detail",
        ranking=[("out_of_scope", 0.4), ("ask_dl_training_needs", 0.1)],
        domain=domain,
    )
    assert messages[0]["response"] == "utter_out_of_scope"


def test_a_follow_up_with_no_thread_asks_what_it_refers_to(domain):
    messages, _ = answer("why?", "ask_follow_up", domain=domain)
    assert messages[0]["response"] == "utter_thread_unknown"


def test_an_off_topic_reading_of_a_follow_up_is_answered_in_the_thread(domain):
    tracker = make_tracker(
        "how does it still see a stop sign under snow?",
        "out_of_scope",
        slots={"thread": "example:autonomous_vehicles"},
    )
    messages, _ = run_action(ActionOutOfScope(), tracker, domain)
    assert "snow" in messages[0]["text"]


def test_an_off_topic_message_is_declined_whatever_the_thread(domain):
    tracker = make_tracker(
        "what's the weather in paris tomorrow?", "out_of_scope", slots={"thread": "ask_cnn"}
    )
    messages, events = run_action(ActionOutOfScope(), tracker, domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    assert slot_events(events)["thread"] == "ask_cnn"  # "tell me more" still means CNNs


def test_where_did_you_read_that_names_the_source_of_the_answer_just_given(domain):
    for thread, source in [
        ("ask_cnn", "MathWorks"),
        ("example:medicine", "Forbes"),
        ("ask_agi", "Keras"),
        ("courses", "Javarevisited"),
    ]:
        tracker = make_tracker("where did you read that?", "ask_sources", slots={"thread": thread})
        messages, _ = run_action(ActionNameSource(), tracker, domain)
        assert source in messages[0]["text"], thread
        others = {"MathWorks", "Forbes", "Keras", "Javarevisited"} - {source}
        assert not [name for name in others if name in messages[0]["text"]], thread


def test_a_request_for_all_sources_lists_all_four(domain):
    for text in ("what are your sources", "/ask_sources"):
        tracker = make_tracker(text, "ask_sources", slots={"thread": "ask_cnn"})
        messages, _ = run_action(ActionNameSource(), tracker, domain)
        assert messages[0]["response"] == "utter_ask_sources"


def test_after_the_list_of_sources_how_many_counts_them(domain):
    tracker = make_tracker("what are your sources", "ask_sources", slots={"thread": "ask_cnn"})
    _, events = run_action(ActionNameSource(), tracker, domain)
    assert slot_events(events)["thread"] == "ask_sources"
    count = make_tracker("and how many is it?", "ask_follow_up", slots={"thread": "ask_sources"})
    messages, _ = run_action(ActionAnswerInThread(), count, domain)
    assert messages[0]["text"].startswith("Four articles")
    # Naming the source of one answer leaves the thread on that answer.
    one = make_tracker("where did you read that?", "ask_sources", slots={"thread": "ask_cnn"})
    _, events = run_action(ActionNameSource(), one, domain)
    assert slot_events(events)["thread"] == "ask_cnn"


def test_how_many_after_a_course_search_counts_the_courses_that_fit(domain):
    tracker = make_tracker(
        "how many are there?",
        "ask_follow_up",
        slots={"thread": "courses", "price": "free", "ruled_out": ["provider:udemy"]},
    )
    messages, _ = run_action(ActionAnswerInThread(), tracker, domain)
    assert messages[0]["text"].startswith(
        "4 of the 9 courses I know fit what you asked for (free courses not on Udemy)"
    )
    # With no search that narrows the catalogue, the catalogue's own count.
    whole = make_tracker("how many are there?", "ask_follow_up", slots={"thread": "courses"})
    messages, _ = run_action(ActionAnswerInThread(), whole, domain)
    assert messages[0]["text"].startswith("Nine courses in all")


def test_a_fact_offers_more_on_its_part(domain):
    messages, events = answer("how many?", "ask_follow_up", "ask_hidden_layers", domain=domain)
    assert messages[0]["text"].endswith("Want to hear more about hidden layers?")
    assert steps_from_value(slot_events(events)["offer"]) == (TELL_MORE,)


def test_a_question_that_names_one_example_is_not_answered_from_another(domain):
    messages, events = answer(
        "how does it recognise faces",
        "ask_detail",
        entities=[{"entity": "example_field", "value": "facial_recognition"}],
        domain=domain,
    )
    text = messages[0]["text"]
    assert "driverless" not in text.lower() and "stop sign" not in text.lower()
    assert "facial recognition" in text.lower()
    assert slot_events(events)["thread"] == "example:facial_recognition"
