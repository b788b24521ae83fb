"""Multi-turn conversations over REST: preferences, the course search, follow-ups. Each
runs on every conversation store at once (SQLite as shipped, Rasa's in-memory store,
PostgreSQL with Redis locks), and every reply must be the same on all of them."""

import re
import uuid
from pathlib import Path

import pytest
import requests
import yaml

from harness.judge import reply_text
from harness.servers import ROOT, missing_services
from tests.e2e.support import post_message

CONVERSATIONS = yaml.safe_load(Path(__file__).with_name("conversations.yml").read_text())[
    "conversations"
]


def test_the_conversations_are_real_conversations():
    assert len(CONVERSATIONS) >= 10
    assert all(len(conversation["turns"]) >= 3 for conversation in CONVERSATIONS)


def test_every_store_takes_part(store_urls):
    if "running" in store_urls:
        pytest.skip("E2E_URL names a running assistant: its store is the only one")
    assert {"sqlite", "memory"} <= set(store_urls)
    if missing := missing_services():
        pytest.skip(f"{' and '.join(missing)} not reachable: PostgreSQL store not compared")
    assert "postgresql" in store_urls


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(conversation, store_urls):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    for number, turn in enumerate(conversation["turns"], start=1):
        replies = {
            store: post_message(url, sender, turn["user"]) for store, url in store_urls.items()
        }
        first_store, first = next(iter(replies.items()))
        for store, reply in replies.items():
            assert reply == first, (
                f"turn {number} ({turn['user']!r}): {store} replied differently from "
                f"{first_store}:\n{reply}\n{first}"
            )
        text = reply_text(first)
        missing = [part for part in turn.get("expect", []) if part.lower() not in text.lower()]
        assert not missing, f"turn {number} ({turn['user']!r}) lacks {missing}: {text[:300]!r}"
        unwanted = [part for part in turn.get("reject", []) if part.lower() in text.lower()]
        assert not unwanted, f"turn {number} ({turn['user']!r}) says {unwanted}: {text[:300]!r}"
        repeated = [part for part in turn.get("once", []) if text.count(part) != 1]
        assert not repeated, f"turn {number} ({turn['user']!r}) has {repeated} not once: {text!r}"


def readme_example() -> list[tuple[str, str, list[str]]]:
    """The README's course conversation as (user text, the bot's first line, the
    buttons it shows)."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Finding a course") :]
    block = section[section.index("```\n") + 4 : section.index("\n```", section.index("```\n") + 4)]
    turns = []
    for part in re.split(r"^You: ", block, flags=re.MULTILINE)[1:]:
        user, bot = part.split("\nBot: ", 1)
        lines = [line.strip() for line in bot.splitlines()]
        buttons = [
            title
            for line in lines
            if line.startswith("[")
            for title in re.findall(r"\[([^\]]+)\]", line)
        ]
        turns.append((user.strip(), lines[0], buttons))
    return turns


def test_the_readme_course_example_is_what_the_assistant_says(assistant_url):
    turns = readme_example()
    assert len(turns) >= 3
    sender = f"e2e-readme-{uuid.uuid4().hex[:8]}"
    for user, first_line, buttons in turns:
        reply = post_message(assistant_url, sender, user)
        assert reply_text(reply).startswith(first_line), (user, reply_text(reply)[:200])
        titles = [button["title"] for message in reply for button in message.get("buttons", [])]
        assert [title for title in titles if title in buttons] == buttons, (user, titles)


def calls_the_action_server(name: str) -> bool:
    """A custom action, or a form (which calls its validation action there)."""
    from rasa.shared.core.constants import DEFAULT_ACTION_NAMES

    return not name.startswith("utter_") and name not in DEFAULT_ACTION_NAMES


def test_each_turn_of_a_course_search_calls_the_action_server_once(store_urls):
    """A request, the answer to the level question, a refinement, a question about
    the course and one about the catalogue: one call each."""
    if "memory" not in store_urls:
        pytest.skip("the in-memory server runs only beside a server this session started")
    url, sender = store_urls["memory"], f"calls-{uuid.uuid4().hex[:8]}"
    turns = ["recommend a course", "beginner", "not on udemy", "is it free?", "which is best?"]
    for turn in turns:
        assert reply_text(post_message(url, sender, turn))
    events = requests.get(f"{url}/conversations/{sender}/tracker", timeout=30).json()["events"]
    calls = []
    for event in events:
        if event["event"] == "user":
            calls.append(0)
        elif event["event"] == "action" and calls_the_action_server(event["name"]):
            calls[-1] += 1
    assert calls == [1] * len(turns), calls
