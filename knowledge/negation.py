"""What a course request doesn't want: "not on Udemy", "anything but Python", "I don't
want a paid course".

The NLU finds the preference values ("udemy", "paid") and Rasa fills the slots with
them; here the words just before each value decide whether the user wants it or
rules it out. The course search, its refinements and the follow-ups all read a
message's preferences through `read_preferences`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Words that rule out the value after them.
CUE = re.compile(
    r"\b(?:not|no|nor|never|without|nothing|none|avoid(?:ing)?|skip|excluding|besides"
    r"|except(?:\s+for)?|other\s+than|apart\s+from|instead\s+of"
    r"|(?:anything|everything|any|all)\s+but"
    r"|dont|doesnt|isnt|arent|wont|cant)\b|n't\b|n’t\b",
    re.IGNORECASE,
)
# What ends the reach of a cue: punctuation or a new clause ("no Udemy, but Python").
CLAUSE_BREAK = re.compile(r"[,;.!?]|\b(?:but|and|or|though|although|however|yet)\b", re.I)
# What joins the values of one list: "Udemy, Coursera or edX".
LIST_JOINER = re.compile(r"\s*(?:,|/|,?\s*(?:or|and|nor)\b)?\s*", re.IGNORECASE)
# At most this many words between a cue and the value it rules out ("I don't want a
# paid course": "want a").
MAX_GAP_WORDS = 5


def is_negated(text: str, start: int) -> bool:
    """Whether the value found at `start` of `text` is ruled out by the words before it."""
    before = text[:start]
    cues = list(CUE.finditer(before))
    if not cues:
        return False
    gap = before[cues[-1].end() :]
    return not CLAUSE_BREAK.search(gap) and len(gap.split()) <= MAX_GAP_WORDS


@dataclass(frozen=True)
class Preferences:
    """A message's course preferences: the values wanted, and those ruled out."""

    wanted: dict[str, str]
    ruled_out: frozenset[tuple[str, str]]


def read_preferences(
    text: str, entities: Iterable[Mapping], values: Mapping[str, Iterable[str]]
) -> Preferences:
    """The preferences of a message from the entities the NLU found in it.

    `values` gives each preference's possible values (the catalogue's). A ruled-out
    value of a preference with two values means the other one ("nothing paid" is
    free); of any other preference it is ruled out ("not on Udemy")."""
    wanted: dict[str, str] = {}
    ruled_out: set[tuple[str, str]] = set()
    # A value listed right after a ruled-out one is ruled out too ("not Udemy or
    # Coursera"): the end of the previous value, if it was ruled out.
    negated_until = None
    for entity in sorted(entities, key=lambda e: int(e.get("start") or 0)):
        preference, value = entity.get("entity"), entity.get("value")
        if preference not in values or not isinstance(value, str):
            continue
        known = list(values[preference])
        if value not in known:
            continue
        start = int(entity.get("start") or 0)
        listed = negated_until is not None and LIST_JOINER.fullmatch(text[negated_until:start])
        negated = bool(listed) or is_negated(text, start)
        negated_until = int(entity.get("end") or start) if negated else None
        if not negated:
            wanted[preference] = value
        elif len(known) == 2:
            wanted[preference] = next(other for other in known if other != value)
        elif len(known) > 2:
            ruled_out.add((preference, value))
    return Preferences(wanted, frozenset(ruled_out))
