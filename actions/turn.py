"""What one message is, read from the tracker once per action: its text, intent,
intent ranking, entities and split questions, the slots the actions read, the slots'
values before this message, the message before it, what the reply before it offered,
and the message that started the course search.

An action builds its `Turn` with `Turn.read(tracker)` and hands that on; nothing past
the action's `run` sees the tracker. The knowledge package (knowledge/) takes the
turn's plain values, never a turn or a tracker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from actions.thread import THREAD, Thread
from knowledge.records import Button, steps_from_value

if TYPE_CHECKING:
    from rasa_sdk import Tracker

# The intent of a course request: the message that starts a course search.
COURSE_REQUEST = "ask_courses"
# The slot that keeps what a reply offered (actions/offers.py).
OFFER = "offer"


@dataclass(frozen=True)
class Message:
    """A user message as the NLU read it."""

    text: str = ""
    intent: str | None = None
    entities: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def of(cls, text: str | None, parse_data: Mapping[str, Any] | None) -> Message:
        parse_data = parse_data or {}
        return cls(
            text=text or "",
            intent=(parse_data.get("intent") or {}).get("name"),
            entities=tuple(e for e in parse_data.get("entities") or [] if isinstance(e, dict)),
        )

    @property
    def entity_names(self) -> set[str]:
        return {str(entity.get("entity")) for entity in self.entities}


@dataclass(frozen=True)
class Turn:
    """The latest message and the conversation state the actions read."""

    message: Message = Message()
    # Every intent the NLU considered, likeliest first, with its confidence.
    ranking: tuple[tuple[str, float], ...] = ()
    # The parts of a message that asks two questions (addons/intent_classifier.py).
    questions: tuple[Mapping[str, Any], ...] = ()
    # The words of a question about a detail that the answer of its part lacks, as the
    # NLU found them ("the right number of hidden layers"; addons/uncovered_ideas.py).
    detail: str | None = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    # Each slot's value before the latest message filled the slots.
    earlier_slots: Mapping[str, Any] = field(default_factory=dict)
    # The message that started the current course search, if any.
    search_request: Message | None = None
    # The user's message before this one ("" for the first).
    previous_text: str = ""
    # Who the conversation is with (the channel's sender id).
    sender: str = ""
    # What the reply to the previous message offered ("Want to know how it works?"):
    # the steps that accepting it gives; none when that reply offered nothing.
    open_offer: tuple[Button, ...] = ()

    @classmethod
    def read(cls, tracker: Tracker) -> Turn:
        latest = tracker.latest_message or {}
        ranking = tuple(
            (str(item["name"]), float(item.get("confidence") or 0.0))
            for item in latest.get("intent_ranking") or []
            if isinstance(item, dict) and item.get("name")
        )
        return cls(
            message=Message.of(latest.get("text"), latest),
            ranking=ranking,
            questions=tuple(q for q in latest.get("questions") or [] if isinstance(q, dict)),
            detail=latest.get("detail") if isinstance(latest.get("detail"), str) else None,
            slots=MappingProxyType(dict(tracker.current_slot_values())),
            earlier_slots=MappingProxyType(_slots_before_latest_message(tracker.events)),
            search_request=_search_request(tracker.events),
            previous_text=_previous_text(tracker.events),
            sender=str(tracker.sender_id or ""),
            open_offer=steps_from_value(_offer_of_last_reply(tracker.events)),
        )

    @property
    def text(self) -> str:
        return self.message.text

    @property
    def intent(self) -> str | None:
        return self.message.intent

    @property
    def entities(self) -> tuple[Mapping[str, Any], ...]:
        return self.message.entities

    @property
    def entity_names(self) -> set[str]:
        return self.message.entity_names

    @property
    def intents(self) -> list[str]:
        """The intents of the ranking, likeliest first."""
        return [name for name, _ in self.ranking]

    @property
    def thread(self) -> Thread:
        return Thread.parse(self.slots.get(THREAD))

    def slot(self, name: str) -> Any:
        return self.slots.get(name)

    def slot_before(self, name: str) -> Any:
        """The value `name` had before the latest message filled the slots."""
        return self.earlier_slots.get(name)

    def after(self, events: Iterable[Mapping[str, Any]]) -> Turn:
        """The same turn with the slots as `events` leave them."""
        slots = dict(self.slots)
        for event in events:
            if event.get("event") == "slot":
                slots[event["name"]] = event.get("value")
        return replace(self, slots=MappingProxyType(slots))

    def asking(self, text: str) -> Turn:
        """The same turn for a part of the message (one of two questions)."""
        return replace(self, message=replace(self.message, text=text))

    def as_intent(self, intent: str) -> Turn:
        """The same message read as `intent`."""
        return replace(self, message=replace(self.message, intent=intent))

    def clicking(self, step: Button) -> Turn:
        """The turn as if the user had clicked `step`'s button: its payload as the
        message, its intent first in the ranking, its entities found (the slots they
        fill are the caller's to set, as Rasa's mappings would)."""
        entities = tuple(
            {"entity": name, "value": value, "start": 0, "end": 0} for name, value in step.entities
        )
        message = Message(text=step.as_dict()["payload"], intent=step.intent, entities=entities)
        return replace(
            self, message=message, ranking=((step.intent, 1.0),), questions=(), detail=None
        )


def _slots_before_latest_message(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Each slot's last value set before the latest user message."""
    values: dict[str, Any] = {}
    seen_message = False
    for event in reversed(events):
        if event.get("event") == "user":
            seen_message = True
        elif seen_message and event.get("event") == "slot" and event.get("name") not in values:
            values[event.get("name")] = event.get("value")
    return values


def _previous_text(events: list[dict[str, Any]]) -> str:
    users = [event for event in events if event.get("event") == "user"]
    return str(users[-2].get("text") or "") if len(users) > 1 else ""


def _offer_of_last_reply(events: list[dict[str, Any]]) -> Any:
    """The `offer` slot as the reply to the previous message left it, when that reply
    (or the message it answered, through the slot's mappings) set it: a reply that
    offered nothing leaves the slot as it was, and then nothing is offered. A new
    session starts with the slots carried over and no earlier message: the offer
    carried counts (the conversation store carries it only when it is that fresh)."""
    users_seen = 0
    value = None
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif users_seen == 1 and kind == "slot" and event.get("name") == OFFER:
            value = event.get("value")
            break
    return value


def _search_request(events: list[dict[str, Any]]) -> Message | None:
    for event in reversed(events):
        parse_data = event.get("parse_data") or {}
        if (
            event.get("event") == "user"
            and (parse_data.get("intent") or {}).get("name") == COURSE_REQUEST
        ):
            return Message.of(event.get("text"), parse_data)
    return None
