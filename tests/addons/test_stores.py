"""The conversation store (addons/stores.py): it creates its folder, keeps what it is
given, and refuses to start, naming the path, when its database cannot be used; its
kept conversations and its session turn limit each work alone and switch off."""

import asyncio
import json
import sqlite3

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.stores import (
    PROBE_SENDER,
    CheckedSQLTrackerStore,
    ConversationStore,
    ConversationStoreError,
    KeptConversations,
)
from tests.helpers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def test_a_missing_folder_is_created_and_conversations_are_kept(tmp_path):
    path = tmp_path / "not" / "there" / "conversations.db"
    store = CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker.from_events(
        "alice", [UserUttered("beginner"), SlotSet("level", "beginner")], DOMAIN.slots
    )
    asyncio.run(store.save(tracker))

    reopened = CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    kept = asyncio.run(reopened.retrieve("alice"))
    assert kept.get_slot("level") == "beginner"
    assert kept.latest_message.text == "beginner"


def test_the_start_up_check_leaves_nothing_behind(tmp_path):
    path = tmp_path / "conversations.db"
    CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT count(*) FROM events").fetchone()[0]
        probes = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (PROBE_SENDER,)
        ).fetchone()[0]
    assert rows == 0 and probes == 0


def test_a_folder_that_cannot_be_created_stops_the_store(tmp_path):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    path = blocker / "conversations.db"
    with pytest.raises(ConversationStoreError) as error:
        CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    assert str(path) in str(error.value)
    assert "SQL tracker store" in str(error.value)


def test_a_file_that_is_no_database_stops_the_store(tmp_path):
    path = tmp_path / "conversations.db"
    path.write_bytes(b"this is not an SQLite database, but it is long enough to look at" * 20)
    with pytest.raises(ConversationStoreError) as error:
        CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    assert str(path) in str(error.value)
    assert "not a database" in str(error.value)


def test_a_relative_path_is_named_in_full(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "state").write_text("not a folder")
    with pytest.raises(ConversationStoreError) as error:
        CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db="state/conversations.db")
    assert str(tmp_path / "state" / "conversations.db") in str(error.value)


def turn(store, sender, text, **slots):
    """One turn as the server runs it: read the conversation, add to it, save it."""
    tracker = asyncio.run(store.get_or_create_tracker(sender))
    tracker.update(UserUttered(text))
    for name, value in slots.items():
        tracker.update(SlotSet(name, value))
    asyncio.run(store.save(tracker))
    return tracker


def stored_texts(path, sender):
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (sender,),
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_a_kept_conversation_is_written_in_full_every_turn(tmp_path):
    path = tmp_path / "conversations.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    for text in ("hi", "what is a cnn", "beginner"):
        turn(store, "bob", text)
    assert stored_texts(path, "bob") == ["hi", "what is a cnn", "beginner"]
    # A new server process reads exactly what the first one kept.
    reopened = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    kept = asyncio.run(store.retrieve("bob"))
    read = asyncio.run(reopened.retrieve("bob"))
    assert [e.as_dict() for e in read.events] == [e.as_dict() for e in kept.events]


def test_a_turn_taken_by_another_server_is_seen(tmp_path):
    path = tmp_path / "conversations.db"
    first = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    second = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    turn(first, "carol", "recommend a course")
    turn(second, "carol", "beginner", level="beginner")
    tracker = turn(first, "carol", "is it free?")
    assert tracker.get_slot("level") == "beginner"
    assert stored_texts(path, "carol") == ["recommend a course", "beginner", "is it free?"]


def test_a_turn_that_failed_before_its_save_is_not_served(tmp_path):
    path = tmp_path / "conversations.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    turn(store, "dave", "hi")
    broken = asyncio.run(store.retrieve("dave"))
    broken.update(SlotSet("level", "advanced"))  # the turn dies here, unsaved
    tracker = asyncio.run(store.retrieve("dave"))
    assert tracker.get_slot("level") is None
    assert stored_texts(path, "dave") == ["hi"]


def test_a_tracker_built_elsewhere_is_saved_the_rasa_way(tmp_path):
    path = tmp_path / "conversations.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    turn(store, "erin", "hi")
    rebuilt = DialogueStateTracker.from_events(
        "erin",
        list(asyncio.run(store.retrieve("erin")).events) + [UserUttered("again")],
        DOMAIN.slots,
    )
    asyncio.run(store.save(rebuilt))
    turn(store, "erin", "thanks")
    assert stored_texts(path, "erin") == ["hi", "again", "thanks"]


def test_sqlite_runs_with_a_write_ahead_log(tmp_path):
    path = tmp_path / "conversations.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    turn(store, "fay", "hi")
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def listening_turn(store, sender, text, **slots):
    """A turn that ends, as the server's do, with the assistant listening again."""
    tracker = asyncio.run(store.get_or_create_tracker(sender))
    tracker.update(UserUttered(text))
    for name, value in slots.items():
        tracker.update(SlotSet(name, value))
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    asyncio.run(store.save(tracker))


