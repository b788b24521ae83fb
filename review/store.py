"""Reading conversations from the tracker store named in an endpoints file."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event

logger = logging.getLogger(__name__)


@dataclass
class Conversation:
    """One sender's events, oldest first, as dictionaries."""

    sender_id: str
    events: list[dict[str, Any]]


@dataclass
class Conversations:
    """What the store held, and how many events could not be read."""

    conversations: list[Conversation] = field(default_factory=list)
    skipped_events: int = 0


def open_store(endpoints: Path, domain: Domain) -> TrackerStore:
    """The tracker store `endpoints` names, as the Rasa server would open it."""
    config = AvailableEndpoints.read_endpoints(str(endpoints)).tracker_store
    if config is None:
        raise SystemExit(f"{endpoints} names no tracker store: conversations are not kept")
    return TrackerStore.create(config, domain)


def read_all(store: TrackerStore, since: float, senders: str = "") -> Conversations:
    """Every conversation with an event after `since` (a Unix time), of the senders
    whose id starts with `senders`."""
    return asyncio.run(_read_all(store, since, senders))


async def _read_all(store: TrackerStore, since: float, senders: str) -> Conversations:
    found = Conversations()
    for sender_id in sorted(await store.keys()):
        if not sender_id.startswith(senders):
            continue
        events, skipped = await _events_of(store, sender_id)
        found.skipped_events += skipped
        events = [event for event in events if (event.get("timestamp") or 0) >= since]
        if events:
            found.conversations.append(Conversation(sender_id, events))
    return found


async def _events_of(store: TrackerStore, sender_id: str) -> tuple[list[dict], int]:
    """All of a sender's events, in every session, and how many were malformed. Rasa
    reads a conversation whole and fails on one bad event; an SQL store's rows are
    then read one by one, and the bad ones skipped. (Rasa's SQL store turns any error
    in a session into `SystemExit`.)"""
    try:
        tracker = await store.retrieve_full_tracker(sender_id)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a malformed event
        logger.warning(f"The conversation of {sender_id} has a malformed event: {error}")
        if isinstance(store, SQLTrackerStore):
            return _rows_of(store, sender_id)
        return [], 1
    if tracker is None:
        return [], 0
    return [event.as_dict() for event in tracker.events], 0


def _rows_of(store: SQLTrackerStore, sender_id: str) -> tuple[list[dict], int]:
    events, skipped = [], 0
    table = store.SQLEvent.__table__
    with store.engine.connect() as connection:
        rows = connection.execute(
            table.select().where(table.c.sender_id == sender_id).order_by(table.c.id)
        )
        for row in rows:
            try:
                event = json.loads(row.data)
                if Event.from_parameters(event) is None:
                    raise ValueError(f"unknown event {event.get('event')!r}")
            except (ValueError, TypeError, KeyError, AttributeError):
                skipped += 1
                continue
            events.append(event)
    return events, skipped
