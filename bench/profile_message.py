"""Profiles where one message's time goes inside the Rasa server process.

Loads the trained assistant in-process, warms it up, then handles the same mix of
messages many times under pyinstrument and prints the call tree. Custom actions are
left out (no action server), so the figures are Rasa's own path: NLU, policies and,
with `--store sqlite`, the conversation store the assistant ships with (endpoints.yml);
without it, conversations stay in memory as in the stock assistant.

    .venv/bin/python -m bench.profile_message [--repeats 50] [--store memory|sqlite]
"""

import argparse
import asyncio
import logging
import os
import resource
import tempfile
import time

from harness import ROOT
from harness.quiet import quieten

MESSAGES = [
    "how many hidden layers does a deep network have",
    "what's the difference between machine learning and deep learning",
    "will AI take over the world",
    "hello",
]


async def handle_all(agent, repeats: int) -> float:
    started = time.perf_counter()
    for index in range(repeats):
        for text in MESSAGES:
            await agent.handle_text(text, sender_id=f"profile-{index}")
    return (time.perf_counter() - started) / (repeats * len(MESSAGES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--store", choices=("memory", "sqlite"), default="memory")
    parser.add_argument(
        "--kept", type=int, default=500, help="conversations the SQLite store keeps in memory"
    )
    args = parser.parse_args()
    quieten()
    logging.disable(logging.WARNING)
    from pyinstrument import Profiler
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    os.chdir(ROOT)
    agent = Agent.load(str(ROOT / "models" / "assistant.tar.gz"))
    with tempfile.TemporaryDirectory() as state:
        if args.store == "sqlite":
            from addons.stores import ConversationStore

            store = ConversationStore(
                agent.domain,
                dialect="sqlite",
                db=f"{state}/profile.db",
                kept_conversations=args.kept,
            )
            agent.tracker_store = agent.processor.tracker_store = store
        asyncio.run(handle_all(agent, 2))
        profiler = Profiler(interval=0.0005)
        profiler.start()
        per_message = asyncio.run(handle_all(agent, args.repeats))
        profiler.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{per_message * 1000:.1f} ms per message, in-process, store: {args.store}, "
        f"peak RSS {peak:.0f} MB\n"
    )
    print(profiler.output_text(unicode=False, color=False, show_all=True))


if __name__ == "__main__":
    main()
