"""The conversation store: Rasa's SQL tracker store, checked when the server starts.

Rasa's own `SQLTrackerStore` only logs an error when it cannot create its tables (a
missing folder, a read-only file), and the server then keeps every conversation in
memory, losing it between turns and on every restart. This store refuses to start
instead: it creates the SQLite file's folder when it is missing, then proves that it
can write to the database (an insert that is rolled back), and raises
`ConversationStoreError` naming the store and the path when it cannot. The server
then stops with that message rather than answer without memory.

Configured in endpoints.yml (`type: addons.stores.CheckedSQLTrackerStore`) with the
same settings as Rasa's `type: SQL`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

logger = logging.getLogger(__name__)

# The sender id of the probe row, which is never committed.
PROBE_SENDER = "__store_check__"
# SQLite databases that are not files.
SQLITE_IN_MEMORY = ("", ":memory:")


class ConversationStoreError(RuntimeError):
    """The conversation store cannot be opened for reading and writing."""


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


class CheckedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that stops the server when its database cannot be used."""

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
