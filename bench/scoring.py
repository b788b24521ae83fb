"""Accuracy on the held-out messages (bench/holdout.yml, never trained on): intents and
entities parsed by the trained model, replies over REST judged by harness/judge.py,
and Rasa's cross-validation on the training data."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness import ROOT
from harness.judge import (
    OUT_OF_SCOPE,
    answers_nothing_off_topic,
    basics_problem,
    detail_problem,
    is_declined,
    is_suggestion,
    offer_left,
    offer_problem,
    problem_with,
    reply_text,
    thread_problem,
)
from harness.servers import RASA, ask, run_quietly
from harness.topics import course_topic, example_topic

HOLDOUT = ROOT / "bench" / "holdout.yml"
# Entities matter only to these intents' actions, and the holdout labels these types.
ENTITY_INTENTS = ("ask_examples", "ask_courses", "inform")
LABELLED_ENTITIES = ("example_field", "level", "topic", "provider")
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


# The social side of a chat: each has a reply of its own, never a decline.
SOCIAL_INTENTS = {"frustration", "too_hard", "ai_worry", "bot_identity", "praise", "acknowledge"}
# Questions about the catalogue as a whole.
CATALOGUE_INTENTS = {"ask_best_course", "ask_course_by_length", "compare_providers", "enrol"}


def judged_alone(item: dict) -> bool:
    """A follow-up whose right reply is known without the turns before it."""
    return "exclude" in item or "expect" in item


def kind_of(item: dict) -> str | None:
    """The kind a held-out message is scored under besides the whole: `courses` (what
    a course request doesn't want, questions about the catalogue) or `social`."""
    if item["intent"] in SOCIAL_INTENTS:
        return "social"
    if judged_alone(item) or item["intent"] in CATALOGUE_INTENTS:
        return "courses"
    return None


def load_holdout() -> list[dict]:
    return yaml.safe_load(HOLDOUT.read_text())["messages"]


def as_question(item: dict) -> dict:
    """A holdout message in the form harness/judge.py judges."""
    intent, entities = item["intent"], item.get("entities") or {}
    if "+" in intent:
        parts = [as_question({**item, "intent": part}) for part in intent.split("+")]
        return {"text": item["text"], "topic": intent, "parts": parts}
    question = {"text": item["text"], "topic": intent}
    for key in ("term", "expect", "exclude"):
        if key in item:
            question[key] = item[key]
    if intent == "inform" and "exclude" in item:
        # A preference said on its own ("not udemy please") asks for courses.
        question["topic"] = "courses"
    if intent == "ask_examples":
        question["topic"] = example_topic(entities.get("example_field"))
    elif intent == "ask_courses":
        question["topic"] = course_topic(item.get("course"))
        if "course" not in item:
            for key, name in (
                ("level", "level"),
                ("topic", "topic_value"),
                ("provider", "provider"),
            ):
                if key in entities:
                    question[name] = entities[key]
    return question


# --- Parsing with the trained model ---------------------------------------------------


async def parse_all(model: Path, texts: list[str]) -> list[dict]:
    """Each text as the trained model parses it (in-process, no server)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def predicted_label(parsed: dict) -> str:
    """The intent, or the intents of two questions joined by "+" in the order asked."""
    if parsed.get("questions"):
        return "+".join(part["intent"] for part in parsed["questions"])
    return parsed["intent"]["name"]


def ranking(parsed: dict) -> list[dict]:
    """The intent ranking before any fallback: the classifier's own guesses."""
    return [i for i in parsed["intent_ranking"] if i["name"] != "nlu_fallback"]


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


async def score_nlu(model: Path, items: list[dict]) -> NluScores:
    scores = NluScores()
    for item, parsed in zip(items, await parse_all(model, [i["text"] for i in items]), strict=True):
        predicted = predicted_label(parsed)
        shown = "out_of_scope" if predicted == "nlu_fallback" else predicted
        top = next(iter(ranking(parsed)), {"name": None, "confidence": 0.0})
        scores.total += 1
        if shown == item["intent"]:
            scores.intents_right += 1
        else:
            scores.misses.append(
                (item["text"], item["intent"], top["name"], top["confidence"], predicted)
            )
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


# --- Replies over REST ------------------------------------------------------------------


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
    # Per kind (kind_of): messages, right replies, and declines.
    kind_total: Counter = field(default_factory=Counter)
    kind_right: Counter = field(default_factory=Counter)
    kind_declined: Counter = field(default_factory=Counter)

    def kind_correctness(self, kind: str) -> float:
        return self.kind_right[kind] / max(self.kind_total[kind], 1)

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


def score_replies(url: str, items: list[dict], tag: str = "bench-holdout") -> ReplyScores:
    """Asks each held-out message as a new user (`tag` and its number name it)."""
    scores = ReplyScores()
    for number, item in enumerate(items):
        if item["intent"] in FOLLOW_UP_INTENTS and not judged_alone(item):
            continue
        messages = ask(url, f"{tag}-{number}", item["text"])
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
        if kind := kind_of(item):
            scores.kind_total[kind] += 1
            scores.kind_right[kind] += problem is None
            scores.kind_declined[kind] += is_declined(text) or is_suggestion(text)
        scores.declined += is_declined(text)
        scores.declined_off_topic += off_topic and is_declined(text)
        scores.off_topic += off_topic
        scores.off_topic_unanswered += off_topic and answers_nothing_off_topic(text)
        if problem:
            scores.misses.append((item["text"], question["topic"], problem, text[:120]))
    return scores


# --- Cross-validation -------------------------------------------------------------------


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


# --- Conversations in a thread -------------------------------------------------------

THREADS = ROOT / "bench" / "threads.yml"


def load_threads() -> dict:
    return yaml.safe_load(THREADS.read_text())


@dataclass
class ThreadScores:
    """Right and total by kind ("more", "example", ..., "details", "basics"), with the
    misses as (kind, turns, problem, last reply)."""

    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    def add(self, kind: str, turns: list[str], problem: str | None, text: str) -> None:
        self.total[kind] += 1
        self.right[kind] += problem is None
        if problem:
            self.misses.append((kind, turns, problem, text[:160]))

    def share(self, kinds) -> tuple[int, int]:
        return sum(self.right[k] for k in kinds), sum(self.total[k] for k in kinds)


def score_threads(url: str, threads: dict, tag: str = "bench-thread") -> ThreadScores:
    """Holds each held-out conversation over REST as a new user and judges its last
    reply; asks each detail and basics question as a new user."""
    scores = ThreadScores()
    for number, case in enumerate(threads["conversations"]):
        sender = f"{tag}-{number}"
        replies = [ask(url, sender, turn) for turn in case["turns"]]
        problem = thread_problem(case, replies)
        scores.add(case["kind"], case["turns"], problem, reply_text(replies[-1]))
    for kind, judge in (("details", detail_problem), ("basics", basics_problem)):
        for number, item in enumerate(threads[kind]):
            messages = ask(url, f"{tag}-{kind}-{number}", item["text"])
            scores.add(kind, [item["text"]], judge(item, messages), reply_text(messages))
    return scores


# --- Replies that fit the turn --------------------------------------------------------

TURNS = ROOT / "bench" / "turns.yml"
# A reply that says the document doesn't say something.
NOT_SAID = re.compile(
    r"doesn't say|does not say|doesn't go into|doesn't answer|doesn't cover|doesn't explain|"
    r"says nothing about|couldn't find|isn't in my document|gives no example",
    re.IGNORECASE,
)


def load_turns() -> list[dict]:
    return yaml.safe_load(TURNS.read_text())


@dataclass
class TurnScores:
    """Right and total by measure, the offers that were never made, and the misses."""

    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    not_offered: int = 0
    section_answers: int = 0  # detail questions given a section's paragraph
    false_not_said: int = 0  # follow-ups the document answers, told it doesn't
    misses: list = field(default_factory=list)

    def add(self, measure: str, turns: list[str], problem: str | None, text: str) -> None:
        self.total[measure] += 1
        self.right[measure] += problem is None
        if problem:
            self.misses.append((measure, turns, problem, text[:160]))


def lacks(expect: list[str], text: str) -> list[str]:
    lowered = text.lower()
    return [want for want in expect if not any(alt.lower() in lowered for alt in want.split("|"))]


def score_turns(url: str, items: list[dict], tag: str = "bench-turn") -> TurnScores:
    """Holds each conversation of bench/turns.yml over REST as a new user and judges its
    last reply by its kind."""
    from knowledge.document import document

    section_replies = [p.reply[:60] for p in document().replied_by_response]
    scores = TurnScores()
    for number, case in enumerate(items):
        sender = f"{tag}-{number}"
        kind, turns = case["kind"], case["turns"]
        replies = [ask(url, sender, turn) for turn in turns[:-1]]
        offered = offer_left(url, sender) if kind == "offer" and replies else []
        replies.append(ask(url, sender, turns[-1]))
        last = replies[-1]
        text = reply_text(last)
        problem = None
        if kind == "offer":
            if not offered:
                # Listed, not counted: the reply before offered nothing to accept.
                scores.not_offered += 1
                before = reply_text(replies[-2]) if len(replies) > 1 else ""
                scores.misses.append(
                    (
                        "offers (not counted)",
                        turns,
                        "the reply before offered nothing",
                        before[:160],
                    )
                )
                continue
            problem = offer_problem(url, f"{sender}-ref", case["answer"], offered, last, text)
            measure = "offers"
        elif kind in ("follow_up", "new_question") or case.get("covered"):
            missing = lacks(case.get("expect") or [], text)
            if NOT_SAID.search(text):
                problem = "says the document doesn't say"
                scores.false_not_said += kind == "follow_up"
            elif is_declined(text) or is_suggestion(text):
                problem = "declined"
            elif missing:
                problem = f"lacks {missing}"
            measure = "details" if kind == "detail" else kind
        else:
            named = not lacks(case.get("detail") or [], text)
            if any(text.startswith(reply) for reply in section_replies):
                scores.section_answers += 1
                problem = "a section's answer, which doesn't answer it"
            elif not NOT_SAID.search(text):
                problem = "does not say what the document lacks"
            elif not named:
                problem = f"does not name {case.get('detail')}"
            measure = "details"
        scores.add(measure, turns, problem, text)
    return scores


TUTOR = ROOT / "bench" / "tutor.yml"
# What the first reply of a lesson and of a quiz round says (actions/lesson.py,
# actions/quiz.py).
STARTS = {"lesson": "Step 1 of", "quiz": "Question 1 of"}


def load_tutor() -> dict[str, list[str]]:
    return yaml.safe_load(TUTOR.read_text())


@dataclass
class TutorScores:
    """Requests for a lesson or a quiz that start it, and look-alikes that start one."""

    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)


def score_tutor(url: str, cases: dict[str, list[str]], tag: str = "bench-tutor") -> TutorScores:
    """Sends each message of bench/tutor.yml as a new user over REST: a request for a
    lesson must get step 1, one for a quiz question 1, and a look-alike neither."""
    scores = TutorScores()
    for kind, messages in cases.items():
        for number, text in enumerate(messages):
            reply = reply_text(ask(url, f"{tag}-{kind}-{number}", text))
            started = [name for name, opening in STARTS.items() if opening in reply]
            right = started == [kind] if kind in STARTS else not started
            scores.total[kind] += 1
            scores.right[kind] += right
            if not right:
                scores.misses.append((kind, text, ", ".join(started) or "neither", reply[:120]))
    return scores
