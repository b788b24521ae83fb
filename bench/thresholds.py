"""How the FallbackClassifier's threshold trades right answers against off-topic leaks.

The threshold is chosen on the training data, not on the held-out messages: the
intent classifier (addons/intent_classifier.py) is cross-validated in 5 folds, each
training example encoded once, and each threshold and ambiguity margin is applied to
the out-of-fold confidences. The pair whose replies cost the users least is
recommended: a "did you mean" where an answer was due costs 1, a wrong answer 2, an
off-topic message answered with deep-learning content 5. For
reference, the same thresholds are then applied to the trained model's confidences on
the held-out messages (bench/holdout.yml) and the REST test questions
(tests/e2e/questions.yml), with the off-topic messages that would get a deep-learning
answer and those closest to one.

    .venv/bin/python -m bench.thresholds [--thresholds 0.3 0.4 0.5] [--ambiguity 0 0.05]
"""

import argparse
import asyncio
import logging
import os

import yaml

from bench.scoring import parse_all, predicted_label, ranking
from harness import ROOT
from harness.quiet import quieten
from harness.servers import MODEL
from harness.topics import topic_intent

# Intents whose reply carries no deep-learning content: fine for an off-topic message.
HARMLESS = {
    "out_of_scope",
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "help",
    "stop",
    "acknowledge",
    "affirm",
    "deny",
}
FOLDS = 5
# What a reply costs the user, against a right answer at 0: "did you mean" on a message
# it should have understood (one click), a wrong answer (misled, then rephrase), and an
# off-topic message answered with deep-learning content (lost trust).
COST_UNSURE, COST_WRONG, COST_LEAK = 1, 2, 5


def labelled_messages() -> list[tuple[str, str, str]]:
    """(text, intent, source) for the held-out messages and the REST test questions."""
    holdout = yaml.safe_load((ROOT / "bench" / "holdout.yml").read_text())["messages"]
    questions = yaml.safe_load((ROOT / "tests" / "e2e" / "questions.yml").read_text())
    rows = [(m["text"], m["intent"], "holdout") for m in holdout]
    for question in questions["questions"]:
        rows.append((question["text"], topic_intent(question["topic"]), "REST test"))
    return rows


async def rankings(rows: list[tuple[str, str, str]]) -> list[tuple[str, float, float]]:
    """The top intent, its confidence and the runner-up's, before any fallback; two
    questions in one message are named by their intents joined with "+"."""
    result = []
    for parsed in await parse_all(MODEL, [text for text, _, _ in rows]):
        ranked = ranking(parsed)
        second = ranked[1]["confidence"] if len(ranked) > 1 else 0.0
        top = predicted_label(parsed) if parsed.get("questions") else ranked[0]["name"]
        result.append((top, ranked[0]["confidence"], second))
    return result


def cross_validated() -> tuple[list[str], list[tuple[str, float, float]]]:
    """The training intents and, for each example, the top intent with its confidence
    and the runner-up's from a classifier fitted on the other folds."""
    import numpy as np
    import yaml as _yaml
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.model_selection import StratifiedKFold

    from addons.intent_classifier import IntentModel, training_set
    from knowledge.encoder import shared_encoder

    config = _yaml.safe_load((ROOT / "config.yml").read_text())
    settings = next(c for c in config["pipeline"] if c["name"].endswith("SentenceIntentClassifier"))
    defaults = {"C": 50.0, "split_intent": "ask_several", "random_seed": 42}
    settings = {**defaults, **settings}
    texts, labels, lookups = training_set(
        load_data(str(ROOT / "data" / "nlu")), settings["split_intent"]
    )
    vectors = shared_encoder().encode(texts)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=settings["random_seed"])
    result: list[tuple[str, float, float]] = [("", 0.0, 0.0)] * len(texts)
    for train, test in folds.split(texts, labels):
        model = IntentModel.fit(
            [texts[i] for i in train],
            [labels[i] for i in train],
            lookups,
            settings["C"],
            settings["random_seed"],
            vectors[train],
        )
        rows = model.probabilities([texts[i] for i in test], vectors[test])
        for index, row in zip(test, rows, strict=True):
            first, second = np.sort(row)[::-1][:2]
            result[index] = (model.intents[int(row.argmax())], float(first), float(second))
    return labels, result


