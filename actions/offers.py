"""What a reply offers, kept so that it can be accepted.

A reply that ends by offering something ("Want to know how it works?", "Want to see
them?") records what accepting it gives, as steps (a title and the intent with
entities that a button would send), in the `offer` slot:
- a part's answer sent by a rule: through the slot's mappings in domain.yml, from the
  part's entry (`offer` in knowledge/data/parts.yml; scripts/generate_parts.py);
- anything an action sends: through `say`, the one way the actions send a message,
  which returns the event that records the message's offer, or that it offers
  nothing; or, for a remark that adds to the reply before it, through `remark`, which
  leaves that reply's offer open.
"Yes" to an offer (actions/accept.py) then gives exactly what was offered, and only
while the offer is the last reply's (`Turn.open_offer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import OFFER, Turn
from knowledge.records import Button, steps_value


def offer_event(steps: Sequence[Button] = ()) -> dict[str, Any]:
    """The event that makes `steps` what the reply offers (nothing, when empty)."""
    return SlotSet(OFFER, steps_value(steps))


def say(
    dispatcher: CollectingDispatcher, offering: Sequence[Button] = (), **message: Any
) -> list[dict[str, Any]]:
    """Sends one message and returns the event that records what it offers: `offering`,
    the steps its closing question offers ("Want to see them?"), or nothing."""
    dispatcher.utter_message(**message)
    return [offer_event(offering)]


def remark(dispatcher: CollectingDispatcher, **message: Any) -> list[dict[str, Any]]:
    """Sends one message that adds to the reply before it and leaves its offer open
    ("we were at step 3 of the lesson" after an answer that offers more): no event."""
    dispatcher.utter_message(**message)
    return []


class ReplyingAction:
    """What an action that answers a turn does: `answer` returns the turn's events; the
    last message's offer is among them (`say`), and a reply that sends nothing through
    `say` leaves nothing on offer. Mixed into each action before the SDK's `Action`
    (`class ActionX(ReplyingAction, Action)`), so that the action server registers the
    actions and not this."""

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events = self.answer(dispatcher, Turn.read(tracker))
        if not any(event.get("name") == OFFER for event in events):
            events.append(offer_event())
        return events
