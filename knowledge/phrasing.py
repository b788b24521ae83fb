"""How a message is phrased, read without any model: the kind of question it asks
("how many?", "why?"), whether it is short or hardly more than its question word, and
whether it points back at what was just said ("is it free?", "where can I learn
that?"). The NLU's classifier and uncovered-idea detector and the actions all read a
message through these, so they agree on what a follow-up is."""

from __future__ import annotations

import re

# The kinds of question a short follow-up can be ("how many?", "why?"); `other` is
# everything else, questions answered yes or no included.
QUESTION_KINDS = (
    "how many",
    "how much",
    "how long",
    "how",
    "why",
    "when",
    "where",
    "who",
    "which",
    "what",
)
OTHER = "other"
# A message that points back at what was just said ("where can I learn it?", "is that
# one free?", "who made the crash course, and do I need to code for it?").
REFERS_BACK = re.compile(
    r"\b(?:it|its|it's|that|this|these|those|they|them|their|there|one|ones|both)\b",
    re.IGNORECASE,
)
# Questions that only a fact of their kind answers: "why?" is not answered by a
# number, nor "how many?" by a reason.
STRICT_KINDS = {"how many", "how much", "how long", "why", "when", "where", "who", "which"}
# A question of at most this many words is short ("which one is better?"), and of at
# most BARE_WORDS bare ("how many?", "why so many?").
SHORT_WORDS = 5
BARE_WORDS = 3
# The kinds of question, tried in order: the first that matches names the kind.
KINDS = (
    ("how many", r"\bhow many\b"),
    ("how much", r"\bhow much\b"),
    ("how long", r"\bhow long\b"),
    ("why", r"\bwhy\b|\bhow come\b"),
    ("how", r"\bhow\b"),
    ("when", r"\bwhen\b|\bwhat year\b"),
    ("where", r"\bwhere\b"),
    ("who", r"\bwho(?:m|se)?\b"),
    ("which", r"\bwhich\b"),
    ("what", r"\bwhat(?!\s+(?:about|if)\b)"),
)
# A question word counts where a question starts (after "so", "and", "ok"...) or ends
# ("and a normal network has how many?"), not inside a sentence ("is it state of the
# art when it comes to accuracy").
_LEAD = r"^(?:(?:so|and|ok|okay|but|hmm+|then|wait|well|um|right|oh|also|please|pls)[\s,]+)*(?:"
# "what's", "whats", "who's" ask as "what" and "who" do.
_TAIL = r")(?:'?s|'re)?(?:\W*$|\s)"
_KIND_PATTERNS = [
    (kind, re.compile(f"{_LEAD}{pattern}{_TAIL}|(?:{pattern})\\W*$", re.IGNORECASE))
    for kind, pattern in KINDS
]
_WORD = re.compile(r"[\w'-]+")


def question_kind(text: str) -> str:
    """ "how many", "why", ... for a question with that question word; "other" for the
    rest ("is that done by hand?", "what about snow?")."""
    return next((kind for kind, pattern in _KIND_PATTERNS if pattern.search(text)), OTHER)


def is_short(text: str) -> bool:
    return len(_WORD.findall(text)) <= SHORT_WORDS


def is_bare(text: str) -> bool:
    """A question that is hardly more than its question word ("how many?", "why so
    many?", "how?"): only its kind says what it asks."""
    return len(_WORD.findall(text)) <= BARE_WORDS


def refers_back(text: str) -> bool:
    """Whether `text` points back at something said before it."""
    return REFERS_BACK.search(text) is not None
