"""Benchmarks the assistant against the stock `rasa init` assistant; writes bench/results.md.

1. Accuracy on bench/holdout.yml (never trained on): intent accuracy, entity F1,
   off-topic precision and recall, end-to-end correctness of the replies over REST,
   and `rasa test nlu --cross-validation -f 5` (bench/scoring.py); and on
   bench/threads.yml, conversations whose last turn only makes sense in their thread,
   details of a covered topic and neural-network basics; and on bench/turns.yml,
   replies that fit their turn (offers accepted and declined, follow-ups the document
   answers, details it doesn't go into, new questions in a thread).
2. Speed and memory against the stock assistant, served the same way (`rasa run`,
   REST) in the same run, rounds alternating between the two: throughput and latency
   with 1 and 8 concurrent users (and 8 in a course-heavy mix), time from `rasa run`
   to the first answer, peak RSS,
   training time from scratch and with nothing changed, and the latency of each turn
   of one conversation of 200 turns (bench/load.py). Medians over the rounds; each
   figure against its target (bench/report.py).

    .venv/bin/python -m bench.run_bench            # the full run (make bench)
    .venv/bin/python -m bench.run_bench --smoke    # one round, a few messages (make test)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import tempfile
from pathlib import Path

from bench.load import (
    ACTIONS_PORT,
    COURSE_MIX,
    OURS_PORT,
    STOCK_MESSAGES,
    STOCK_PORT,
    Assistant,
    copy_of_ours,
    load_test,
    long_conversation,
    stock_assistant,
    train_times,
)
from bench.report import write_report
from bench.scoring import (
    cross_validation,
    load_holdout,
    load_threads,
    load_turns,
    load_tutor,
    score_nlu,
    score_replies,
    score_threads,
    score_turns,
    score_tutor,
)
from harness import ROOT
from harness.quiet import QUIET_ENV
from harness.servers import MODEL, endpoints_for
from harness.topics import alternating_topics

# The load test's key for the course-heavy mix at 8 users.
COURSES = "courses"


def quiet() -> None:
    os.environ.update(QUIET_ENV)
    logging.disable(logging.WARNING)
    import structlog

    # Rasa logs every parse through structlog at debug level.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one round, a few messages")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--messages", type=int, default=200, help="messages per user")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--turns", type=int, default=200, help="turns of the long conversation")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    if args.smoke:
        args.rounds, args.messages, args.turns = 1, 5, 20
        if args.out == ROOT / "bench" / "results.md":
            args.out = ROOT / "results" / "bench_smoke.md"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    quiet()

    items = load_holdout()
    held_out_threads = load_threads()
    held_out_turns = load_turns()
    held_out_tutor = load_tutor()
    if args.smoke:
        items = items[::40]
        held_out_threads = {kind: cases[::10] for kind, cases in held_out_threads.items()}
        held_out_turns = held_out_turns[::20]
        held_out_tutor = {kind: cases[::10] for kind, cases in held_out_tutor.items()}
    print(f"NLU accuracy on {len(items)} held-out messages…", flush=True)
    nlu = asyncio.run(score_nlu(MODEL, items))
    crossval = None if args.smoke else cross_validation(args.folds)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print("Creating the stock assistant (rasa init)…", flush=True)
        (work / "stock").mkdir()
        stock_model = stock_assistant(work / "stock")
        endpoints = work / "endpoints.yml"
        endpoints.write_text(endpoints_for(ACTIONS_PORT, work))
        # Ours gets the held-out messages in an order a person might ask them: never
        # two of one intent in a row, which would be a follow-up in the thread (the
        # file lists them by intent). The stock assistant cycles through its own.
        ours_messages = [
            item["text"]
            for item in alternating_topics(
                [item for item in load_holdout() if item["intent"] != "out_of_scope"], "intent"
            )
        ]
        assistants = {
            "ours": Assistant("ours", ROOT, MODEL, OURS_PORT, ours_messages, endpoints, True),
            "stock": Assistant("stock", work / "stock", stock_model, STOCK_PORT, STOCK_MESSAGES),
        }
        speed: dict[str, list] = {"ours": [], "stock": []}
        replies = threads = fitting = tutor = None
        for round_ in range(args.rounds):
            order = ["ours", "stock"] if round_ % 2 == 0 else ["stock", "ours"]
            for name in order:
                assistant = assistants[name]
                print(f"Round {round_ + 1}: {name}…", flush=True)
                startup = assistant.start()
                try:
                    if name == "ours" and replies is None:
                        replies = score_replies(assistant.url, items)
                        threads = score_threads(assistant.url, held_out_threads)
                        fitting = score_turns(assistant.url, held_out_turns)
                        tutor = score_tutor(assistant.url, held_out_tutor)
                    load = {
                        users: load_test(assistant, users, args.messages, round_)
                        for users in (1, 8)
                    }
                    # Ours again with a course-heavy mix; the stock assistant's own
                    # messages at 8 users are its reference for both.
                    mix = COURSE_MIX if name == "ours" else assistant.messages
                    load[COURSES] = load_test(assistant, 8, args.messages, round_, mix)
                    turns = long_conversation(assistant, args.turns, round_)
                    speed[name].append(
                        {"startup": startup, "load": load, "turns": turns, "rss": assistant.rss()}
                    )
                finally:
                    assistant.stop()

        training = None
        if not args.smoke:
            training = {"ours": [], "stock": []}
            for round_ in range(args.rounds):
                print(f"Training round {round_ + 1}…", flush=True)
                with tempfile.TemporaryDirectory() as copy:
                    training["ours"].append(train_times(copy_of_ours(Path(copy))))
                training["stock"].append(train_times(work / "stock"))

    write_report(args.out, args, nlu, replies, threads, fitting, crossval, speed, training, tutor)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
