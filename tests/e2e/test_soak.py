"""A bounded soak: 8 simulated users for 60 s over REST against the assistant as
shipped. No request may fail, every reply must be right, and the server's memory may
grow by at most 10 % after warm-up. The figures go to results/soak.md."""

import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from harness.judge import problem_with
from harness.servers import post, rss_mb
from harness.topics import topic_intent
from tests.helpers import ROOT

USERS = 8
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
WARM_UP_SECONDS = 15
MESSAGES_PER_CONVERSATION = 10
MAX_GROWTH = 0.10

QUESTIONS = yaml.safe_load((Path(__file__).with_name("questions.yml")).read_text())["questions"]


def single_turn_questions() -> list[dict]:
    """Questions answered in one turn whatever came before (course requests may open
    the course form, which changes how the next message is read)."""
    return [q for q in QUESTIONS if topic_intent(q["topic"]) != "ask_courses"]


def run_users(url: str, pool: list[dict], seconds: float) -> dict:
    """USERS threads, each a user sending `pool` questions in turn until time is up."""
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    totals = {"messages": 0, "errors": [], "wrong": []}

    def user(number: int) -> None:
        sent = 0
        sender = ""
        while time.monotonic() < stop_at:
            if sent % MESSAGES_PER_CONVERSATION == 0:
                sender = f"soak-{number}-{uuid.uuid4().hex[:8]}"
            question = pool[(number * 7 + sent) % len(pool)]
            sent += 1
            try:
                response = post(url, sender, question["text"], timeout=30)
            except Exception as error:  # a refused or timed-out request is an error
                with lock:
                    totals["errors"].append(repr(error))
                continue
            with lock:
                totals["messages"] += 1
                if response.status_code != 200:
                    totals["errors"].append(f"{response.status_code}: {response.text[:200]}")
                elif problem_with(question, response.json()):
                    totals["wrong"].append(question["text"])

    with ThreadPoolExecutor(USERS) as threads:
        list(threads.map(user, range(USERS)))
    return totals


@pytest.fixture(scope="module")
def soak(assistant, assistant_url):
    if assistant is None:
        pytest.skip("the soak measures the memory of a server it starts itself")
    # Only the questions the assistant answers right when idle: the soak checks that
    # load changes nothing, not the NLU's accuracy (tests/e2e/test_rest.py does).
    pool = [
        q
        for number, q in enumerate(single_turn_questions())
        if problem_with(q, post(assistant_url, f"soak-baseline-{number}", q["text"]).json()) is None
    ]
    run_users(assistant_url, pool, WARM_UP_SECONDS)
    before = rss_mb(assistant.pid)
    totals = run_users(assistant_url, pool, SECONDS)
    after = rss_mb(assistant.pid)
    figures = {**totals, "pool": len(pool), "rss_before": before, "rss_after": after}
    report = ROOT / "results" / "soak.md"
    report.parent.mkdir(exist_ok=True)
    report.write_text(
        f"# Soak: {USERS} users, {SECONDS:.0f} s over REST\n\n"
        f"- messages: {totals['messages']} ({totals['messages'] / SECONDS:.1f}/s), "
        f"{len(pool)} different questions\n"
        f"- errors: {len(totals['errors'])} {totals['errors'][:5]}\n"
        f"- wrong replies: {len(totals['wrong'])} {sorted(set(totals['wrong']))[:5]}\n"
        f"- server RSS after a {WARM_UP_SECONDS} s warm-up: {before:.0f} MB; "
        f"at the end: {after:.0f} MB ({after / before - 1:+.1%})\n"
    )
    print("\n" + report.read_text())
    return figures


def test_the_soak_covers_many_questions(soak):
    assert soak["pool"] >= 30
    assert soak["messages"] >= USERS * 10


def test_no_request_fails_under_load(soak):
    assert soak["errors"] == []


def test_every_reply_under_load_is_right(soak):
    assert soak["wrong"] == []


def test_memory_stays_flat(soak):
    assert soak["rss_after"] <= soak["rss_before"] * (1 + MAX_GROWTH)
