"""The review's report (Markdown) and its plot."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from review.groups import Group
from review.turns import ANSWER, DECLINE, DID_YOU_MEAN, KINDS, NOT_COVERED, Turn

EXAMPLES_SHOWN = 3
MAX_ROWS = 20  # follow-ups listed that lost the thread
COLOURS = {ANSWER: "#4c9f70", DID_YOU_MEAN: "#e0a33a", NOT_COVERED: "#5b8fd6", DECLINE: "#d0504a"}


@dataclass
class Review:
    """What the report says, computed from the turns of a period."""

    period: str
    conversations: int
    turns: list[Turn]
    groups: list[Group]
    skipped_events: int

    def by_day(self) -> dict[str, Counter]:
        days: dict[str, Counter] = {}
        for turn in self.turns:
            days.setdefault(turn.day, Counter())[turn.kind] += 1
        return dict(sorted(days.items()))

    def uncovered(self) -> Counter:
        return Counter(idea.lower() for turn in self.turns for idea in turn.uncovered)

    def lost_thread(self) -> list[Turn]:
        return [turn for turn in self.turns if turn.lost_thread]


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


MAX_SHOWN = 120  # characters of a message shown


def cell(text: str) -> str:
    """A message as a line of Markdown: one line, shortened, "(empty)" when empty."""
    text = " ".join(text.split()).replace("|", "\\|")
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return text or "(empty)"


def messages(count: int) -> str:
    return f"{count} message{'s' if count != 1 else ''}"


def markdown(review: Review, plot: str | None) -> str:
    if not review.turns:
        return (
            "# Conversation review\n\n"
            f"No conversations in this period ({review.period}).\n" + skipped_line(review)
        )
    kinds = Counter(turn.kind for turn in review.turns)
    total = len(review.turns)
    lines = [
        "# Conversation review",
        "",
        f"{review.period}: {review.conversations} conversations, {total} messages. "
        + ", ".join(f"{kind} {kinds[kind]} ({share(kinds[kind], total)})" for kind in KINDS)
        + ".",
        "",
    ]
    if plot:
        lines += [f"![Messages per day and the replies they got]({plot})", ""]
    lines += ["## Per day", "", "| Day | Messages | " + " | ".join(KINDS) + " |"]
    lines += ["|---|---|" + "---|" * len(KINDS)]
    for day, counts in review.by_day().items():
        day_total = sum(counts.values())
        shares = " | ".join(share(counts[kind], day_total) for kind in KINDS)
        lines.append(f"| {day} | {day_total} | {shares} |")
    lines += ["", "## What the assistant could not answer, by meaning", ""]
    lines += [
        'Messages that got a decline or a "did you mean", or that the classifier was '
        "less sure of than its fallback threshold, grouped by the meaning of their "
        "sentence vectors; the largest group first. `make review-accept GROUPS=1=intent` "
        "writes a group as training examples.",
        "",
    ]
    if not review.groups:
        lines.append("None.")
    for number, group in enumerate(review.groups, 1):
        kinds_seen = ", ".join(f"{kind} {count}" for kind, count in group.kinds.most_common())
        lines.append(
            f"{number}. **{messages(group.size)}** (classifier leaned to `{group.leaned_to}`; "
            f"replies: {kinds_seen})"
        )
        for example in group.examples[:EXAMPLES_SHOWN]:
            lines.append(f'   - "{cell(example)}"')
        if group.clicked:
            clicked = ", ".join(f"{title} {count}" for title, count in group.clicked.most_common())
            lines.append(f'   - after "did you mean": {clicked}')
    lines += ["", "## Ideas the document doesn't cover", ""]
    uncovered = review.uncovered()
    if uncovered:
        lines += [
            "What people asked about that the document doesn't cover: candidates for "
            "the glossary (knowledge/data/glossary.yml) or the document.",
            "",
        ]
        lines += ["| Idea | Times asked |", "|---|---|"]
        lines += [f"| {cell(idea)} | {count} |" for idea, count in uncovered.most_common()]
    else:
        lines.append("None.")
    lines += ["", "## Follow-ups that lost the thread", ""]
    lost = review.lost_thread()
    if lost:
        lines += ["A decline right after an answer.", "", "| Conversation | Message |", "|---|---|"]
        lines += [f"| {turn.sender} | {cell(turn.text)} |" for turn in lost[:MAX_ROWS]]
        if len(lost) > MAX_ROWS:
            lines += ["", f"And {len(lost) - MAX_ROWS} more."]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n" + skipped_line(review)


def skipped_line(review: Review) -> str:
    if not review.skipped_events:
        return ""
    return f"\n{review.skipped_events} malformed events in the store were skipped.\n"


def plot(review: Review, path: Path) -> bool:
    """Messages per day, and the share of each kind of reply per day; False with no
    messages."""
    days = review.by_day()
    if not days:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(days)
    places = list(range(len(names)))
    totals = [sum(days[day].values()) for day in names]
    figure, (counts, shares) = plt.subplots(1, 2, figsize=(9, 3.6), dpi=110)
    counts.bar(places, totals, width=0.6, color="#777777")
    counts.set_title("Messages per day")
    bottom = [0.0] * len(names)
    for kind in KINDS:
        part = [100 * days[day][kind] / total for day, total in zip(names, totals, strict=True)]
        shares.bar(places, part, width=0.6, bottom=bottom, label=kind, color=COLOURS[kind])
        bottom = [b + p for b, p in zip(bottom, part, strict=True)]
    shares.set_title("The replies they got (% of the day's messages)")
    shares.set_ylim(0, 100)
    for axes in (counts, shares):
        axes.set_xticks(places, names, rotation=45, ha="right", fontsize="small")
        axes.set_xlim(-0.8, len(names) - 0.2)
    figure.legend(loc="lower center", ncol=len(KINDS), fontsize="small", frameon=False)
    figure.tight_layout(rect=(0, 0.08, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return True
