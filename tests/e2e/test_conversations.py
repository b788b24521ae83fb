"""Multi-turn conversations over REST: preferences, the course form, follow-ups."""

from pathlib import Path

import pytest
import yaml

from tests.replies import reply_text

CONVERSATIONS = yaml.safe_load(Path(__file__).with_name("conversations.yml").read_text())[
    "conversations"
]


def test_the_conversations_are_real_conversations():
    assert len(CONVERSATIONS) >= 10
    assert all(len(conversation["turns"]) >= 3 for conversation in CONVERSATIONS)


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(conversation, ask):
    for number, turn in enumerate(conversation["turns"], start=1):
        text = reply_text(ask(turn["user"]))
        missing = [part for part in turn["expect"] if part.lower() not in text.lower()]
        assert not missing, f"turn {number} ({turn['user']!r}) lacks {missing}: {text[:300]!r}"
        unwanted = [part for part in turn.get("reject", []) if part.lower() in text.lower()]
        assert not unwanted, f"turn {number} ({turn['user']!r}) says {unwanted}: {text[:300]!r}"