def test_a_long_session_gives_way_to_a_new_one_that_keeps_the_slots(tmp_path):
    path = tmp_path / "conversations.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path), session_turns=3)
    listening_turn(store, "fay", "a course on python", topic="python")
    listening_turn(store, "fay", "beginner", level="beginner")
    assert len(asyncio.run(store.retrieve("fay")).events) > 3  # still one session
    listening_turn(store, "fay", "is it free?")
    # The third message ended the session: the next turn reads a short new one.
    for reader in (store, ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path))):
        tracker = asyncio.run(reader.retrieve("fay"))
        assert [type(e).__name__ for e in tracker.events][0] == "SessionStarted"
        assert not [e for e in tracker.events if isinstance(e, UserUttered)]
        assert tracker.get_slot("topic") == "python"
        assert tracker.get_slot("level") == "beginner"
    # The transcript stays whole.
    listening_turn(store, "fay", "how long is it?")
    assert stored_texts(path, "fay") == [
        "a course on python",
        "beginner",
        "is it free?",
        "how long is it?",
    ]


def test_a_session_with_an_open_form_is_not_cut(tmp_path):
    store = ConversationStore(
        domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "c.db"), session_turns=1
    )
    tracker = asyncio.run(store.get_or_create_tracker("gus"))
    tracker.update(UserUttered("I want to learn deep learning"))
    tracker.update(ActiveLoop("course_form"))
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    asyncio.run(store.save(tracker))
    kept = asyncio.run(store.retrieve("gus"))
    assert kept.active_loop_name == "course_form"
    assert [e for e in kept.events if isinstance(e, UserUttered)]


def test_the_checked_store_alone_reads_every_turn_back(tmp_path):
    path = tmp_path / "c.db"
    store = CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    for text in ("hi", "what is a cnn", "beginner"):
        first = turn(store, "hal", text)
    again = asyncio.run(store.retrieve("hal"))
    assert again is not first
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in first.events]


def test_kept_conversations_switch_off_and_are_bounded(tmp_path):
    path = tmp_path / "c.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path), kept_conversations=0)
    assert store.kept is None
    tracker = turn(store, "ida", "hi")
    assert asyncio.run(store.retrieve("ida")) is not tracker
    assert stored_texts(path, "ida") == ["hi"]
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path), kept_conversations=2)
    for sender in ("a", "b", "c"):
        turn(store, sender, "hi")
    assert len(store.kept) == 2 and store.kept.get("a") is None
    kept = KeptConversations(1)
    assert kept.pop("nobody") is None


def test_the_session_turn_limit_switches_off(tmp_path):
    path = tmp_path / "c.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path), session_turns=0)
    for text in ("one", "two", "three", "four"):
        listening_turn(store, "jan", text)
    tracker = asyncio.run(store.retrieve("jan"))
    assert len([e for e in tracker.events if isinstance(e, UserUttered)]) == 4


def test_a_new_session_carries_each_slot_once_however_long_the_conversation(tmp_path):
    path = tmp_path / "c.db"
    store = ConversationStore(domain=DOMAIN, dialect="sqlite", db=str(path), session_turns=2)
    starts = []
    for number in range(4):
        listening_turn(store, "kim", "a course on python", topic="python")
        listening_turn(store, "kim", f"level {number}", level="beginner")
        tracker = asyncio.run(store.retrieve("kim"))
        assert tracker.get_slot("topic") == "python" and tracker.get_slot("level") == "beginner"
        starts.append(len([e for e in tracker.events if isinstance(e, SlotSet)]))
    # Rasa's session start would carry every SlotSet of the session, the ones it had
    # carried itself included: the start of a session would grow with the conversation.
    assert len(set(starts)) == 1, starts


def test_a_new_session_carries_an_offer_only_when_the_last_reply_made_it(tmp_path):
    path = tmp_path / "c.db"
    store = ConversationStore(
        domain=DOMAIN, dialect="sqlite", db=str(path), session_turns=2, reply_slots=["offer"]
    )
    offered = '[["How does it work?", "ask_how_dl_works", {}]]'
    listening_turn(store, "lou", "what is deep learning", offer=offered)
    listening_turn(store, "lou", "thanks")  # a reply that offered nothing: cut here
    assert asyncio.run(store.retrieve("lou")).get_slot("offer") is None
    listening_turn(store, "lou", "what is deep learning", offer=offered)
    listening_turn(store, "lou", "and why?", offer=offered)  # its reply offered: cut here
    assert asyncio.run(store.retrieve("lou")).get_slot("offer") == offered
