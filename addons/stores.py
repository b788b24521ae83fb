"""The conversation store: Rasa's SQL tracker store, checked when the server starts.

Rasa's own `SQLTrackerStore` only logs an error when it cannot create its tables (a
missing folder, a read-only file), and the server then keeps every conversation in
memory, losing it between turns and on every restart. This store refuses to start
instead: it creates the SQLite file's folder when it is missing, then proves that it
can write to the database (an insert that is rolled back), and raises
`ConversationStoreError` naming the store and the path when it cannot. The server
then stops with that message rather than answer without memory.

It also keeps each conversation it has just saved in memory, so that the next turn
does not read back and rebuild the whole session from the database. Before a kept
conversation is used, one indexed count of the sender's rows proves that no other
server has added to it since (several servers share PostgreSQL); otherwise, and for
conversations not kept, the session is read from the database as Rasa does. Every
event is still written at the end of its turn, so a restart or a `kill -9` loses
nothing. SQLite files run in write-ahead-log mode with `synchronous=NORMAL`: a
commit then survives the process dying, without waiting for the disk on every turn.

A turn's cost grows with its session: Rasa reads the session's events, featurises
them for the rule look-ups and sends them to the action server. So once a session
holds `session_turns` user messages (default 10) and no form is open, the store starts
a new session at the end of the turn, as Rasa's `action_session_start` does when a
session expires: the slots carry over (the course search's preferences, the courses
shown, the course being discussed), and every rule reads only the open form and the
latest message, so the next turn is answered as before. The transcript stays whole in
the database: a new session only marks where the next turn starts reading.

Configured in endpoints.yml (`type: addons.stores.CheckedSQLTrackerStore`) with the
same settings as Rasa's `type: SQL`, plus `kept_conversations` (default 100) and
`session_turns` (default 10; 0 keeps Rasa's sessions, bounded by time only).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

# The sender id of the probe row, which is never committed.
PROBE_SENDER = "__store_check__"
# SQLite databases that are not files.
SQLITE_IN_MEMORY = ("", ":memory:")


class ConversationStoreError(RuntimeError):
    """The conversation store cannot be opened for reading and writing."""


class ConversationStoreUnavailable(BaseException):
    """The database could not be read or written during a turn.

    Rasa wraps every tracker store in its `FailSafeTrackerStore`, which catches any
    `Exception` from it, logs it, and carries on with an empty conversation held in
    memory: the user would get an answer that ignores what they said before, and the
    turn would never be saved. This error is a `BaseException` so that it passes that
    wrapper; the channels (addons/channels.py) turn it into an apology, a 503 on the
    REST webhook, and a clear line in the log."""


def sqlite_location(db: str) -> Path | None:
    """The absolute path of an SQLite database file, or None for an in-memory one."""
    if db in SQLITE_IN_MEMORY:
        return None
    return Path(db).expanduser().absolute()


def store_name(dialect: str, host: str | None, port: Any, db: str) -> str:
    """How the store is named in messages: 'sqlite database /srv/state/x.db'."""
    if dialect == "sqlite":
        location = sqlite_location(db)
        return f"SQL tracker store (sqlite database {location or 'in memory'})"
    address = f"{host or 'localhost'}{f':{port}' if port else ''}"
    return f"SQL tracker store ({dialect} database '{db}' on {address})"


def prepare_sqlite_folder(db: str, name: str) -> None:
    """Creates the folder of an SQLite database file when it does not exist yet."""
    location = sqlite_location(db)
    if location is None:
        return
    try:
        location.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConversationStoreError(
            f"Cannot open the {name}: its folder cannot be created ({error.strerror}). "
            "The server does not start without its conversation store; fix the path or "
            "its permissions, or set tracker_store.db in the endpoints file."
        ) from error


def use_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: commits go to a log that readers do not wait for, and are not flushed
    to the disk one by one (a crash of the process still loses nothing committed)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class Kept:
    """A conversation as it was saved: its tracker, how many events that tracker
    held, and how many rows the sender had in the database after the save."""

    tracker: DialogueStateTracker
    events: int
    rows: int

    def unchanged(self) -> bool:
        """No turn has added to the tracker since it was saved (a turn that failed
        before its save leaves events that the database does not have)."""
        return len(self.tracker.events) == self.events


def user_turns(tracker: DialogueStateTracker) -> int:
    """How many messages the user has sent in the tracker's current session."""
    turns = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        turns += isinstance(event, UserUttered)
    return turns


def next_session_events(tracker: DialogueStateTracker, carry_over_slots: bool) -> list:
    """The events with which Rasa's `action_session_start` opens a new session:
    the slots' values carried over, then listening."""
    # Made in order, so that each timestamp follows the one before: a session is read
    # back from its `SessionStarted` event's timestamp on.
    events = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted()]
    events += [
        SlotSet(name, slot.value)
        for name, slot in tracker.slots.items()
        if carry_over_slots and slot.value != slot.initial_value
    ]
    return events + [ActionExecuted(ACTION_LISTEN_NAME)]


class CheckedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that stops the server when its database cannot be used, and
    serves a conversation it saved itself without reading it back."""

    def __init__(
        self,
        domain: Any = None,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = "rasa.db",
        username: str | None = None,
        password: str | None = None,
        event_broker: Any = None,
        login_db: str | None = None,
        query: dict | None = None,
        kept_conversations: int = 100,
        session_turns: int = 10,
        **kwargs: Any,
    ) -> None:
        self.name = store_name(dialect, host, port, db)
        self.kept_conversations = kept_conversations
        self.session_turns = session_turns
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        if dialect == "sqlite":
            prepare_sqlite_folder(db, self.name)
        try:
            # Rasa's store waits for a database server that is not up yet, and only
            # logs a failure to create its tables; the check below then fails.
            super().__init__(
                domain=domain,
                dialect=dialect,
                host=host,
                port=port,
                db=db,
                username=username,
                password=password,
                event_broker=event_broker,
                login_db=login_db,
                query=query,
                **kwargs,
            )
            self._reconnecting_engine(dialect)
            self.check_writable()
        except sa.exc.SQLAlchemyError as error:
            reason = getattr(error, "orig", None) or error
            raise ConversationStoreError(
                f"Cannot open the {self.name} for reading and writing: {reason}. The "
                "server does not start without its conversation store; fix the path or "
                "its permissions, or set tracker_store in the endpoints file."
            ) from error
        logger.info(f"Conversations are kept in the {self.name}.")

    def check_writable(self) -> None:
        """Creates the tables if needed and writes a row that is rolled back."""
        self.Base.metadata.create_all(self.engine)
        with self.engine.connect() as connection:
            transaction = connection.begin()
            try:
                connection.execute(
                    self.SQLEvent.__table__.insert().values(
                        sender_id=PROBE_SENDER, type_name="store_check", data="{}"
                    )
                )
            finally:
                transaction.rollback()

    def _reconnecting_engine(self, dialect: str) -> None:
        """Replaces Rasa's engine: a pooled connection is checked before each use, so
        that a database restarted between two turns costs the next turn nothing; SQLite
        connections stay open between turns (SQLAlchemy 1.4 opens and closes one per
        turn, and closing the last one checkpoints the log)."""
        url = self.engine.url
        self.engine.dispose()
        if dialect == "sqlite":
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", use_write_ahead_log)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    def _failure(
        self, doing: str, sender_id: str, error: Exception
    ) -> ConversationStoreUnavailable:
        reason = getattr(error, "orig", None) or error
        return ConversationStoreUnavailable(
            f"Cannot {doing} the conversation of {sender_id} in the {self.name}: {reason}"
        )

    def _rows(self, sender_id: str) -> int:
        """How many events the database holds for `sender_id`, in all its sessions."""
        with self.engine.connect() as connection:
            return connection.execute(
                sa.select(sa.func.count()).where(self.SQLEvent.sender_id == sender_id)
            ).scalar_one()

    def _keep(self, sender_id: str, kept: Kept) -> None:
        self._kept[sender_id] = kept
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self.kept_conversations:
            self._kept.popitem(last=False)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation's current session: the kept tracker when the database
        holds exactly what it was saved with, otherwise read back as Rasa does. A
        database that cannot be read raises `ConversationStoreUnavailable`, naming it."""
        try:
            return await self._kept_or_read(sender_id)
        except sa.exc.SQLAlchemyError as error:
            raise self._failure("read", sender_id, error) from error

    async def _kept_or_read(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._kept.get(sender_id)
        if kept is not None:
            rows = self._rows(sender_id)
            if rows == kept.rows and kept.unchanged():
                self._kept.move_to_end(sender_id)
                return kept.tracker
            del self._kept[sender_id]
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes the events that the database does not have yet, starts a new session
        when this one has grown long, then keeps the tracker for the conversation's
        next turn. A database that cannot be written raises
        `ConversationStoreUnavailable`, naming it; the turn is then not kept, and the
        next one reads the database."""
        try:
            await self._write(tracker)
        except sa.exc.SQLAlchemyError as error:
            raise self._failure("save", tracker.sender_id, error) from error

    async def _write(self, tracker: DialogueStateTracker) -> None:
        kept = self._kept.pop(tracker.sender_id, None)
        if self.event_broker is not None or kept is None or kept.tracker is not tracker:
            # Not a tracker this store handed out and saved: Rasa's way, which counts
            # what the session already holds.
            await super().save(tracker)
            kept = Kept(tracker, len(tracker.events), self._rows(tracker.sender_id))
        else:
            new = list(itertools.islice(tracker.events, kept.events, None))
            self._insert(tracker.sender_id, new)
            kept = Kept(tracker, len(tracker.events), kept.rows + len(new))
        if self._session_is_long(tracker):
            kept = self._start_new_session(kept)
        self._keep(tracker.sender_id, kept)

    def _session_is_long(self, tracker: DialogueStateTracker) -> bool:
        return (
            self.session_turns > 0
            and tracker.active_loop_name is None
            and tracker.latest_action_name == ACTION_LISTEN_NAME
            and user_turns(tracker) >= self.session_turns
        )

    def _start_new_session(self, kept: Kept) -> Kept:
        """Writes the events that open a new session; the kept tracker becomes that
        session, as the database would return it."""
        tracker = kept.tracker
        carry_over = self.domain is None or self.domain.session_config.carry_over_slots
        events = next_session_events(tracker, carry_over)
        self._insert(tracker.sender_id, events)
        slots = self.domain.slots if self.domain is not None else list(tracker.slots.values())
        session = DialogueStateTracker.from_events(
            tracker.sender_id, events[1:], slots, self.max_event_history
        )
        return Kept(session, len(session.events), kept.rows + len(events))

    def _insert(self, sender_id: str, events: list) -> None:
        if events:
            with self.engine.begin() as connection:
                connection.execute(
                    self.SQLEvent.__table__.insert(),
                    [self._row(sender_id, event) for event in events],
                )

    @staticmethod
    def _row(sender_id: str, event: Any) -> dict[str, Any]:
        """The database row of one event, as Rasa's `SQLTrackerStore.save` writes it."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
