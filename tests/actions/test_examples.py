"""Examples of deep learning at work: the overview and each field."""

from actions.examples import ActionShowExamples
from knowledge.catalogues import load_examples
from knowledge.document import document
from knowledge.records import steps_from_value
from tests.helpers import make_tracker, run_action, slot_events


def test_overview_names_all_eight_fields_with_a_button_each(domain):
    messages, events = run_action(
        ActionShowExamples(), make_tracker("examples of deep learning", "ask_examples"), domain
    )
    slots = slot_events(events)
    assert slots["thread"] == "examples"
    # "Which one would you like to hear about?": "yes" asks which, with each field.
    assert len(steps_from_value(slots["offer"])) == 8
    text = messages[0]["text"]
    assert "8 examples" in text
    for example in load_examples():
        assert example.title.lower() in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert '/ask_examples{"example_field": "medicine"}' in payloads
    assert len(payloads) == 8


def test_a_named_field_gets_its_own_example_and_a_related_next_step(domain):
    tracker = make_tracker(
        "how is DL used in medicine?",
        "ask_examples",
        [{"entity": "example_field", "value": "medicine"}],
    )
    messages, _ = run_action(ActionShowExamples(), tracker, domain)
    text = messages[0]["text"]
    assert "tumours" in text and "genome" in text
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert titles == ["A beginner course", "Other examples"]


def test_a_raw_entity_value_is_mapped_to_its_field(domain):
    tracker = make_tracker(
        "how does Netflix pick my next show",
        "ask_examples",
        [{"entity": "example_field", "value": "Netflix"}],
    )
    messages, _ = run_action(ActionShowExamples(), tracker, domain)
    assert "Netflix" in messages[0]["text"] and "Amazon" in messages[0]["text"]


def test_a_payload_without_entities_gives_the_overview(domain):
    messages, _ = run_action(
        ActionShowExamples(), make_tracker("/ask_examples", "ask_examples"), domain
    )
    assert "8 examples" in messages[0]["text"]


def test_every_related_button_targets_a_known_intent(domain):
    for example in load_examples():
        intent = example.related.intent
        assert intent in domain["intents"], example.id


def test_a_field_described_without_its_name_gets_its_example(domain):
    tracker = make_tracker(
        "can an app put colour back into my grandad's war photos", "ask_examples"
    )
    messages, events = run_action(ActionShowExamples(), tracker, domain)
    example = document().parts["example:image_colorization"]
    assert messages[0]["text"] == example.reply
    assert messages[0]["text"].startswith(
        next(e.answer for e in load_examples() if e.id == "image_colorization")
    )


def test_one_example_ends_in_the_step_it_offers(domain):
    tracker = make_tracker(
        "how is deep learning used in translation?",
        "ask_examples",
        entities=[{"entity": "example_field", "value": "translation"}],
    )
    messages, events = run_action(ActionShowExamples(), tracker, domain)
    assert messages[0]["text"].endswith("Shall I find you a course on NLP?")
    offered = steps_from_value(slot_events(events)["offer"])
    assert [(step.intent, dict(step.entities)) for step in offered] == [
        ("ask_courses", {"topic": "nlp"})
    ]


def test_a_general_request_still_gets_the_overview(domain):
    for text in ("where is deep learning used these days", "examples"):
        messages, _ = run_action(ActionShowExamples(), make_tracker(text, "ask_examples"), domain)
        assert "8 examples" in messages[0]["text"], text


def test_how_many_examples_gives_them_all_even_when_taken_for_one(domain):
    tracker = make_tracker("how many examples can you give?", "ask_for_example")
    messages, events = run_action(ActionShowExamples(), tracker, domain)
    assert "8 examples" in messages[0]["text"]
    assert slot_events(events)["thread"] == "examples"
