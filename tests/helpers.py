"""Helpers the tests share: the repository's root, trackers built like Rasa builds
them, running an action, and reading the training data as the user would type it."""

import asyncio
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent


def parse(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> dict:
    """Parse data as the NLU would produce it."""
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": [
            {"entity": entity["entity"], "value": entity["value"], "start": 0, "end": 0}
            for entity in entities or []
        ],
    }


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    earlier: list[tuple[str, str]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`, parsed as `intent` with `entities`.

    `earlier` holds the user's previous turns as (text, intent), oldest first; `slots`
    holds what those turns left behind.
    """
    events = []
    for earlier_text, earlier_intent in earlier or []:
        events += [
            {"event": "action", "name": "action_listen"},
            {
                "event": "user",
                "text": earlier_text,
                "parse_data": parse(earlier_text, earlier_intent),
            },
            {"event": "bot", "text": "(reply)"},
        ]
    latest = parse(text, intent, entities)
    events += [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest},
    ]
    return Tracker.from_dict(
        {
            "sender_id": "test-user",
            "slots": slots or {},
            "latest_message": latest,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots an action's events set, by name."""
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def run_action(action, tracker: Tracker, domain: dict[str, Any]):
    """Runs `action` to completion and returns (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]+\)|\{[^}]+\})")


def nlu_blocks():
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        yield from yaml.safe_load(path.read_text()).get("nlu", [])


def examples_of(block):
    """The examples of a block, written as one text or as a list with metadata."""
    if isinstance(block["examples"], list):
        return [example["text"] for example in block["examples"]]
    return [
        line[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")
    ]


CONTRACTIONS = {"what's": "what is", "whats": "what is", "it's": "it is", "i'm": "i am"}


def plain(text: str) -> str:
    """An example as the user typed it: annotations removed; case, spacing, end
    punctuation and a few contractions folded."""
    words = ANNOTATION.sub(r"\1", text).lower().replace("’", "'").split()
    return " ".join(CONTRACTIONS.get(word, word) for word in words).strip(" ?!.,")


def training_examples():
    by_intent = defaultdict(list)
    for block in nlu_blocks():
        if "intent" in block:
            by_intent[block["intent"]].extend(examples_of(block))
    return by_intent
