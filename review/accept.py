"""Writing reviewed groups as training examples, for a maintainer to check."""

from __future__ import annotations

from pathlib import Path

import yaml

from review.groups import Group

ACCEPTED = Path(__file__).resolve().parent.parent / "data" / "nlu" / "review_accepted.yml"
HEADER = (
    'version: "3.1"\n\n'
    "# Messages from conversation review (make review-accept), as training examples.\n"
    "# Check every line before you commit: nothing here is trained until `make train`.\n"
)


def known_examples(folder: Path) -> set[str]:
    """Every example text of the training data, lower case."""
    known = set()
    for path in sorted(folder.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    known.add(line[2:].strip().lower())
    return known


def accept(groups: list[Group], chosen: dict[int, str | None], path: Path = ACCEPTED) -> int:
    """Adds the examples of the chosen groups (number, from 1 -> intent, or None for the
    one the classifier leaned to) to `path`; returns how many were new."""
    current = yaml.safe_load(path.read_text()) if path.exists() else None
    blocks: dict[str, list[str]] = {}
    for block in (current or {}).get("nlu", []):
        blocks[block["intent"]] = [
            line.strip()[2:] for line in block["examples"].splitlines() if line.strip()
        ]
    known = known_examples(path.parent)
    added = 0
    for number, intent in sorted(chosen.items()):
        if not 1 <= number <= len(groups):
            raise SystemExit(f"There is no group {number}: the report lists {len(groups)}")
        group = groups[number - 1]
        intent = intent or group.leaned_to
        for text in sorted({turn.text for turn in group.turns}):
            if text.lower() not in known:
                blocks.setdefault(intent, []).append(text)
                known.add(text.lower())
                added += 1
    body = "".join(
        f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {t}\n" for t in texts)
        for intent, texts in sorted(blocks.items())
    )
    path.write_text(HEADER + "nlu:\n" + body)
    return added
