"""Profiles where one message's time goes inside the Rasa server process.

Loads the trained assistant in-process, warms it up, then handles the same mix of
messages many times under pyinstrument and prints the call tree. Custom actions are
left out (no action server), so the figures are Rasa's own path: NLU and policies.

    .venv/bin/python bench/profile_message.py [repeats]
"""

import asyncio
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    from pyinstrument import Profiler
    from rasa.core.agent import Agent

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    os.chdir(ROOT)
    agent = Agent.load(str(ROOT / "models" / "assistant.tar.gz"))
    asyncio.run(handle_all(agent, 2))
    profiler = Profiler(interval=0.0005)
    profiler.start()
    per_message = asyncio.run(handle_all(agent, repeats))
    profiler.stop()
    print(f"{per_message * 1000:.1f} ms per message, in-process\n")
    print(profiler.output_text(unicode=False, color=False, show_all=True))


if __name__ == "__main__":
    main()
