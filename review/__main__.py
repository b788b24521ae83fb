"""The conversation review's command line: `python -m review --help`."""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml

from review.accept import ACCEPTED, accept
from review.groups import group_by_meaning, unanswered
from review.report import Review, markdown, plot
from review.store import open_store, read_all
from review.turns import turns_of, uncovered_patterns

ROOT = Path(__file__).resolve().parent.parent
PERIOD = re.compile(r"^(\d+)([mhd])$")
SECONDS = {"m": 60, "h": 3600, "d": 86400}


def since(period: str, now: float) -> float:
    """The Unix time `period` ("7d", "12h", "30m", or "all") before `now`."""
    if period == "all":
        return 0.0
    match = PERIOD.match(period)
    if not match:
        raise argparse.ArgumentTypeError(f"'{period}' is no period: say 7d, 12h, 30m or all")
    return now - int(match.group(1)) * SECONDS[match.group(2)]


def fallback_threshold(config: Path) -> float:
    """The FallbackClassifier's threshold in config.yml: messages below it count as
    not understood."""
    for component in yaml.safe_load(config.read_text()).get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def chosen_groups(value: str) -> dict[int, str | None]:
    """ "1=ask_cnn,3" -> {1: "ask_cnn", 3: None}."""
    chosen: dict[int, str | None] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        number, _, intent = item.partition("=")
        if not number.isdigit():
            raise argparse.ArgumentTypeError(f"'{item}' is no group: say 2 or 2=intent_name")
        chosen[int(number)] = intent or None
    return chosen


def main(argv: list[str] | None = None) -> Review:
    parser = argparse.ArgumentParser(prog="python -m review", description=__doc__)
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--since", default="7d", help="7d, 12h, 30m or all (default 7d)")
    parser.add_argument("--senders", default="", help="only sender ids with this prefix")
    parser.add_argument("--redact", action="store_true", help="hide e-mails and phone numbers")
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    parser.add_argument(
        "--accept",
        type=chosen_groups,
        help=f"write these groups ('1=ask_cnn,3') as training examples to {ACCEPTED.name}",
    )
    parser.add_argument("--accepted-file", type=Path, default=ACCEPTED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        start = since(args.since, time.time())
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))

    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(ROOT / "domain.yml"))
    found = read_all(open_store(args.endpoints, domain), start, args.senders)
    patterns = uncovered_patterns(domain.responses)
    turns = [
        turn
        for conversation in found.conversations
        for turn in turns_of(conversation.sender_id, conversation.events, patterns, args.redact)
    ]
    to_group = unanswered(turns, fallback_threshold(ROOT / "config.yml"))
    groups = []
    if to_group:
        from knowledge.encoder import shared_encoder

        groups = group_by_meaning(to_group, shared_encoder().encode)
    period = "all conversations" if args.since == "all" else f"the last {args.since}"
    review = Review(period, len(found.conversations), turns, groups, found.skipped_events)
    args.out.mkdir(parents=True, exist_ok=True)
    plotted = plot(review, args.out / "review.png")
    (args.out / "review.md").write_text(markdown(review, "review.png" if plotted else None))
    print(
        f"{len(turns)} messages in {len(found.conversations)} conversations ({period}); "
        f"{len(groups)} groups; wrote {args.out / 'review.md'}"
    )
    if args.accept:
        added = accept(groups, args.accept, args.accepted_file)
        print(
            f"{added} new training examples in {args.accepted_file}: check them, then `make train`"
        )
    return review


if __name__ == "__main__":
    main()
