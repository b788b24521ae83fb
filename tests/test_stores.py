"""The conversation store (addons/stores.py): it creates its folder, keeps what it is
given, and refuses to start, naming the path, when its database cannot be used."""

import asyncio
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.stores import PROBE_SENDER, CheckedSQLTrackerStore, ConversationStoreError
from tests.conftest import ROOT

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
