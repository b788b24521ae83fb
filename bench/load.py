"""Speed and memory: our assistant and the stock `rasa init` assistant served the same
way (`rasa run`, REST), loaded by concurrent users, and trained from scratch."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from harness import ROOT, ports
from harness.servers import (
    RASA,
    Server,
    action_server,
    ask,
    peak_rss_mb,
    percentiles_ms,
    rasa_server,
    run_quietly,
)

# Ports apart from `make run` and the tests.
OURS_PORT, STOCK_PORT, ACTIONS_PORT = ports.BENCH_OURS, ports.BENCH_STOCK, ports.BENCH_ACTIONS
# Messages the stock assistant was built for (its own NLU data's intents), leaving out
# "yes" and "no", which it answers only inside its mood conversation.
STOCK_MESSAGES = [
    "hello there",
    "good morning",
    "i am feeling great",
    "I'm sad",
    "not very good",
    "are you a bot?",
    "see you later",
    "extremely happy",
]


# A course-heavy conversation for our assistant: each turn that asks about courses or
# follows up on the last answer calls the action server. Users start it at different
# turns, so a follow-up may come first and get its "which course?" reply.
COURSE_MIX = [
    "hi there",
    "what is deep learning",
    "recommend a course",
    "beginner",
    "not on udemy",
    "which one is best?",
    "recommend a free course for beginners",
    "is it free?",
    "show me more",
    "where is deep learning used",
    "what is a cnn",
    "give me an example",
    "how long is the second one?",
    "thanks, bye",
]


@dataclass
class Assistant:
    """One assistant to serve: ours (with its action server) or the stock one."""

    name: str
    project: Path
    model: Path
    port: int
    messages: list[str]
    endpoints: Path | None = None
    uses_actions: bool = False
    servers: dict[str, Server] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Starts the servers; returns seconds from `rasa run` to the first answer."""
        if self.uses_actions:
            actions = action_server(ACTIONS_PORT, cwd=self.project, log_prefix="bench")
            self.servers["actions"] = actions.start().wait_ready()
        rasa = rasa_server(
            self.port,
            self.endpoints,
            # The HTTP API, for what a reply offered (bench/scoring.py); the same for both.
            "--enable-api",
            model=self.model,
            credentials=None,
            cwd=self.project,
            log_prefix=f"bench-{self.name}",
        )
        started = time.monotonic()
        self.servers["rasa"] = rasa.start()
        rasa.wait_ready(lambda: bool(ask(self.url, "bench-first", self.messages[0])))
        return time.monotonic() - started

    def rss(self) -> dict[str, float]:
        return {name: peak_rss_mb(server.pid) for name, server in self.servers.items()}

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()


def load_test(
    assistant: Assistant,
    users: int,
    per_user: int,
    round_: int,
    messages: list[str] | None = None,
) -> dict:
    """`users` concurrent users, each sending `per_user` messages (the assistant's own,
    or `messages`) in conversations of 10."""
    messages = messages or assistant.messages
    latencies: list[float] = []
    errors: list[str] = []
    empty = 0
    lock = threading.Lock()

    def user(number: int) -> None:
        nonlocal empty
        session = requests.Session()
        for index in range(per_user):
            sender = f"load-r{round_}-u{users}-{number}-c{index // 10}-{len(messages)}"
            text = messages[(number + index) % len(messages)]
            started = time.perf_counter()
            try:
                replies = ask(assistant.url, sender, text, session)
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(repr(error)[:200])
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                # An empty list is an answer too: the assistant chose to say nothing.
                empty += not replies

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "throughput": len(latencies) / wall,
        **percentiles_ms(latencies),
        "errors": len(errors),
        "error_samples": errors[:3],
        "empty": empty,
        "messages": len(latencies),
    }


def long_conversation(assistant: Assistant, turns: int, round_: int) -> list[float]:
    """The latency in ms of each turn of one conversation of `turns` messages: ten of
    the assistant's messages, spread over its list, over and over, so that each block
    of ten turns asks the same."""
    session = requests.Session()
    sender = f"long-r{round_}"
    cycle = assistant.messages[:: max(1, len(assistant.messages) // 10)][:10]
    latencies = []
    for turn in range(turns):
        text = cycle[turn % len(cycle)]
        started = time.perf_counter()
        ask(assistant.url, sender, text, session)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def train_times(project: Path, env: dict | None = None) -> dict:
    """Training from scratch (fresh cache, no model) and again with nothing changed."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**(env or {}), "RASA_CACHE_DIRECTORY": cache}
        out = Path(cache) / "models"
        command = [RASA, "train", "--out", str(out), "--fixed-model-name", "bench"]
        started = time.monotonic()
        run_quietly(command, project, env)
        scratch = time.monotonic() - started
        started = time.monotonic()
        run_quietly(command, project, env)
        return {"scratch": scratch, "unchanged": time.monotonic() - started}


def copy_of_ours(target: Path) -> Path:
    names = ("config.yml", "domain.yml", "data", "actions", "addons", "knowledge")
    names += ("credentials.yml",)
    for name in names + ("endpoints.yml",):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    (target / ".spacy").symlink_to(ROOT / ".spacy")
    if (ROOT / ".encoder").is_dir():
        (target / ".encoder").symlink_to(ROOT / ".encoder")
    return target


def stock_assistant(folder: Path) -> Path:
    """`rasa init --no-prompt` in `folder` (it trains its model as part of init)."""
    run_quietly([RASA, "init", "--no-prompt", "--init-dir", str(folder)], folder)
    return next((folder / "models").glob("*.tar.gz"))
