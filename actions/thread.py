"""The thread of a conversation: what the last answer was about, so that "tell me
more", "an example?", "how many?", "where did you read that?" and "is that course
free?" can be answered.

It lives in the `thread` slot. A question answered by a response of the domain sets
it from its intent (the slot's mappings in domain.yml: "ask_cnn"); the actions that
answer set it themselves, with what their reply named: the example and the part whose
examples it came from, the idea of a "not covered" reply, whether "tell me more"
already went one step deeper. The course a reply named is the `course` slot, and the
courses of a list, in order, `shown_courses`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rasa_sdk.events import SlotSet

THREAD = "thread"
_FIELDS = ("idea", "via", "given", "deeper")


@dataclass(frozen=True)
class Thread:
    """Where the conversation is: a part of the document (a key of knowledge/data/parts.yml), and
    what the last reply about it named."""

    part: str | None = None
    idea: str | None = None  # a glossary idea the reply named (knowledge/data/glossary.yml)
    via: str | None = None  # for an example: the part whose examples it came from
    given: int = 0  # how many examples of `via` were given so far
    deeper: bool = False  # "tell me more" went one step past the answer

    def __str__(self) -> str:
        values = {"idea": self.idea, "via": self.via, "given": self.given or None}
        values["deeper"] = "yes" if self.deeper else None
        return ";".join(
            [self.part or ""] + [f"{key}={value}" for key, value in values.items() if value]
        )

    @classmethod
    def parse(cls, value: object) -> Thread:
        """The thread a slot value describes; an empty one for anything malformed (a
        hand-typed payload, say)."""
        if not isinstance(value, str) or not value.strip():
            return cls()
        part, *pairs = value.split(";")
        fields: dict[str, Any] = {}
        for pair in pairs:
            key, _, item = pair.partition("=")
            if key not in _FIELDS or not item:
                return cls()
            fields[key] = item
        try:
            given = int(fields.get("given", 0))
        except ValueError:
            return cls()
        return cls(
            part=part or None,
            idea=fields.get("idea"),
            via=fields.get("via"),
            given=max(given, 0),
            deeper=fields.get("deeper") == "yes",
        )

    def but(self, **changes: Any) -> Thread:
        return replace(self, **changes)


def thread_event(thread: Thread) -> dict[str, Any]:
    """The event that makes `thread` the conversation's thread."""
    return SlotSet(THREAD, str(thread) or None)
