"""Shared fixtures: the real domain, trackers built like Rasa builds them, a dispatcher."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


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
