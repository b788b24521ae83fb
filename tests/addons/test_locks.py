"""Conversation locks as leases in Redis (addons/locks.py), on the local Redis that the
scaled set-up uses, with leases of a fraction of a second."""

import asyncio
import threading
import time
import uuid

import pytest

from addons.locks import LeasedRedisLockStore
from harness import ports
from harness.servers import missing_services

LEASE, RENEW, POLL = 0.6, 0.15, 0.05

pytestmark = pytest.mark.skipif(
    "Redis" in missing_services(), reason="needs the local Redis (.ci/run starts it)"
)


def store(prefix: str) -> LeasedRedisLockStore:
    return LeasedRedisLockStore(
        host="127.0.0.1",
        port=ports.REDIS,
        db=1,
        key_prefix=prefix,
        lease_seconds=LEASE,
        renew_every=RENEW,
        poll_seconds=POLL,
    )


@pytest.fixture
def prefix() -> str:
    return f"test{uuid.uuid4().hex[:8]}"


def test_a_held_ticket_outlives_its_lease_while_its_holder_renews_it(prefix):
    locks = store(prefix)
    ticket = locks.issue_ticket("c1")
    time.sleep(LEASE * 3)
    lock = locks.get_lock("c1")
    assert lock is not None and lock.now_serving == ticket
    locks.cleanup("c1", ticket)
    assert locks.get_lock("c1") is None


def test_a_ticket_nobody_renews_expires_after_one_lease(prefix):
    dead, alive = store(prefix), store(prefix)
    ticket = dead.issue_ticket("c2")
    dead.keeper.release("c2", ticket)  # its server died: nothing renews it
    started = time.monotonic()

    async def next_message() -> float:
        async with alive.lock("c2"):
            return time.monotonic() - started

    waited = asyncio.run(next_message())
    assert LEASE * 0.5 < waited < LEASE + 4 * POLL + RENEW


def test_two_servers_never_serve_one_conversation_at_once_even_in_a_slow_turn(prefix):
    first, second = store(prefix), store(prefix)
    spans: dict[str, tuple[float, float]] = {}

    async def turn(locks: LeasedRedisLockStore, name: str, delay: float, hold: float) -> None:
        await asyncio.sleep(delay)
        async with locks.lock("c3"):
            begun = time.monotonic()
            # A turn four leases long, with the event loop busy half of the time.
            time.sleep(hold / 2)
            await asyncio.sleep(hold / 2)
            spans[name] = (begun, time.monotonic())

    async def both() -> None:
        await asyncio.gather(turn(first, "slow", 0, LEASE * 4), turn(second, "next", 0.1, 0.1))

    asyncio.run(both())
    assert spans["slow"][1] <= spans["next"][0]


def test_tickets_issued_on_many_servers_at_once_are_all_kept(prefix):
    servers = [store(prefix) for _ in range(4)]
    tickets: list[int] = []

    def issue(locks: LeasedRedisLockStore) -> None:
        for _ in range(10):
            tickets.append(locks.issue_ticket("c4"))

    threads = [threading.Thread(target=issue, args=(locks,)) for locks in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lock = servers[0].get_lock("c4")
    assert sorted(ticket.number for ticket in lock.tickets) == list(range(40))
    assert sorted(tickets) == list(range(40))
    for locks in servers:
        for conversation_id, ticket in locks.keeper.held:
            locks.cleanup(conversation_id, ticket)
    assert servers[0].get_lock("c4") is None


def test_a_lease_must_be_longer_than_its_renewal():
    with pytest.raises(ValueError):
        LeasedRedisLockStore(host="127.0.0.1", port=ports.REDIS, lease_seconds=1, renew_every=1)
