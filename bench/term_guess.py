"""Chooses how close a description must be for the assistant to name the idea.

A deep-learning question that names no idea of the glossary is compared with each
idea's plain-words descriptions (actions/catalogue/terms.yml, `describes`) by sentence
vectors (actions/terms.py, `TermGuesser`). This script scores the guesses on the
labelled training examples in bench/described_terms.yml at each similarity threshold,
with the costs bench/thresholds.py uses: no guess where one was due costs 1, a wrong
idea named 2 (a guess for a question the glossary has no idea for is wrong too).

    .venv/bin/python bench/term_guess.py
"""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THRESHOLDS = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def main() -> None:
    from actions.terms import MIN_SIMILARITY, term_guesser

    examples = yaml.safe_load((ROOT / "bench" / "described_terms.yml").read_text())["examples"]
    guesser = term_guesser()
    ranked = [(item, guesser.scores(item["text"])[0]) for item in examples]
    print(f"{len(examples)} labelled training examples; shipped threshold {MIN_SIMILARITY}\n")
    print("| Threshold | Right | Wrong | No guess | Cost |")
    print("|---|---|---|---|---|")
    costs = {}
    for threshold in THRESHOLDS:
        right = wrong = unsure = 0
        for item, (term, score) in ranked:
            if score < threshold:
                unsure += item["idea"] is not None
            elif term.key == item["idea"]:
                right += 1
            else:
                wrong += 1
        costs[threshold] = unsure + 2 * wrong
        print(f"| {threshold:.2f} | {right} | {wrong} | {unsure} | {costs[threshold]} |")
    best = min(costs, key=lambda t: (costs[t], -t))
    print(f"\nLeast cost: {best:.2f} (the higher threshold wins a tie)")
    print("\nGuesses at that threshold:")
    for item, (term, score) in ranked:
        if score >= best:
            mark = "right" if term.key == item["idea"] else "WRONG"
            print(f"  {score:.2f} {term.key:22} {mark:5}  {item['text']}")


if __name__ == "__main__":
    main()
