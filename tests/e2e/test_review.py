"""Conversation review on a store seeded through the REST webhook, on SQLite and on
PostgreSQL (review/)."""

import uuid

import pytest

from review.__main__ import main
from review.turns import DECLINE, NOT_COVERED
from tests.e2e.support import post_message

CONVERSATIONS = [
    ["what is a cnn", "how do i bake sourdough bread"],
    ["hi", "what is backpropagation?", "any good recipe for sourdough bread?"],
    ["what is a cnn", "what's the weather like in paris tomorrow"],
]


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_a_seeded_store_gives_the_expected_groups_and_counts(
    store, store_urls, store_endpoints, tmp_path, monkeypatch
):
    if store not in store_endpoints:
        pytest.skip(f"{store} is not running (PostgreSQL and Redis down)")
    prefix = f"review-{uuid.uuid4().hex[:8]}-"
    for number, conversation in enumerate(CONVERSATIONS):
        for text in conversation:
            post_message(store_urls[store], f"{prefix}{number}", text)
    endpoints, env = store_endpoints[store]
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    review = main(
        [
            "--endpoints",
            str(endpoints),
            "--since",
            "1h",
            "--senders",
            prefix,
            "--out",
            str(tmp_path),
        ]
    )

    assert review.conversations == 3 and len(review.turns) == 7
    kinds = [turn.kind for turn in review.turns]
    assert kinds.count(DECLINE) == 3 and kinds.count(NOT_COVERED) == 1
    assert review.uncovered() == {"backpropagation": 1}
    bread = [group for group in review.groups if "sourdough" in group.examples[0]]
    assert [group.size for group in bread] == [2], [g.examples for g in review.groups]
    assert review.groups[0] is bread[0]
    lost = {turn.text for turn in review.lost_thread()}
    assert lost == {"how do i bake sourdough bread", "what's the weather like in paris tomorrow"}
    report = (tmp_path / "review.md").read_text()
    assert "3 conversations, 7 messages" in report and prefix not in report
    assert (tmp_path / "review.png").stat().st_size > 1000


def test_a_period_without_conversations_says_so(store_endpoints, tmp_path):
    endpoints, _ = store_endpoints["sqlite"]
    review = main(
        ["--endpoints", str(endpoints), "--senders", "nobody-ever-", "--out", str(tmp_path)]
    )
    assert review.turns == []
    assert "No conversations in this period" in (tmp_path / "review.md").read_text()
