"""The conversation store, in three layers, each its own class:

- `CheckedSQLTrackerStore`: Rasa's SQL tracker store, checked when the server starts.
  Rasa's own `SQLTrackerStore` only logs an error when it cannot create its tables (a
  missing folder, a read-only file), and the server then keeps every conversation in
  memory, losing it between turns and on every restart. This store refuses to start
  instead: it creates the SQLite file's folder when it is missing, proves that it can
  write to the database (an insert that is rolled back), and raises
  `ConversationStoreError` naming the store and the path when it cannot. During a turn,
  a database that cannot be read or written raises `ConversationStoreUnavailable`,
  naming it. SQLite files run in write-ahead-log mode with `synchronous=NORMAL`: a
  commit survives the process dying, without waiting for the disk on every turn.
- `KeptConversations`: the conversations the store saved last, kept in memory as
  saved, so that the next turn does not read back and rebuild the whole session.
  Before a kept conversation is used, one indexed count of the sender's rows proves
  that no other server has added to it since (several servers share PostgreSQL);
  otherwise the session is read from the database as Rasa does. Every event is still
  written at the end of its turn, so a restart or a `kill -9` loses nothing.
- `SessionTurnLimit`: a turn's cost grows with its session (Rasa reads the session's
  events, featurises them for the rule look-ups and sends them to the action server).
  Once a session holds `session_turns` user messages and no form is open, a new
  session starts at the end of the turn, opened by Rasa's own `action_session_start`
  with the slots carried over, so the next turn is answered as before. The transcript
  stays whole in the database: a new session only marks where the next turn starts
  reading.

endpoints.yml names `type: addons.stores.ConversationStore`, the checked store with
both layers, with the settings of Rasa's `type: SQL` plus `kept_conversations`
(default 100) and `session_turns` (default 10); 0 switches a layer off.
`type: addons.stores.CheckedSQLTrackerStore` is the checked store alone.
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
from rasa.core.actions.action import ActionSessionStart
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
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


class KeptConversations:
    """The `size` conversations saved last, as they were saved."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[str, Kept] = OrderedDict()

    def get(self, sender_id: str) -> Kept | None:
        return self._kept.get(sender_id)

    def pop(self, sender_id: str) -> Kept | None:
        return self._kept.pop(sender_id, None)

    def keep(self, sender_id: str, kept: Kept) -> None:
        self._kept[sender_id] = kept
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


def user_turns(tracker: DialogueStateTracker) -> int:
    """How many messages the user has sent in the tracker's current session."""
    turns = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        turns += isinstance(event, UserUttered)
    return turns


class SessionTurnLimit:
    """Ends a session once it holds `turns` user messages and no form is open.

    `reply_slots` describe the last reply only (what it offered): the next session
    carries such a slot only when the last reply set it, as a new session holds no
    earlier reply to tell whether the value is still that reply's."""

    def __init__(self, turns: int, reply_slots: tuple[str, ...] = ()) -> None:
        self.turns = turns
        self.reply_slots = tuple(reply_slots)

    def reached(self, tracker: DialogueStateTracker) -> bool:
        return (
            tracker.active_loop_name is None
            and tracker.latest_action_name == ACTION_LISTEN_NAME
            and user_turns(tracker) >= self.turns
        )

    async def next_session(self, tracker: DialogueStateTracker, domain: Domain | None) -> list:
        """The events that open the next session: `action_session_start` and what
        Rasa's own session start returns, its carried-over slots reduced to each slot's
        last value. (Rasa carries over every `SlotSet` of the session, the ones it
        carried over itself included, so the start of a session would grow with the
        whole conversation.)"""
        # Made first, so that each timestamp follows the one before: a session is read
        # back from its `SessionStarted` event's timestamp on.
        started = ActionExecuted(ACTION_SESSION_START_NAME)
        events = await ActionSessionStart().run(None, None, tracker, domain or Domain.empty())
        last = {event.key: event for event in events if isinstance(event, SlotSet)}
        stale = set(self.reply_slots) - set_by_last_reply(tracker)
        carried = [
            e
            for e in events
            if not isinstance(e, SlotSet) or (last[e.key] is e and e.key not in stale)
        ]
        return [started] + carried


