"""Judges the assistant's replies: does a reply state the facts its question needs?

Shared by the REST end-to-end test and the benchmark. A question is a mapping with
`text` and `topic` (an intent name, `examples`, `example:<field>`, `courses` or
`course:<number>`); course questions may add `level`, `topic_value` or `provider`;
`ask_dl_term` questions name the idea in `term` (any of a list); a message with two
questions lists them as `parts`, each a question of its own.
"""

import json
import re

import requests
import yaml

from harness import ROOT
from harness.servers import ask
from harness.topics import ASKED_BY, facts_for, parse_topic
from knowledge.buttons import payload
from knowledge.catalogues import load_course_catalogue

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
CATALOGUE = load_course_catalogue()
DECLINES = {
    DOMAIN["responses"][name][0]["text"]
    for name in ("utter_out_of_scope", "utter_default", "utter_term_unknown")
}
# The decline that tells a message it is outside deep learning.
OUT_OF_SCOPE = DOMAIN["responses"]["utter_out_of_scope"][0]["text"]
# "Did you mean" with the likeliest questions as buttons: no facts, no bare decline.
SUGGESTION = DOMAIN["responses"]["utter_did_you_mean"][0]["text"]


def reply_text(messages) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def expected_answer(question) -> str:
    topic = question["topic"]
    kind, value = parse_topic(topic)
    if kind in ASKED_BY:
        return topic
    return f"utter_{topic}"


def listed_courses(text: str) -> list:
    """The catalogue's courses that `text` names."""
    return [course for course in CATALOGUE.courses if course.name in text]


# Whether a course has a preference's value, for the `exclude` of a held-out message.
HAS_VALUE = {
    "provider": lambda course, value: value in (course.provider, course.organisation),
    "topic": lambda course, value: value in course.topics,
    "price": lambda course, value: course.price == value,
    "level": lambda course, value: course.level == value,
}


def excluded_problem(question, text: str) -> str | None:
    """A course the user said they don't want, listed all the same."""
    unwanted = [
        course.name
        for course in listed_courses(text)
        for preference, value in question["exclude"].items()
        if HAS_VALUE[preference](course, value)
    ]
    if not listed_courses(text):
        return "no course listed"
    return f"lists unwanted {sorted(set(unwanted))}" if unwanted else None


def course_problem(question, text: str) -> str | None:
    if "course" not in text.lower():
        return "no course in the reply"
    if "exclude" in question:
        return excluded_problem(question, text)
    if "level" in question and question["level"] not in text.lower():
        return f"level {question['level']} not in the reply"
    if "topic_value" in question:
        names = [c.name for c in CATALOGUE.courses if question["topic_value"] in c.topics]
        if not any(name in text for name in names):
            return f"none of {names} in the reply"
    if "provider" in question:
        label = CATALOGUE.label("provider", question["provider"])
        if label not in text:
            return f"{label} not in the reply"
    return None


HELP = DOMAIN["responses"]["utter_help"][0]["text"]


def filled_in(text: str, response: str) -> bool:
    """Whether `text` is the domain's `response` with its values filled in."""
    template = DOMAIN["responses"][response][0]["text"]
    pattern = ".+?".join(re.escape(part) for part in re.split(r"\{[^{}\n]+\}", template))
    return re.fullmatch(pattern, text, re.DOTALL) is not None


def is_declined(text: str) -> bool:
    """A polite decline: says it can't answer that and what it can help with."""
    return text in DECLINES or filled_in(text, "utter_course_subject_unknown")


def is_suggestion(text: str) -> bool:
    return text == SUGGESTION


def answers_nothing_off_topic(text: str) -> bool:
    """The right reply to an off-topic question: a decline, the list of topics, or
    "did you mean" buttons; no deep-learning facts."""
    return is_declined(text) or text == HELP or is_suggestion(text)


def term_problem(question, text: str) -> str | None:
    """A question about an idea no section explains: the reply names the idea and
    says what the document does with it (a course, an answer, or that it doesn't
    cover it)."""
    lowered = text.lower()
    if is_declined(text) or is_suggestion(text):
        return "declined instead of saying what the document covers"
    if not any(term.lower() in lowered for term in question["term"]):
        return f"none of {question['term']} named in the reply"
    if "document" not in lowered:
        return "does not say what the document covers"
    return None


def problem_with(question, messages) -> str | None:
    """Why the reply to `question` is wrong, or None when it is right."""
    if not messages:
        return "no reply"
    text = reply_text(messages)
    topic = question["topic"]
    if "parts" in question:
        problems = [problem_with(part, messages) for part in question["parts"]]
        found = [
            f"{part['topic']}: {p}"
            for part, p in zip(question["parts"], problems, strict=True)
            if p
        ]
        return "; ".join(found) or None
    if topic == "ask_dl_term":
        return term_problem(question, text)
    if topic == "out_of_scope":
        return None if answers_nothing_off_topic(text) else "answered instead of declining"
    if is_declined(text) and topic != "out_of_scope":
        return "declined"
    if topic == "courses":
        return course_problem(question, text) or expectation_problem(question, text)
    if "expect" in question:
        return expectation_problem(question, text)
    facts = facts_for(expected_answer(question))
    if facts:
        missing = [fact for fact in facts if fact.lower() not in text.lower()]
        return f"lacks {missing}" if missing else None
    variations = {v.get("text") for v in DOMAIN["responses"].get(expected_answer(question), [])}
    return None if text in variations else f"expected {expected_answer(question)}"


