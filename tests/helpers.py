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

from harness import ROOT  # noqa: F401 - the tests import it from here


def parse(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    ranking: list[tuple[str, float]] | None = None,
) -> dict:
    """Parse data as the NLU would produce it; `ranking` is the intent ranking after
    the intent itself."""
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "intent_ranking": [{"name": intent, "confidence": 0.99}]
        + [{"name": name, "confidence": confidence} for name, confidence in ranking or []],
        "entities": [
            {
                "entity": entity["entity"],
                "value": entity["value"],
                "start": entity.get("start", 0),
                "end": entity.get("end", 0),
            }
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
    ranking: list[tuple[str, float]] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`, parsed as `intent` with `entities`
    (and the other intents of `ranking` after it).

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
    latest = parse(text, intent, entities, ranking)
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


def rendered(message: dict[str, Any], domain: dict[str, Any]) -> str:
    """The text Rasa sends for a message: its own, or its response's template in the
    domain filled with its values, as Rasa fills it."""
    from rasa.core.nlg.interpolator import interpolate_text

    if not message.get("response"):
        return message.get("text") or ""
    template = domain["responses"][message["response"]][0]["text"]
    return interpolate_text(template, message)


def as_sent(message: dict[str, Any], domain: dict[str, Any]) -> dict[str, Any]:
    """A message an action sends as Rasa sends it on: a response's text filled in, its
    template's buttons before the action's own."""
    if not message.get("response"):
        return message
    template = domain["responses"][message["response"]][0]
    buttons = list(template.get("buttons") or []) + list(message.get("buttons") or [])
    return {**message, "text": rendered(message, domain), "buttons": buttons}


def run_action(action, tracker: Tracker, domain: dict[str, Any]):
    """Runs `action` to completion and returns (messages as Rasa sends them, events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return [as_sent(message, domain) for message in dispatcher.messages], events


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


class Recommend:
    """The recommendation for the slots as they are, as a course request or a
    refinement ends with it (actions/courses.py, recommend). Not an SDK Action, which
    the action server would register."""

    async def run(self, dispatcher, tracker, domain):
        from actions.courses import recommend
        from actions.turn import Turn

        return recommend(dispatcher, Turn.read(tracker))


def edited_copy(source: Path, folder: Path, edit) -> Path:
    """A copy of the YAML file `source` in `folder`, changed by `edit(content)`."""
    content = yaml.safe_load(source.read_text())
    edit(content)
    copy = folder / source.name
    copy.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True))
    return copy