def set_by_last_reply(tracker: DialogueStateTracker) -> set[str]:
    """The slots set since the latest user message (by its mappings or the reply)."""
    names = set()
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, SlotSet):
            names.add(event.key)
    return names


class CheckedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that stops the server when its database cannot be used, and
    names the database when a turn cannot read or write it."""

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
        **kwargs: Any,
    ) -> None:
        self.name = store_name(dialect, host, port, db)
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

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation's current session. A database that cannot be read raises
        `ConversationStoreUnavailable`, naming it."""
        try:
            return await self._read(sender_id)
        except sa.exc.SQLAlchemyError as error:
            raise self._failure("read", sender_id, error) from error

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes the events that the database does not have yet. A database that
        cannot be written raises `ConversationStoreUnavailable`, naming it."""
        try:
            await self._write(tracker)
        except sa.exc.SQLAlchemyError as error:
            raise self._failure("save", tracker.sender_id, error) from error

    async def _read(self, sender_id: str) -> DialogueStateTracker | None:
        return await super().retrieve(sender_id)

    async def _write(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)

    def rows(self, sender_id: str) -> int:
        """How many events the database holds for `sender_id`, in all its sessions."""
        with self.engine.connect() as connection:
            return connection.execute(
                sa.select(sa.func.count()).where(self.SQLEvent.sender_id == sender_id)
            ).scalar_one()

    def append(self, sender_id: str, events: list) -> None:
        """Writes `events` after the sender's others, in one transaction."""
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


class ConversationStore(CheckedSQLTrackerStore):
    """The checked store with its two layers: `KeptConversations` (setting
    `kept_conversations`) and `SessionTurnLimit` (setting `session_turns`); 0 switches
    a layer off."""

    def __init__(
        self,
        *args: Any,
        kept_conversations: int = 100,
        session_turns: int = 10,
        reply_slots: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kept = KeptConversations(kept_conversations) if kept_conversations > 0 else None
        self.turn_limit = (
            SessionTurnLimit(session_turns, tuple(reply_slots or ())) if session_turns > 0 else None
        )

    async def _read(self, sender_id: str) -> DialogueStateTracker | None:
        """The kept tracker when the database holds exactly what it was saved with,
        otherwise the session read back as Rasa does."""
        kept = self.kept.pop(sender_id) if self.kept is not None else None
        if kept is not None and kept.unchanged() and self.rows(sender_id) == kept.rows:
            self.kept.keep(sender_id, kept)
            return kept.tracker
        return await super()._read(sender_id)

    async def _write(self, tracker: DialogueStateTracker) -> None:
        """Writes the turn's new events, starts a new session when this one has grown
        long, then keeps the tracker for the conversation's next turn. A turn that
        cannot be saved is not kept: the next one reads the database."""
        sender_id = tracker.sender_id
        kept = self.kept.pop(sender_id) if self.kept is not None else None
        if self.event_broker is not None or kept is None or kept.tracker is not tracker:
            # Not a tracker this store handed out and saved: Rasa's way, which counts
            # what the session already holds.
            await super()._write(tracker)
            rows = self.rows(sender_id) if self.kept is not None else 0
        else:
            new = list(itertools.islice(tracker.events, kept.events, None))
            self.append(sender_id, new)
            rows = kept.rows + len(new)
        saved = tracker
        if self.turn_limit is not None and self.turn_limit.reached(tracker):
            events = await self.turn_limit.next_session(tracker, self.domain)
            self.append(sender_id, events)
            rows += len(events)
            # The kept tracker becomes the new session, as the database would return it.
            slots = self.domain.slots if self.domain is not None else list(tracker.slots.values())
            saved = DialogueStateTracker.from_events(
                sender_id, events[1:], slots, self.max_event_history
            )
        if self.kept is not None:
            self.kept.keep(sender_id, Kept(saved, len(saved.events), rows))
