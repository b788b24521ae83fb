"""A soak: 8 simulated users over REST against the assistant as shipped, asking
questions and running course searches, in conversations of up to SOAK_TURNS turns.
No request may fail, every reply must be right, and the server's memory may grow by
at most SOAK_MAX_GROWTH after warm-up. `make test` runs it for 60 s in conversations
of 10 turns; `make soak` for an hour in conversations of 200 turns. The figures, per
interval (p50, p99, RSS), go to results/soak.md and a plot to results/soak.png."""

import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from harness.judge import ANSWERS_TO_OFFERS, problem_with, reply_text
from harness.servers import percentiles_ms, post, rss_mb
from harness.topics import alternating_topics, topic_intent
from tests.helpers import ROOT

USERS = 8
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
TURNS = int(os.environ.get("SOAK_TURNS", "10"))
MAX_GROWTH = float(os.environ.get("SOAK_MAX_GROWTH", "0.10"))
WARM_UP_SECONDS = 15
INTERVALS = 12  # points of the curves over the soak
# A course search inside a conversation, every tenth turn: each message with what its
# reply must say.
COURSE_SEARCH = [
    ("I want to learn deep learning", "what's your level"),
    ("beginner", "beginner courses"),
    ("is it free?", "is free"),
]
SEARCH_EVERY = 10

QUESTIONS = yaml.safe_load((Path(__file__).with_name("questions.yml")).read_text())["questions"]


def single_turn_questions() -> list[dict]:
    """Questions answered in one turn whatever came before (course requests may open
    the course form, which changes how the next message is read)."""
    pool = [
        q
        for q in QUESTIONS
        if topic_intent(q["topic"]) != "ask_courses" and q["topic"] not in ANSWERS_TO_OFFERS
    ]
    # A question right after one on its topic is a follow-up: never two in a row.
    return alternating_topics(pool)


def user_script(pool: list[dict], number: int):
    """What user `number` sends, forever: (text, check), where check(reply) is None
    when the reply is right. Conversations of TURNS turns, a course search in each."""
    sent = 0
    while True:
        place = sent % TURNS
        if place % SEARCH_EVERY == SEARCH_EVERY - len(COURSE_SEARCH) - 1:
            for text, expected in COURSE_SEARCH:
                yield (
                    text,
                    lambda messages, e=expected: (
                        None if e in reply_text(messages).lower() else f"lacks {e!r}"
                    ),
                )
                sent += 1
            continue
        question = pool[(number * 7 + sent) % len(pool)]
        yield question["text"], lambda messages, q=question: problem_with(q, messages)
        sent += 1


def run_users(url: str, pool: list[dict], seconds: float, on_interval=None) -> dict:
    """USERS threads until time is up; `on_interval(latencies)` is called every
    seconds / INTERVALS with the latencies (s) of that interval."""
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    totals = {"messages": 0, "errors": [], "wrong": []}
    latencies: list[float] = []

    def user(number: int) -> None:
        script = user_script(pool, number)
        sender = ""
        for turn in range(10**9):
            if time.monotonic() >= stop_at:
                return
            if turn % TURNS == 0:
                sender = f"soak-{number}-{uuid.uuid4().hex[:8]}"
            text, check = next(script)
            started = time.perf_counter()
            try:
                response = post(url, sender, text, timeout=30)
            except Exception as error:  # a refused or timed-out request is an error
                with lock:
                    totals["errors"].append(repr(error))
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                totals["messages"] += 1
                if response.status_code != 200:
                    totals["errors"].append(f"{response.status_code}: {response.text[:200]}")
                elif problem := check(response.json()):
                    totals["wrong"].append(f"{text}: {problem}")

    def watch() -> None:
        while time.monotonic() < stop_at:
            time.sleep(min(seconds / INTERVALS, max(stop_at - time.monotonic(), 0)))
            with lock:
                taken = latencies[:]
                latencies.clear()
            if on_interval and taken:
                on_interval(taken)

    watcher = threading.Thread(target=watch)
    watcher.start()
    with ThreadPoolExecutor(USERS) as threads:
        list(threads.map(user, range(USERS)))
    watcher.join()
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
    started = time.monotonic()
    curve = []

    def sample(taken: list[float]) -> None:
        cuts = percentiles_ms(taken)
        at = time.monotonic() - started
        curve.append((at, cuts["p50"], cuts["p99"], rss_mb(assistant.pid), len(taken)))

    totals = run_users(assistant_url, pool, SECONDS, sample)
    after = rss_mb(assistant.pid)
    figures = {**totals, "pool": len(pool), "rss_before": before, "rss_after": after}
    write_report(figures, curve)
    return figures


def write_report(figures: dict, curve: list[tuple]) -> None:
    report = ROOT / "results" / "soak.md"
    report.parent.mkdir(exist_ok=True)
    before, after = figures["rss_before"], figures["rss_after"]
    lines = [
        f"# Soak: {USERS} users, {SECONDS:.0f} s over REST, conversations of {TURNS} turns",
        "",
        f"- messages: {figures['messages']} ({figures['messages'] / SECONDS:.1f}/s), "
        f"{figures['pool']} different questions and a course search in every conversation",
        f"- errors: {len(figures['errors'])} {figures['errors'][:5]}",
        f"- wrong replies: {len(figures['wrong'])} {sorted(set(figures['wrong']))[:5]}",
        f"- server RSS after a {WARM_UP_SECONDS} s warm-up: {before:.0f} MB; "
        f"at the end: {after:.0f} MB ({after / before - 1:+.1%}; at most "
        f"{MAX_GROWTH:+.0%} allowed)",
        "",
        "| Minute | Messages | p50 | p99 | Server RSS |",
        "|---|---|---|---|---|",
        *[
            f"| {at / 60:.1f} | {count} | {p50:.0f} ms | {p99:.0f} ms | {rss:.0f} MB |"
            for at, p50, p99, rss, count in curve
        ],
    ]
    if curve:
        draw(curve, report.with_name("soak.png"))
        lines += ["", "![p50, p99 and memory over the soak](soak.png)"]
    report.write_text("\n".join(lines) + "\n")
    print("\n" + report.read_text())


def draw(curve: list[tuple], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    minutes = [at / 60 for at, *_ in curve]
    figure, (latency, memory) = pyplot.subplots(2, 1, figsize=(7, 5), sharex=True)
    latency.plot(minutes, [p50 for _, p50, *_ in curve], marker="o", label="p50")
    latency.plot(minutes, [p99 for _, _, p99, *_ in curve], marker="o", label="p99")
    latency.set_ylabel("latency, ms")
    latency.set_ylim(bottom=0)
    latency.legend()
    memory.plot(minutes, [rss for *_, rss, _ in curve], marker="o", color="tab:green")
    memory.set_ylabel("Rasa server RSS, MB")
    memory.set_xlabel("minutes into the soak")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)


def test_the_soak_covers_many_questions(soak):
    assert soak["pool"] >= 30
    assert soak["messages"] >= USERS * 10


def test_no_request_fails_under_load(soak):
    assert soak["errors"] == []


def test_every_reply_under_load_is_right(soak):
    assert soak["wrong"] == []


def test_memory_stays_flat(soak):
    assert soak["rss_after"] <= soak["rss_before"] * (1 + MAX_GROWTH)
