"""Each user message of a conversation with the kind of reply it got."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

ANSWER, DID_YOU_MEAN, NOT_COVERED, DECLINE = "answer", "did you mean", "not covered", "decline"
KINDS = (ANSWER, DID_YOU_MEAN, NOT_COVERED, DECLINE)
# The responses (domain.yml) of each kind but answers; a reply of several messages
# takes the first kind of this order that it holds.
RESPONSES = {
    DECLINE: ("utter_out_of_scope", "utter_default", "utter_term_unknown"),
    DID_YOU_MEAN: ("utter_did_you_mean",),
    NOT_COVERED: (
        "utter_term_not_covered",
        "utter_term_not_covered_course",
        "utter_term_unknown_named",
        "utter_detail_not_covered",
        "utter_detail_not_covered_course",
        "utter_question_not_answered",
        "utter_question_not_answered_course",
        "utter_thread_not_said",
    ),
}
# In a "not covered" response, the slot that names what the document doesn't cover.
UNCOVERED_SLOTS = ("term_label", "detail", "question", "unsaid")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)\+?\d[\d ()./-]{6,}\d(?!\w)")


# The intent Rasa's fallback puts in place of the classifier's when it is unsure.
FALLBACK = "nlu_fallback"


@dataclass
class Turn:
    """A user message and the reply it got."""

    sender: str  # hashed
    time: float
    text: str
    intent: str | None
    confidence: float
    kind: str = ANSWER
    uncovered: list[str] = field(default_factory=list)
    # For a "did you mean": the title of the button the next message clicked, if any.
    clicked: str | None = None
    # A decline right after an answer: a follow-up that lost the thread.
    lost_thread: bool = False

    @property
    def day(self) -> str:
        return datetime.fromtimestamp(self.time, timezone.utc).strftime("%Y-%m-%d")


def hashed(sender_id: str) -> str:
    """A sender id as the report shows it: not reversible, the same for one sender."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:10]


def redacted(text: str) -> str:
    """`text` without what looks like an e-mail address or a phone number."""
    return PHONE.sub("[phone]", EMAIL.sub("[e-mail]", text))


def uncovered_patterns(responses: dict[str, Any]) -> dict[str, re.Pattern]:
    """For each "not covered" response of the domain, a pattern that finds what it
    names in a reply's text: the template with its slots as groups."""
    patterns = {}
    for name in RESPONSES[NOT_COVERED]:
        for variant in responses.get(name, []):
            template = variant.get("text") or ""
            parts = re.split(r"\{(\w+)\}", template)
            pattern = ""
            for index, part in enumerate(parts):
                if index % 2 == 0:
                    pattern += re.escape(part)
                elif part in UNCOVERED_SLOTS and f"(?P<{part}>" not in pattern:
                    pattern += f"(?P<{part}>.+?)"
                else:
                    pattern += ".+?"
            patterns[name] = re.compile(pattern, re.DOTALL)
    return patterns


def classified(parse: dict[str, Any]) -> dict[str, Any]:
    """The intent the classifier itself leaned to: the parse's intent, or, where the
    fallback replaced it, the best of the ranking before the fallback."""
    intent = parse.get("intent") or {}
    if intent.get("name") != FALLBACK:
        return intent
    ranking = [i for i in parse.get("intent_ranking") or [] if isinstance(i, dict)]
    return next((i for i in ranking if i.get("name") != FALLBACK), intent)


def turns_of(
    sender_id: str,
    events: list[dict[str, Any]],
    patterns: dict[str, re.Pattern],
    redact: bool = False,
) -> list[Turn]:
    """The conversation's user messages, each with the kind of reply it got."""
    turns: list[Turn] = []
    replies: list[list[dict[str, Any]]] = []
    sender = hashed(sender_id)
    for event in events:
        if event.get("event") == "user":
            intent = classified(event.get("parse_data") or {})
            text = event.get("text") or ""
            turns.append(
                Turn(
                    sender,
                    float(event.get("timestamp") or 0),
                    redacted(text) if redact else text,
                    intent.get("name"),
                    float(intent.get("confidence") or 0.0),
                )
            )
            replies.append([])
        elif event.get("event") == "bot" and replies:
            replies[-1].append(event)
    for turn, messages in zip(turns, replies, strict=True):
        turn.kind, turn.uncovered = kind_of(messages, patterns)
    for number in range(1, len(turns)):
        before, turn = turns[number - 1], turns[number]
        if before.kind == DID_YOU_MEAN and turn.text.startswith("/"):
            before.clicked = titles_of(replies[number - 1]).get(turn.text, turn.text)
        turn.lost_thread = turn.kind == DECLINE and before.kind == ANSWER
    return turns


def kind_of(
    messages: list[dict[str, Any]], patterns: dict[str, re.Pattern]
) -> tuple[str, list[str]]:
    """The kind of a reply, and what it says the document doesn't cover."""
    names = [(m.get("metadata") or {}).get("utter_action") for m in messages]
    uncovered = []
    for name, message in zip(names, messages, strict=True):
        match = patterns.get(name) and patterns[name].match(message.get("text") or "")
        if match:
            named = next((v for k, v in match.groupdict().items() if v), None)
            if named:
                uncovered.append(named.strip(' "'))
    for kind in (DECLINE, DID_YOU_MEAN, NOT_COVERED):
        if any(name in RESPONSES[kind] for name in names):
            return kind, uncovered
    return ANSWER, uncovered


def titles_of(messages: list[dict[str, Any]]) -> dict[str, str]:
    """Button payload -> title, in a reply's messages."""
    return {
        button.get("payload"): button.get("title")
        for message in messages
        for button in ((message.get("data") or {}).get("buttons") or [])
        if button.get("payload")
    }
