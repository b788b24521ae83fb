"""Benchmarks the assistant against the stock `rasa init` assistant; writes bench/results.md.

1. Accuracy on bench/holdout.yml (never trained on): intent accuracy, entity F1,
   off-topic precision and recall, end-to-end correctness of the replies over REST,
   and `rasa test nlu --cross-validation -f 5`.
2. Speed and memory against the stock assistant, served the same way (`rasa run`,
   REST) in the same run, rounds alternating between the two: throughput and latency
   with 1 and 8 concurrent users, time from `rasa run` to the first answer, peak RSS,
   and training time from scratch and with nothing changed. Medians over the rounds.

    .venv/bin/python bench/run_bench.py            # the full run (make bench)
    .venv/bin/python bench/run_bench.py --smoke    # one round, a few messages (make test)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.servers import endpoints_for  # noqa: E402
from tests.replies import (  # noqa: E402
    OUT_OF_SCOPE,
    answers_nothing_off_topic,
    is_declined,
    is_suggestion,
    problem_with,
    reply_text,
)

RASA = str(Path(sys.executable).with_name("rasa"))
MODEL = ROOT / "models" / "assistant.tar.gz"
HOLDOUT = ROOT / "bench" / "holdout.yml"
CHOICES = ROOT / "bench" / "choices.md"
# Ports apart from `make run` and the tests.
OURS_PORT, STOCK_PORT, ACTIONS_PORT = 5205, 5206, 5255
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
# Entities matter only to these intents' actions, and the holdout labels these types.
ENTITY_INTENTS = ("ask_examples", "ask_courses", "inform")
LABELLED_ENTITIES = ("example_field", "level", "topic", "provider")
QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}


# --- 1. Accuracy -------------------------------------------------------------


def load_holdout() -> list[dict]:
    return yaml.safe_load(HOLDOUT.read_text())["messages"]


def as_question(item: dict) -> dict:
    """A holdout message in the form tests/replies.py judges."""
    intent, entities = item["intent"], item.get("entities") or {}
    if "+" in intent:
        parts = [as_question({**item, "intent": part}) for part in intent.split("+")]
        return {"text": item["text"], "topic": intent, "parts": parts}
    question = {"text": item["text"], "topic": intent}
    if "term" in item:
        question["term"] = item["term"]
    if intent == "ask_examples":
        field_ = entities.get("example_field")
        question["topic"] = f"example:{field_}" if field_ else "examples"
    elif intent == "ask_courses":
        if "course" in item:
            question["topic"] = f"course:{item['course']}"
        else:
            question["topic"] = "courses"
            for key, name in (
                ("level", "level"),
                ("topic", "topic_value"),
                ("provider", "provider"),
            ):
                if key in entities:
                    question[name] = entities[key]
    return question


@dataclass
class NluScores:
    total: int = 0
    intents_right: int = 0
    entity_tp: int = 0
    entity_fp: int = 0
    entity_fn: int = 0
    misses: list = field(default_factory=list)

    @property
    def intent_accuracy(self) -> float:
        return self.intents_right / self.total

    @property
    def entity_f1(self) -> float:
        precision = self.entity_tp / max(self.entity_tp + self.entity_fp, 1)
        recall = self.entity_tp / max(self.entity_tp + self.entity_fn, 1)
        return 2 * precision * recall / max(precision + recall, 1e-9)


def predicted_label(parsed: dict) -> str:
    """The intent, or the intents of two questions joined by "+" in the order asked."""
    if parsed.get("questions"):
        return "+".join(part["intent"] for part in parsed["questions"])
    return parsed["intent"]["name"]


async def score_nlu(model: Path, items: list[dict]) -> NluScores:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    scores = NluScores()
    for item in items:
        parsed = await agent.parse_message(item["text"])
        predicted = predicted_label(parsed)
        shown = "out_of_scope" if predicted == "nlu_fallback" else predicted
        confidence = max(
            (i["confidence"] for i in parsed["intent_ranking"] if i["name"] != "nlu_fallback"),
            default=0.0,
        )
        scores.total += 1
        if shown == item["intent"]:
            scores.intents_right += 1
        else:
            top = next(i for i in parsed["intent_ranking"] if i["name"] != "nlu_fallback")
            scores.misses.append((item["text"], item["intent"], top["name"], confidence, predicted))
        if item["intent"] not in ENTITY_INTENTS:
            continue
        gold = {(k, v) for k, v in (item.get("entities") or {}).items() if k in LABELLED_ENTITIES}
        found = {
            (e["entity"], str(e["value"]))
            for e in parsed["entities"]
            if e["entity"] in LABELLED_ENTITIES
        }
        scores.entity_tp += len(gold & found)
        scores.entity_fp += len(found - gold)
        scores.entity_fn += len(gold - found)
    return scores


@dataclass
class ReplyScores:
    total: int = 0
    right: int = 0
    declined: int = 0  # replies that decline, to any message
    declined_off_topic: int = 0  # of those, replies to off-topic messages
    off_topic: int = 0
    off_topic_unanswered: int = 0  # off-topic messages given no deep-learning content
    in_scope: int = 0
    bare_declines: int = 0  # in-scope messages given a bare decline
    called_off_topic: int = 0  # in-scope messages told they are outside deep learning
    suggested: int = 0  # in-scope messages given "did you mean" buttons
    recovered: int = 0  # of those, with the right question among the buttons
    misses: list = field(default_factory=list)

    @property
    def correctness(self) -> float:
        return self.right / self.total

    @property
    def off_topic_precision(self) -> float:
        return self.declined_off_topic / max(self.declined, 1)

    @property
    def off_topic_recall(self) -> float:
        return self.off_topic_unanswered / max(self.off_topic, 1)

    @property
    def bare_decline_rate(self) -> float:
        return self.bare_declines / max(self.in_scope, 1)


# Follow-ups whose right answer depends on earlier turns ("is it free?"): their intent
# is scored on its own, their replies by the multi-turn tests (tests/e2e/).
FOLLOW_UP_INTENTS = {
    "inform",
    "no_preference",
    "stop",
    "ask_more",
    "ask_course_price",
    "ask_course_length",
    "ask_course_teacher",
    "ask_course_link",
}


def score_replies(url: str, items: list[dict]) -> ReplyScores:
    scores = ReplyScores()
    for number, item in enumerate(items):
        if item["intent"] in FOLLOW_UP_INTENTS:
            continue
        messages = post(url, f"bench-holdout-{number}", item["text"])
        question = as_question(item)
        problem = problem_with(question, messages)
        text = reply_text(messages)
        off_topic = item["intent"] == "out_of_scope"
        scores.total += 1
        if not off_topic:
            offered = {
                button["payload"].lstrip("/").split("{")[0]
                for message in messages
                for button in message.get("buttons") or []
            }
            scores.in_scope += 1
            scores.bare_declines += is_declined(text)
            scores.called_off_topic += OUT_OF_SCOPE in text
            scores.suggested += is_suggestion(text)
            scores.recovered += is_suggestion(text) and bool(
                offered & set(item["intent"].split("+"))
            )
        scores.right += problem is None
        scores.declined += is_declined(text)
        scores.declined_off_topic += off_topic and is_declined(text)
        scores.off_topic += off_topic
        scores.off_topic_unanswered += off_topic and answers_nothing_off_topic(text)
        if problem:
            scores.misses.append((item["text"], question["topic"], problem, text[:120]))
    return scores


def cross_validation(folds: int) -> dict:
    out = ROOT / "results" / "crossval"
    shutil.rmtree(out, ignore_errors=True)
    command = [RASA, "test", "nlu", "--cross-validation", "-f", str(folds), "--config"]
    command += ["config.yml", "--nlu", "data/nlu", "--out", str(out), "--no-plot"]
    started = time.monotonic()
    run_quietly(command, ROOT)
    intents = json.loads((out / "intent_report.json").read_text())
    # The entity report is named after the extractor (RegexEntityExtractor here).
    reports = [p for p in out.glob("*_report.json") if p.name != "intent_report.json"]
    entities = json.loads(reports[0].read_text()) if reports else {}
    return {
        "folds": folds,
        "seconds": time.monotonic() - started,
        "intent_accuracy": intents["accuracy"],
        "intent_f1": intents["weighted avg"]["f1-score"],
        "entity_f1": entities.get("micro avg", entities.get("weighted avg", {})).get("f1-score"),
    }


# --- 2. Servers, speed and memory ---------------------------------------------


def run_quietly(command: list[str], cwd: Path, env: dict | None = None) -> None:
    subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **QUIET_ENV, **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def post(url: str, sender: str, text: str, session: requests.Session | None = None) -> list:
    response = (session or requests).post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    response.raise_for_status()
    return response.json()


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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
    processes: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Starts the servers; returns seconds from `rasa run` to the first answer."""
        env = {**os.environ, **QUIET_ENV, "SANIC_HOST": "127.0.0.1"}
        logs = ROOT / "logs"
        logs.mkdir(exist_ok=True)
        if self.uses_actions:
            command = [RASA, "run", "actions", "--actions", "actions", "--port", str(ACTIONS_PORT)]
            self.processes["actions"] = subprocess.Popen(
                command,
                cwd=self.project,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
            wait_until(
                lambda: requests.get(f"http://127.0.0.1:{ACTIONS_PORT}/health", timeout=1).ok
            )
        command = [RASA, "run", "--model", str(self.model), "--port", str(self.port)]
        if self.endpoints:
            command += ["--endpoints", str(self.endpoints)]
        log = (logs / f"bench-{self.name}.log").open("w")
        started = time.monotonic()
        self.processes["rasa"] = subprocess.Popen(
            command, cwd=self.project, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        wait_until(lambda: bool(post(self.url, "bench-first", self.messages[0])))
        return time.monotonic() - started

    def rss(self) -> dict[str, float]:
        return {name: peak_rss_mb(process.pid) for name, process in self.processes.items()}

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def wait_until(check, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def load_test(assistant: Assistant, users: int, per_user: int, round_: int) -> dict:
    """`users` concurrent users, each sending `per_user` messages in conversations of 10."""
    latencies: list[float] = []
    errors: list[str] = []
    empty = 0
    lock = threading.Lock()

    def user(number: int) -> None:
        nonlocal empty
        session = requests.Session()
        for index in range(per_user):
            sender = f"load-r{round_}-u{users}-{number}-c{index // 10}"
            text = assistant.messages[(number + index) % len(assistant.messages)]
            started = time.perf_counter()
            try:
                replies = post(assistant.url, sender, text, session)
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
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "throughput": len(latencies) / wall,
        "p50": percentile(0.50),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "errors": len(errors),
        "error_samples": errors[:3],
        "empty": empty,
        "messages": len(latencies),
    }


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
    names = ("config.yml", "domain.yml", "data", "actions", "addons", "credentials.yml")
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


# --- Report -------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(ours: float, stock: float) -> str:
    return f"{ours / stock:.2f}×" if stock else "n/a"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_report(
    path: Path, args, nlu: NluScores, replies: ReplyScores, crossval, speed, training
) -> None:
    cores = os.cpu_count()
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    from rasa import __version__ as rasa_version

    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run_bench.py{' --smoke' if args.smoke else ''}`.",
        "",
        "| | |",
        "|---|---|",
        f"| Date | {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC |",
        f"| Machine | {cores} cores, {ram_gb:.0f} GB RAM, {platform.machine()}, Python {platform.python_version()} |",
        f"| Rasa | {rasa_version} |",
        f"| Rounds | {args.rounds} (medians), {args.messages} messages per user |",
        "",
        "## 1. Accuracy on held-out messages",
        "",
        f"`bench/holdout.yml`: {nlu.total} messages never trained on; the {nlu.total - replies.total} "
        'follow-ups among them ("is it free?") count for intents only, as their replies depend '
        "on earlier turns (tested in `tests/e2e/conversations.yml`).",
        "",
        "| Figure | Value | Target |",
        "|---|---|---|",
        f"| Intent accuracy | {nlu.intent_accuracy:.3f} ({nlu.intents_right}/{nlu.total}) | ≥ 0.97: {verdict(nlu.intent_accuracy >= 0.97)} |",
        f"| Entity F1 (canonical values; example and course requests) | {nlu.entity_f1:.3f} | |",
        f"| Off-topic precision (declined that were off-topic) | {replies.off_topic_precision:.3f} | |",
        f"| Off-topic recall (off-topic given no deep-learning answer) | {replies.off_topic_recall:.3f} ({replies.off_topic_unanswered}/{replies.off_topic}) | 1.0: {verdict(replies.off_topic_unanswered == replies.off_topic)} |",
        f"| End-to-end correctness over REST | {replies.correctness:.3f} ({replies.right}/{replies.total}) | ≥ 0.97: {verdict(replies.correctness >= 0.97)} |",
        f"| In-scope messages given a bare decline | {replies.bare_decline_rate:.3f} ({replies.bare_declines}/{replies.in_scope}) | ≤ 0.02: {verdict(replies.bare_decline_rate <= 0.02)} |",
        f"| In-scope messages called off-topic | {replies.called_off_topic} | 0: {verdict(replies.called_off_topic == 0)} |",
        f'| In-scope messages given "did you mean" buttons (right question among them) | {replies.suggested} ({replies.recovered}) | |',
    ]
    if crossval:
        lines += [
            f"| Cross-validation ({crossval['folds']} folds, training data) intent accuracy | {crossval['intent_accuracy']:.3f} (weighted F1 {crossval['intent_f1']:.3f}) | |",
            "| Cross-validation entity F1 | "
            + ("n/a" if crossval["entity_f1"] is None else f"{crossval['entity_f1']:.3f}")
            + " | |",
            "",
            "Cross-validation scores each training example with a model trained without it.",
            "The training data holds many deliberately near-boundary examples (off-topic",
            "questions worded like deep-learning ones, vague one-word questions), so it scores",
            "lower than the held-out messages, which are worded as users ask.",
        ]
    lines += [
        "",
        "### NLU misses",
        "",
        "| Message | Expected | Predicted | Confidence |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {text} | {expected} | {top}{' (fallback)' if shown == 'nlu_fallback' else ''} | {confidence:.2f} |"
        for text, expected, top, confidence, shown in nlu.misses
    ] or ["| (none) | | | |"]
    lines += [
        "",
        "### End-to-end misses",
        "",
        "| Message | Expected | Problem | Reply |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {text} | {topic} | {problem} | {reply!r} |"
        for text, topic, problem, reply in replies.misses
    ] or ["| (none) | | | |"]

    lines += ["", "## 2. Speed and memory against the stock assistant", ""]
    lines += [
        "The reference is `rasa init --no-prompt`, trained by the same Rasa in a temporary",
        "folder and served the same way (`rasa run`, REST), rounds alternating between the two.",
        "",
        "| Figure | Ours | Stock | Ours/stock | Target |",
        "|---|---|---|---|---|",
    ]
    targets = {
        ("throughput", 8): (lambda r: r >= 1.5, "≥ 1.5×"),
        ("p50", 1): (lambda r: r <= 0.7, "≤ 0.7×"),
        ("p50", 8): (lambda r: r <= 0.7, "≤ 0.7×"),
    }
    for users in (1, 8):
        for key, label, unit in (
            ("throughput", "Throughput", "msg/s"),
            ("p50", "Latency p50", "ms"),
            ("p95", "Latency p95", "ms"),
            ("p99", "Latency p99", "ms"),
        ):
            ours = median([r["load"][users][key] for r in speed["ours"]])
            stock = median([r["load"][users][key] for r in speed["stock"]])
            check, wanted = targets.get((key, users), (None, ""))
            target = f"{wanted}: {verdict(check(ours / stock))}" if check else ""
            lines.append(
                f"| {label}, {users} user{'s' if users > 1 else ''} | {ours:.1f} {unit} | {stock:.1f} {unit} | {ratio(ours, stock)} | {target} |"
            )

    def total(side: str, key: str) -> int:
        return sum(r["load"][u][key] for r in speed[side] for u in (1, 8))

    samples = [
        e
        for side in speed.values()
        for r in side
        for u in (1, 8)
        for e in r["load"][u]["error_samples"]
    ]
    ours_start = median([r["startup"] for r in speed["ours"]])
    stock_start = median([r["startup"] for r in speed["stock"]])
    ours_rss = median([r["rss"]["rasa"] for r in speed["ours"]])
    stock_rss = median([r["rss"]["rasa"] for r in speed["stock"]])
    actions_rss = median([r["rss"].get("actions", float("nan")) for r in speed["ours"]])
    lines += [
        f"| `rasa run` to first answer | {ours_start:.1f} s | {stock_start:.1f} s | {ratio(ours_start, stock_start)} | ≤ 0.6×: {verdict(ours_start / stock_start <= 0.6)} |",
        f"| Peak RSS, Rasa server | {ours_rss:.0f} MB | {stock_rss:.0f} MB | {ratio(ours_rss, stock_rss)} | ≤ 0.7×: {verdict(ours_rss / stock_rss <= 0.7)} |",
        f"| Peak RSS, action server | {actions_rss:.0f} MB | (none) | | |",
    ]
    if training:
        ours_train = median([t["scratch"] for t in training["ours"]])
        stock_train = median([t["scratch"] for t in training["stock"]])
        ours_again = median([t["unchanged"] for t in training["ours"]])
        stock_again = median([t["unchanged"] for t in training["stock"]])
        lines += [
            f"| Training from scratch | {ours_train:.0f} s | {stock_train:.0f} s | {ratio(ours_train, stock_train)} | ≤ 180 s: {verdict(ours_train <= 180)} |",
            f"| Retraining, nothing changed | {ours_again:.0f} s | {stock_again:.0f} s | {ratio(ours_again, stock_again)} | |",
        ]
    lines += [
        "",
        f"Across all rounds: {total('ours', 'messages')} messages to ours, "
        f"{total('stock', 'messages')} to the stock assistant; failed requests: "
        f"{total('ours', 'errors')} and {total('stock', 'errors')}; empty replies: "
        f"{total('ours', 'empty')} and {total('stock', 'empty')}.",
    ]
    lines += [f"- failure: `{sample}`" for sample in samples[:5]]
    if CHOICES.exists():
        lines += ["", CHOICES.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one round, a few messages")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--messages", type=int, default=200, help="messages per user")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    if args.smoke:
        args.rounds, args.messages = 1, 5
        if args.out == ROOT / "bench" / "results.md":
            args.out = ROOT / "results" / "bench_smoke.md"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(QUIET_ENV)
    logging.disable(logging.WARNING)
    import structlog

    # Rasa logs every parse through structlog at debug level.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    items = load_holdout()
    if args.smoke:
        items = items[::40]
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
        ours_messages = [
            item["text"] for item in load_holdout() if item["intent"] != "out_of_scope"
        ]
        assistants = {
            "ours": Assistant("ours", ROOT, MODEL, OURS_PORT, ours_messages, endpoints, True),
            "stock": Assistant("stock", work / "stock", stock_model, STOCK_PORT, STOCK_MESSAGES),
        }
        speed: dict[str, list] = {"ours": [], "stock": []}
        replies = None
        for round_ in range(args.rounds):
            order = ["ours", "stock"] if round_ % 2 == 0 else ["stock", "ours"]
            for name in order:
                assistant = assistants[name]
                print(f"Round {round_ + 1}: {name}…", flush=True)
                startup = assistant.start()
                try:
                    if name == "ours" and replies is None:
                        replies = score_replies(assistant.url, items)
                    load = {
                        users: load_test(assistant, users, args.messages, round_)
                        for users in (1, 8)
                    }
                    speed[name].append({"startup": startup, "load": load, "rss": assistant.rss()})
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

    write_report(args.out, args, nlu, replies, crossval, speed, training)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
