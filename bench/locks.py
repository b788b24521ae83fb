"""What the leased conversation locks (addons/locks.py) cost a message, and how long a
conversation waits after the server holding its lock dies, against Rasa's own
RedisLockStore, on the local Redis.

    .venv/bin/python -m bench.locks

- the cost: one message's lock taken and given back, uncontended, 500 times;
- the wait: a holder that stops renewing (as a killed server does) at a random moment
  of its renewal cycle, and the time until the next message gets the lock, 5 times
  per lease. Rasa's store keeps a dead holder's ticket for its whole lifetime (60 s),
  which is counted, not waited for.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore

from addons.locks import LeasedRedisLockStore
from harness import ports

CYCLES = 500
DEATHS = 5
LEASES = (1.0, 2.0, 3.0, 5.0)


def leased(lease: float, prefix: str) -> LeasedRedisLockStore:
    return LeasedRedisLockStore(
        host="127.0.0.1",
        port=ports.REDIS,
        db=1,
        key_prefix=prefix,
        lease_seconds=lease,
        renew_every=lease / 3,
    )


def percentile(values: list[float], share: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


async def lock_cost(store) -> list[float]:
    took = []
    for number in range(CYCLES):
        started = time.perf_counter()
        async with store.lock(f"cost-{number % 20}"):
            pass
        took.append((time.perf_counter() - started) * 1000)
    return took


async def wait_after_death(lease: float) -> list[float]:
    waits = []
    for _ in range(DEATHS):
        prefix = f"bench{uuid.uuid4().hex[:8]}"
        dead, alive = leased(lease, prefix), leased(lease, prefix)
        ticket = dead.issue_ticket("c")
        # Killed at a random moment between two renewals.
        await asyncio.sleep(random.uniform(0.1, 0.1 + dead.renew_every))
        dead.keeper.release("c", ticket)  # killed: nothing renews it any more
        died = time.monotonic()
        async with alive.lock("c"):
            waits.append(time.monotonic() - died)
    return waits


async def main() -> None:
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    print("| Lock store | Lock taken and given back, median | p99 |")
    print("|---|---|---|")
    stores = {
        "Rasa's RedisLockStore": RedisLockStore(
            host="127.0.0.1", port=ports.REDIS, db=1, key_prefix=prefix
        ),
        "LeasedRedisLockStore, 3 s leases": leased(3.0, prefix),
    }
    for name, store in stores.items():
        took = await lock_cost(store)
        print(f"| {name} | {statistics.median(took):.2f} ms | {percentile(took, 99):.2f} ms |")
    print("\n| Lease | Next message waits after its holder dies: median | max |")
    print("|---|---|---|")
    rasa = f"{LOCK_LIFETIME} s"
    print(f"| Rasa's ticket lifetime ({rasa}) | up to {rasa} | {rasa} |")
    for lease in LEASES:
        waits = await wait_after_death(lease)
        print(f"| {lease:g} s | {statistics.median(waits):.2f} s | {max(waits):.2f} s |")


if __name__ == "__main__":
    asyncio.run(main())
