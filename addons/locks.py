"""Conversation locks in Redis that a dead server gives up within seconds.

Scaled out, each message of a conversation is handled under that conversation's lock,
so that two servers never handle two of its messages at once. Rasa's `RedisLockStore`
gives each waiting or served message a ticket that lives 60 s (`TICKET_LOCK_LIFETIME`);
a server killed while it serves a message leaves its ticket behind, and the
conversation's next message, on any server, waits until it expires.

Here a ticket is a lease of a few seconds (`lease_seconds`), renewed by the server that
holds it (`renew_every`) for as long as it waits for the lock or serves the message. A
server that dies stops renewing, and its tickets expire one lease later: the next
message goes through on another server within `lease_seconds` plus one poll
(`poll_seconds`), however long turns normally take. A slow turn keeps its lock, as
its server keeps renewing it.

The renewals run in a thread of their own, so a turn that keeps the event loop busy
(the NLU, the policies) still renews its lease. Every change of a lock is one Redis
transaction (WATCH, then MULTI/EXEC), so that a renewal on one server never overwrites
a ticket just issued on another; and the lock's key expires two leases after its last
change, so a conversation whose servers all died leaves nothing behind in Redis.

endpoints.scale.yml:

    lock_store:
      type: addons.locks.LeasedRedisLockStore
      url: ...
      lease_seconds: 3
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# How long a ticket lives without renewal: how long a dead server's conversation waits.
LEASE_SECONDS = 3.0
# How often the holder renews it: three times a lease, so that one slow Redis round
# trip never lets a live server's ticket expire.
RENEW_EVERY_SECONDS = 1.0
# How often a waiting message looks whether its turn has come (Rasa's: 1 s).
POLL_SECONDS = 0.1

T = TypeVar("T")


class LeaseKeeper:
    """Renews the tickets this server holds, in a thread of its own, until each is
    given back."""

    def __init__(self, renew: Callable[[str, int], bool], every: float) -> None:
        self._renew = renew
        self._every = every
        self._held: set[tuple[str, int]] = set()
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def hold(self, conversation_id: str, ticket: int) -> None:
        with self._guard:
            self._held.add((conversation_id, ticket))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="lock-leases", daemon=True)
                self._thread.start()

    def release(self, conversation_id: str, ticket: int) -> None:
        with self._guard:
            self._held.discard((conversation_id, ticket))

    @property
    def held(self) -> set[tuple[str, int]]:
        with self._guard:
            return set(self._held)

    def _run(self) -> None:
        while True:
            time.sleep(self._every)
            for conversation_id, ticket in self.held:
                try:
                    if not self._renew(conversation_id, ticket):
                        logger.warning(
                            "The lease of conversation '%s' (ticket %s) ran out before "
                            "it was renewed.",
                            conversation_id,
                            ticket,
                        )
                        self.release(conversation_id, ticket)
                except Exception:  # Redis away for a moment: the next round retries.
                    logger.exception("Could not renew the lock of '%s'.", conversation_id)


class LeasedRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store with tickets that are short leases, renewed by their
    holder, and changed in Redis transactions."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **settings: Any) -> None:
        settings = {**(endpoint_config.kwargs if endpoint_config else {}), **settings}
        if endpoint_config is not None and endpoint_config.url:
            settings["host"] = endpoint_config.url
        self.lease = float(settings.pop("lease_seconds", LEASE_SECONDS))
        self.renew_every = float(settings.pop("renew_every", RENEW_EVERY_SECONDS))
        self.poll = float(settings.pop("poll_seconds", POLL_SECONDS))
        if not 0 < self.renew_every < self.lease:
            raise ValueError("renew_every must be shorter than lease_seconds")
        super().__init__(**settings)
        self.keeper = LeaseKeeper(self.renew, self.renew_every)

    def _change(
        self,
        conversation_id: str,
        change: Callable[[TicketLock | None], tuple[TicketLock | None, T]],
    ) -> T:
        """Applies `change` to the stored lock in one transaction, retried if another
        server changed the lock meanwhile; `change` returns the lock to store (None
        deletes it) and a result."""
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    stored, result = change(lock)
                    pipe.multi()
                    if stored is None or not stored.tickets:
                        pipe.delete(key)
                    else:
                        pipe.set(key, stored.dumps(), px=int(self.lease * 2000))
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A ticket that lives one lease (whatever `lock_lifetime` asks), renewed by
        this server until it is given back."""

        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(self.lease)

        try:
            ticket = self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        self.keeper.hold(conversation_id, ticket)
        return ticket

    def renew(self, conversation_id: str, ticket: int) -> bool:
        """Moves the ticket's end one lease from now; False if it has already expired."""

        def extend(lock: TicketLock | None) -> tuple[TicketLock | None, bool]:
            if lock is None:
                return None, False
            lock.remove_expired_tickets()
            for held in lock.tickets:
                if held.number == ticket:
                    held.expires = time.time() + self.lease
                    return lock, True
            return lock, False

        return self._change(conversation_id, extend)

    def update_lock(self, conversation_id: str) -> None:
        def tidy(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, tidy)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Gives the ticket back; the lock goes when no ticket is left."""
        self.keeper.release(conversation_id, ticket_number)

        def give_back(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, give_back)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float | None = None,
    ) -> AsyncGenerator[TicketLock, None]:
        """As Rasa's, with a leased ticket and a shorter poll while waiting."""
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(
                conversation_id, ticket, wait_time_in_seconds or self.poll
            )
        finally:
            self.cleanup(conversation_id, ticket)
