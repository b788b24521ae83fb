"""Conversation review (review/): what each reply was, grouping by meaning, the report,
accepting groups as training examples, and reading a store with a malformed event."""

import asyncio
import json
import sqlite3
import time

import numpy as np
import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.stores import ConversationStore
from review.__main__ import chosen_groups, fallback_threshold, since
from review.accept import accept
from review.groups import group_by_meaning, unanswered
from review.report import Review, cell, markdown, plot
from review.store import read_all
from review.turns import (
    ANSWER,
    DECLINE,
    DID_YOU_MEAN,
    NOT_COVERED,
    RESPONSES,
    hashed,
    redacted,
    turns_of,
    uncovered_patterns,
)
from tests.helpers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
PATTERNS = uncovered_patterns(DOMAIN.responses)


def user(text, intent="ask_cnn", confidence=0.9):
    return UserUttered(
        text,
        {"name": intent, "confidence": confidence},
        parse_data={"intent": {"name": intent, "confidence": confidence}, "text": text},
    )


def bot(response, buttons=None, **slots):
    """A reply as Rasa stores it: the response's text and its name in the metadata."""
    text = (
        DOMAIN.responses[response][0]["text"].format(**slots)
        if slots
        else (DOMAIN.responses[response][0]["text"])
    )
    return BotUttered(text, {"buttons": buttons or []}, {"utter_action": response})


def events(*items):
    return [item.as_dict() for item in items]


def test_the_named_responses_exist_in_the_domain():
    for names in RESPONSES.values():
        assert set(names) <= set(DOMAIN.responses)


def test_each_reply_gets_its_kind_and_what_it_does_not_cover():
    conversation = events(
        user("what is a cnn"),
        bot("utter_ask_cnn"),
        user("what is the capital of peru", "out_of_scope"),
        bot("utter_out_of_scope"),
        user("what is backprop", "ask_dl_term"),
        bot("utter_term_not_covered", term_label="backpropagation", near_label="x", near_gist="y."),
        user("cnn stuff thing", "ask_cnn", 0.3),
        bot("utter_did_you_mean", buttons=[{"title": "What is a CNN?", "payload": "/ask_cnn"}]),
        user("/ask_cnn"),
        bot("utter_ask_cnn"),
    )
    turns = turns_of("alice", conversation, PATTERNS)
    assert [turn.kind for turn in turns] == [ANSWER, DECLINE, NOT_COVERED, DID_YOU_MEAN, ANSWER]
    assert turns[2].uncovered == ["backpropagation"]
    assert turns[3].clicked == "What is a CNN?"
    assert turns[1].lost_thread and not turns[2].lost_thread
    assert {turn.sender for turn in turns} == {hashed("alice")} and hashed("alice") != "alice"


def test_redaction_hides_e_mail_addresses_and_phone_numbers():
    text = "mail me at jo.doe+dl@example.co.uk or call +44 20 1234 0958, not 2024"
    assert redacted(text) == "mail me at [e-mail] or call [phone], not 2024"
    turns = turns_of("bob", events(user(text), bot("utter_default")), PATTERNS, redact=True)
    assert "example" not in turns[0].text and "1234" not in turns[0].text


def fake_encoder(texts):
    """Vectors by the first word: texts that start alike mean the same here."""
    axes = {"guitar": 0, "weather": 1, "pizza": 2}
    vectors = np.zeros((len(texts), 3), dtype=np.float32)
    for row, text in enumerate(texts):
        vectors[row, axes[text.split()[0]]] = 1.0
    return vectors


def turn_list():
    conversation = events(
        user("guitar lessons please", "ask_courses", 0.5),
        bot("utter_out_of_scope"),
        user("weather today", "out_of_scope", 0.9),
        bot("utter_out_of_scope"),
        user("guitar course for kids", "ask_courses", 0.6),
        bot("utter_did_you_mean"),
        user("guitar chords", "out_of_scope", 0.8),
        bot("utter_out_of_scope"),
        user("pizza near me", "ask_examples", 0.2),
        bot("utter_ask_hidden_layers"),
        user("what is a cnn", "ask_cnn", 0.95),
        bot("utter_ask_cnn"),
    )
    return turns_of("carol", conversation, PATTERNS)


