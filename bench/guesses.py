"""Chooses how close a description must be for the assistant to guess what a message
means when it names nothing the catalogues know.

Two guesses use sentence vectors (knowledge/descriptions.py, `ClosestDescription`):
- a deep-learning question that names no idea of the glossary is compared with each
  idea's plain-words descriptions (knowledge/data/glossary.yml, `describes`;
  `IDEA_MIN_SIMILARITY`);
- a request for examples that names no field is compared with each example's title
  and answer (knowledge/data/examples.yml; `EXAMPLE_MIN_SIMILARITY`).

For each, this script scores the guesses on labelled training examples
(bench/described_terms.yml, bench/described_examples.yml) at each threshold, with
the costs bench/thresholds.py uses: no guess where one was due costs 1, a wrong
guess 2 (a guess for a message that describes nothing is wrong too).

    .venv/bin/python -m bench.guesses
"""

import yaml

from harness import ROOT

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def choose(name, guesser, labelled, shipped: float, declines: str | None = None) -> None:
    """Scores `guesser` on (text, label) pairs; a guess of `declines` is no guess."""
    ranked = []
    for text, label in labelled:
        key, score = guesser.scores(text)[0]
        ranked.append((text, label, (key, -1.0 if key == declines else score)))
    print(f"## {name}\n\n{len(labelled)} labelled training examples; shipped threshold {shipped}\n")
    print("| Threshold | Right | Wrong | No guess | Cost |")
    print("|---|---|---|---|---|")
    costs = {}
    for threshold in THRESHOLDS:
        right = wrong = unsure = 0
        for _, label, (key, score) in ranked:
            if score < threshold:
                unsure += label is not None
            elif key == label:
                right += 1
            else:
                wrong += 1
        costs[threshold] = unsure + 2 * wrong
        print(f"| {threshold:.2f} | {right} | {wrong} | {unsure} | {costs[threshold]} |")
    best = min(costs, key=lambda t: (costs[t], -t))
    print(f"\nLeast cost: {best:.2f} (the higher threshold wins a tie)\n")
    print("Guesses at that threshold:\n")
    for text, label, (key, score) in ranked:
        if score >= best:
            mark = "right" if key == label else "WRONG"
            print(f"    {score:.2f} {key:22} {mark:5}  {text}")
    print()


def labelled(file: str, field: str) -> list[tuple[str, str | None]]:
    items = yaml.safe_load((ROOT / "bench" / file).read_text())["examples"]
    return [(item["text"], item[field]) for item in items]


def choose_fact_thresholds(index, items) -> None:
    """Scores the facts' two thresholds (knowledge/facts.py) together on labelled
    follow-ups: no answer where one was due costs 1, a wrong answer 2."""
    from knowledge.facts import MIN_KIND_SIMILARITY, MIN_SIMILARITY

    print(
        f"## Follow-ups answered from a part's facts\n\n{len(items)} labelled follow-ups; "
        f"shipped thresholds {MIN_SIMILARITY} (any fact) and {MIN_KIND_SIMILARITY} "
        "(a fact of the question's kind)\n"
    )
    print("| Any fact | Fact of its kind | Right | Wrong | No answer | Cost |")
    print("|---|---|---|---|---|---|")
    costs = {}
    for general in THRESHOLDS:
        for kind in THRESHOLDS[:7]:
            index.min_similarity, index.min_kind = general, kind
            right = wrong = unsure = 0
            for item in items:
                found = index.answer(item["part"], item["text"])
                if found is None:
                    unsure += item["fact"] is not None
                elif item["fact"] and found.fact.says.startswith(item["fact"]):
                    right += 1
                else:
                    wrong += 1
            cost = costs[general, kind] = unsure + 2 * wrong
            print(f"| {general:.2f} | {kind:.2f} | {right} | {wrong} | {unsure} | {cost} |")
    best = min(costs, key=lambda pair: (costs[pair], -pair[0], -pair[1]))
    print(f"\nLeast cost: {best[0]:.2f} and {best[1]:.2f} (higher thresholds win a tie)\n")
    index.min_similarity, index.min_kind = MIN_SIMILARITY, MIN_KIND_SIMILARITY


def main() -> None:
    from knowledge import descriptions

    choose(
        "Ideas described without their name",
        descriptions.idea_guesser(),
        labelled("described_terms.yml", "idea"),
        descriptions.IDEA_MIN_SIMILARITY,
    )
    choose(
        "Example fields described without their name",
        descriptions.example_guesser(),
        labelled("described_examples.yml", "field"),
        descriptions.EXAMPLE_MIN_SIMILARITY,
        declines=descriptions.OVERVIEW,
    )
    from knowledge.facts import fact_index

    facts = yaml.safe_load((ROOT / "bench" / "described_facts.yml").read_text())["examples"]
    choose_fact_thresholds(fact_index(), facts)


if __name__ == "__main__":
    main()