# --- Replies in the thread of a conversation (bench/threads.yml) ---------------------

# A reply that says the document lacks something: "The document doesn't go into ...",
# "... only in passing", "doesn't say why ...".
SAYS_NOT_COVERED = re.compile(
    r"\b(?:doesn't|does not|don't|do not|isn't|is not|never)\b|only in passing|not cover",
    re.IGNORECASE,
)
# Shorter messages ("Anything else?") may come again; a paragraph may not.
PARAGRAPH_CHARS = 80


def has(entry: str, text: str) -> bool:
    """Whether `text` holds one of the alternatives of `entry` ("a|b"), ignoring case."""
    return any(part.lower() in text.lower() for part in entry.split("|"))


def repeated_paragraph(messages, before) -> str | None:
    """A paragraph of `messages` that the reply `before` already sent, if any."""
    said = {m.get("text") for m in before if len(m.get("text") or "") >= PARAGRAPH_CHARS}
    return next((m["text"] for m in messages if m.get("text") in said), None)


def expectation_problem(case, text: str) -> str | None:
    """What `text` lacks of `case`'s `expect` entries or has of its `reject` ones."""
    missing = [entry for entry in case.get("expect", []) if not has(entry, text)]
    unwanted = [entry for entry in case.get("reject", []) if has(entry, text)]
    if missing:
        return f"lacks {missing}"
    if unwanted:
        return f"says {unwanted}"
    return None


def thread_problem(case, replies: list) -> str | None:
    """Why the last reply of a held-out conversation (`replies`, one list of bot
    messages per turn) is wrong, or None when it is right."""
    messages = replies[-1]
    if not messages:
        return "no reply"
    text = reply_text(messages)
    if case.get("declined"):
        return None if answers_nothing_off_topic(text) else "answered an off-topic message"
    if is_declined(text) or is_suggestion(text):
        return "declined"
    if len(replies) > 1 and repeated_paragraph(messages, replies[-2]):
        return "sent the paragraph of the reply before again"
    if case.get("honest") and not SAYS_NOT_COVERED.search(text):
        return "does not say what the document lacks"
    return expectation_problem(case, text)


def detail_problem(item, messages) -> str | None:
    """A question about a detail of a covered topic: the reply names the detail as not
    covered, then says what the document does say about the topic."""
    text = reply_text(messages)
    if not messages:
        return "no reply"
    if is_declined(text) or is_suggestion(text):
        return "declined"
    if not SAYS_NOT_COVERED.search(text):
        return "answers as if the topic's answer were the answer"
    if not has(item["detail"], text):
        return f"does not name the detail ({item['detail']})"
    if not has(item["topic"], text):
        return f"gives nothing of the topic ({item['topic']})"
    return None


def basics_problem(item, messages) -> str | None:
    """A neural-network basics question, answered from the document."""
    text = reply_text(messages)
    if not messages:
        return "no reply"
    if is_declined(text) or is_suggestion(text):
        return "declined"
    return expectation_problem(item, text)


# --- Offers -----------------------------------------------------------------------

# "Yes" with nothing on offer, and the polite close of a declined offer.
SMALL_TALK_YES = "Pick one of the options"
CLOSES = ("No problem", "Sure. What else")
WHICH_ONE = "Which one would you like?"
# Small talk whose reply depends on what the reply before it offered: "okie dokie"
# after "Want to hear about it?" takes the offer.
ANSWERS_TO_OFFERS = {"affirm", "acknowledge", "deny"}
# Steps whose reply depends on the thread: judged as given, not against a fresh ask.
IN_THREAD_STEPS = {"ask_more", "ask_for_example", "inform"}


def offer_left(url: str, sender: str) -> list[tuple[str, str]]:
    """What the last reply in `sender`'s conversation offered: (title, payload) of each
    step, read from the `offer` slot as that reply set it (actions/offers.py)."""
    events = requests.get(f"{url}/conversations/{sender}/tracker", timeout=30).json()["events"]
    value = None
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") == "offer":
            value = event.get("value")
            break
    steps = json.loads(value) if isinstance(value, str) and value else []
    return [(title, payload(intent, **entities)) for title, intent, entities in steps]


def offer_problem(
    url: str, sender: str, answer: str, offered: list, messages: list[dict], text: str
) -> str | None:
    """What is wrong with the reply to "yes" or "no" after an offer, or None."""
    if answer == "decline":
        if not text.startswith(CLOSES):
            return "not a polite close"
        return None
    if text.startswith(SMALL_TALK_YES) or is_declined(text) or is_suggestion(text):
        return "not what was offered"
    if len(offered) > 1:
        payloads = [button["payload"] for button in messages[0].get("buttons") or []]
        if WHICH_ONE not in text or payloads != [step for _, step in offered]:
            return f"does not ask which of {[title for title, _ in offered]}"
        return None
    title, step = offered[0]
    if step.lstrip("/").split("{")[0] in IN_THREAD_STEPS:
        return None
    expected = reply_text(ask(url, sender, step))
    if text[:80] != expected[:80]:
        return f"not {title!r}"
    return None
