"""Buttons send an intent with its entities in the payload form Rasa parses."""

import json

from knowledge.buttons import button, payload


def test_a_payload_without_entities_is_the_intent():
    assert payload("ask_more") == "/ask_more"


def test_entities_are_serialised_as_json_whatever_they_hold():
    made = button("Odd", "inform", topic='say "hi" \\ {now}')
    intent, _, entities = made["payload"].lstrip("/").partition("{")
    assert made["title"] == "Odd" and intent == "inform"
    assert json.loads("{" + entities) == {"topic": 'say "hi" \\ {now}'}
