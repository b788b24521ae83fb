"""How the FallbackClassifier's threshold trades right answers against off-topic leaks.

Parses the held-out messages (bench/holdout.yml) and the REST test questions
(tests/e2e/questions.yml) once with the trained model, then applies each threshold to
the classifier's own confidences: intent accuracy, and the off-topic messages that
would get a deep-learning answer. It also lists the off-topic messages whose top
deep-learning intent scores highest, i.e. the margin below a threshold.

    .venv/bin/python bench/thresholds.py [--thresholds 0.4 0.5 0.6] [--ambiguity 0.1]
"""

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the model names addons.policies

# Intents whose reply carries no deep-learning content: fine for an off-topic message.
HARMLESS = {"out_of_scope", "greet", "goodbye", "thank", "bot_challenge", "help", "stop"}


def labelled_messages() -> list[tuple[str, str, str]]:
    """(text, intent, source) for the held-out messages and the REST test questions."""
    holdout = yaml.safe_load((ROOT / "bench" / "holdout.yml").read_text())["messages"]
    questions = yaml.safe_load((ROOT / "tests" / "e2e" / "questions.yml").read_text())
    rows = [(m["text"], m["intent"], "holdout") for m in holdout]
    for question in questions["questions"]:
        topic = question["topic"]
        intent = {"example": "ask_examples", "course": "ask_courses"}.get(
            topic.split(":")[0].rstrip("s"), topic
        )
        rows.append((question["text"], intent, "REST test"))
    return rows


async def rankings(rows: list[tuple[str, str, str]]) -> list[tuple[str, float, float]]:
    """The top intent, its confidence and the runner-up's, before any fallback."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(ROOT / "models" / "assistant.tar.gz"))
    result = []
    for text, _, _ in rows:
        parsed = await agent.parse_message(text)
        ranking = [i for i in parsed["intent_ranking"] if i["name"] != "nlu_fallback"]
        second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
        result.append((ranking[0]["name"], ranking[0]["confidence"], second))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.4, 0.45, 0.5, 0.55, 0.6])
    parser.add_argument("--ambiguity", type=float, default=0.1)
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    os.chdir(ROOT)
    rows = labelled_messages()
    ranked = asyncio.run(rankings(rows))

    print("| Threshold | Held-out intent accuracy | REST test intents | Off-topic answered |")
    print("|---|---|---|---|")
    for threshold in args.thresholds:
        right = {"holdout": 0, "REST test": 0}
        total = {"holdout": 0, "REST test": 0}
        leaks = []
        for (text, gold, source), (top, first, second) in zip(rows, ranked, strict=True):
            unsure = first < threshold or first - second < args.ambiguity
            predicted = "out_of_scope" if unsure else top
            total[source] += 1
            right[source] += predicted == gold
            if gold == "out_of_scope" and predicted not in HARMLESS:
                leaks.append(text)
        held = right["holdout"] / total["holdout"]
        print(
            f"| {threshold:.2f} | {held:.3f} ({right['holdout']}/{total['holdout']}) "
            f"| {right['REST test']}/{total['REST test']} | {len(leaks)} {leaks[:2]} |"
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