def test_unanswered_messages_are_grouped_by_meaning_largest_first():
    turns = turn_list()
    chosen = unanswered(turns, threshold=0.4)
    assert "what is a cnn" not in [turn.text for turn in chosen]
    assert "pizza near me" in [turn.text for turn in chosen]  # below the threshold
    groups = group_by_meaning(chosen, fake_encoder)
    assert [group.size for group in groups] == [3, 1, 1]
    assert groups[0].leaned_to in ("ask_courses", "out_of_scope")
    assert groups[0].kinds == {DECLINE: 2, DID_YOU_MEAN: 1}
    assert group_by_meaning([], fake_encoder) == []


def test_the_report_and_the_plot(tmp_path):
    turns = turn_list()
    groups = group_by_meaning(unanswered(turns, 0.4), fake_encoder)
    review = Review("the last 7d", 1, turns, groups, skipped_events=2)
    assert plot(review, tmp_path / "review.png")
    assert (tmp_path / "review.png").stat().st_size > 1000
    text = markdown(review, "review.png")
    assert "1 conversations, 6 messages" in text
    assert "1. **3 messages**" in text and '"guitar chords"' in text
    assert "2 malformed events in the store were skipped" in text
    assert "## Follow-ups that lost the thread" in text
    assert len(cell("a" * 500)) == 120 and cell(" ") == "(empty)" and cell("a|b") == "a\\|b"


def test_an_empty_period_says_so(tmp_path):
    review = Review("the last 7d", 0, [], [], 0)
    assert not plot(review, tmp_path / "review.png")
    assert "No conversations in this period (the last 7d)." in markdown(review, None)


def test_accepted_groups_become_training_examples_once(tmp_path):
    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "courses.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: out_of_scope\n  examples: |\n    - Guitar chords\n'
    )
    groups = group_by_meaning(unanswered(turn_list(), 0.4), fake_encoder)
    path = nlu / "review_accepted.yml"
    assert accept(groups, {1: "out_of_scope"}, path) == 2  # "guitar chords" is known
    assert accept(groups, {1: "out_of_scope"}, path) == 0
    written = yaml.safe_load(path.read_text())["nlu"]
    assert written[0]["intent"] == "out_of_scope"
    assert "guitar lessons please" in written[0]["examples"]
    with pytest.raises(SystemExit, match="no group 9"):
        accept(groups, {9: None}, path)


def test_the_command_line_reads_its_settings():
    now = 1_000_000.0
    assert since("7d", now) == now - 7 * 86400 and since("30m", now) == now - 1800
    assert since("all", now) == 0.0
    with pytest.raises(Exception, match="no period"):
        since("a week", now)
    assert chosen_groups("1=ask_cnn, 3") == {1: "ask_cnn", 3: None}
    assert fallback_threshold(ROOT / "config.yml") == 0.4


def test_a_malformed_event_is_skipped_and_counted(tmp_path):
    path = tmp_path / "conversations.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    for sender in ("dan", "eve"):
        tracker = DialogueStateTracker.from_events(
            sender,
            [ActionExecuted("action_listen"), user("what is a cnn"), bot("utter_ask_cnn")],
            DOMAIN.slots,
        )
        asyncio.run(store.save(tracker))
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            ("dan", "user", time.time(), "{not json"),
        )
        connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            ("dan", "nonsense", time.time(), json.dumps({"event": "nonsense"})),
        )
    fresh = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    found = read_all(fresh, since=0.0)
    assert found.skipped_events == 2
    assert sorted(c.sender_id for c in found.conversations) == ["dan", "eve"]
    dan = next(c for c in found.conversations if c.sender_id == "dan")
    assert [e["text"] for e in dan.events if e["event"] == "user"] == ["what is a cnn"]
    assert read_all(fresh, since=time.time() + 60).conversations == []


def test_a_message_the_fallback_took_shows_the_intent_the_classifier_leaned_to():
    fallback = user("that stuff with pictures", "nlu_fallback", 0.4)
    fallback.parse_data["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_cnn", "confidence": 0.31},
        {"name": "ask_dl_inputs", "confidence": 0.2},
    ]
    turns = turns_of("bob", events(fallback, bot("utter_default")), PATTERNS)
    assert (turns[0].intent, turns[0].confidence) == ("ask_cnn", 0.31)
    # Without a ranking, the parse's own intent stays.
    bare = turns_of("bob", events(user("hmm", "nlu_fallback", 0.4), bot("utter_default")), PATTERNS)
    assert bare[0].intent == "nlu_fallback"