def apply(threshold: float, ambiguity: float, ranked, gold: list[str]) -> tuple[int, list, int]:
    """Right intents (a fallback is right only for off-topic), the off-topic leaks,
    and the cost of the replies (COST_* above)."""
    right, leaks, cost = 0, [], 0
    for index, (top, first, second) in enumerate(ranked):
        unsure = first < threshold or first - second < ambiguity
        predicted = "out_of_scope" if unsure else top
        right += predicted == gold[index]
        if gold[index] == "out_of_scope":
            if predicted not in HARMLESS:
                leaks.append(index)
                cost += COST_LEAK
        elif predicted != gold[index]:
            cost += COST_UNSURE if unsure else COST_WRONG
    return right, leaks, cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=[0.15, 0.2, 0.25, 0.3, 0.4, 0.5]
    )
    parser.add_argument("--ambiguity", type=float, nargs="+", default=[0.0, 0.05, 0.1, 0.15])
    args = parser.parse_args()
    quieten()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    os.chdir(ROOT)
    gold, folded = cross_validated()
    grid = [(t, a) for t in args.thresholds for a in args.ambiguity]
    print(f"Cross-validation on the training data ({FOLDS} folds, {len(gold)} examples):\n")
    print("| Threshold | Ambiguity | CV intent accuracy | Off-topic examples answered | Cost |")
    print("|---|---|---|---|---|")
    costs = {}
    for threshold, ambiguity in grid:
        right, leaks, cost = apply(threshold, ambiguity, folded, gold)
        costs[(threshold, ambiguity)] = cost
        print(
            f"| {threshold:.2f} | {ambiguity:.2f} | {right / len(gold):.3f} | {len(leaks)} "
            f"| {cost} |"
        )
    # The lowest cost; between equals, the more careful setting.
    best = min(grid, key=lambda pair: (costs[pair], -pair[0], -pair[1]))
    print(f"\nRecommended: threshold {best[0]:.2f}, ambiguity_threshold {best[1]:.2f}\n")

    rows = labelled_messages()
    ranked = asyncio.run(rankings(rows))
    print("On the trained model, for reference:\n")
    print("| Threshold | Ambiguity | Held-out intents | REST test intents | Off-topic answered |")
    print("|---|---|---|---|---|")
    sources = {
        source: [i for i, row in enumerate(rows) if row[2] == source]
        for source in ("holdout", "REST test")
    }
    for threshold, ambiguity in grid:
        cells, leaked = [], []
        for indexes in sources.values():
            gold_intents = [rows[i][1] for i in indexes]
            right, leaks, _ = apply(
                threshold, ambiguity, [ranked[i] for i in indexes], gold_intents
            )
            cells.append(f"{right / len(indexes):.3f} ({right}/{len(indexes)})")
            leaked += [rows[indexes[i]][0] for i in leaks]
        print(
            f"| {threshold:.2f} | {ambiguity:.2f} | {cells[0]} | {cells[1]} "
            f"| {len(leaked)} {leaked[:2]} |"
        )

    closest = sorted(
        (
            (first, text, top)
            for (text, gold, _), (top, first, _) in zip(rows, ranked, strict=True)
            if gold == "out_of_scope" and top not in HARMLESS
        ),
        reverse=True,
    )[:3]
    print("\nOff-topic messages closest to a deep-learning answer:")
    for confidence, text, top in closest:
        print(f"- {confidence:.2f} {top}: {text}")


if __name__ == "__main__":
    main()
