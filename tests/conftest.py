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


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`, parsed as `intent` with `entities`."""
    entities = [
        {"entity": entity["entity"], "value": entity["value"], "start": 0, "end": 0}
        for entity in entities or []
    ]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities,
    }
    return Tracker.from_dict(
        {
            "sender_id": "test-user",
            "slots": slots or {},
            "latest_message": latest,
            "events": [
                {"event": "action", "name": "action_listen"},
                {"event": "user", "text": text, "parse_data": latest},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def run_action(action, tracker: Tracker, domain: dict[str, Any]):
    """Runs `action` to completion and returns (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events
