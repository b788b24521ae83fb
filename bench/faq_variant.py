"""Compares the assistant's plain intents with a retrieval-intent (FAQ) variant.

Builds the variant in a temporary folder (every single-answer topic intent becomes
`faq/<name>`, answered by a ResponseSelector), trains it, and classifies the unseen
questions of tests/e2e/questions.yml with both models.

    .venv/bin/python bench/faq_variant.py [models/assistant.tar.gz]
"""

import asyncio
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).with_name("rasa"))
SINGLE_ANSWER_EXCLUDED = ("ask_examples", "ask_courses")


def build_variant(target: Path) -> None:
    shutil.copytree(ROOT / "data", target / "data")
    (target / ".spacy").symlink_to(ROOT / ".spacy")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    faq = [
        intent
        for intent in domain["intents"]
        if intent.startswith("ask_") and intent not in SINGLE_ANSWER_EXCLUDED
    ]
    domain["intents"] = [intent for intent in domain["intents"] if intent not in faq] + ["faq"]
    for intent in faq:
        domain["responses"][f"utter_faq/{intent}"] = domain["responses"].pop(f"utter_{intent}")
    (target / "domain.yml").write_text(yaml.safe_dump(domain, sort_keys=False))
    for path in (target / "data" / "nlu").glob("*.yml"):
        content = yaml.safe_load(path.read_text())
        for block in content.get("nlu", []):
            if block.get("intent") in faq:
                block["intent"] = "faq/" + block["intent"]
        path.write_text(yaml.safe_dump(content, sort_keys=False))
    rules = yaml.safe_load((target / "data" / "rules.yml").read_text())
    rules["rules"] = [rule for rule in rules["rules"] if rule["steps"][0].get("intent") not in faq]
    rules["rules"].append({"rule": "faq", "steps": [{"intent": "faq"}, {"action": "utter_faq"}]})
    (target / "data" / "rules.yml").write_text(yaml.safe_dump(rules, sort_keys=False))
    selector = (
        "  - name: EntitySynonymMapper\n  - name: ResponseSelector\n"
        "    epochs: 50\n    random_seed: 42\n    retrieval_intent: faq"
    )
    config = (ROOT / "config.yml").read_text().replace("  - name: EntitySynonymMapper", selector)
    (target / "config.yml").write_text(config)


async def score(model: Path) -> tuple[int, int, list]:
    from rasa.core.agent import Agent

    questions = yaml.safe_load((ROOT / "tests/e2e/questions.yml").read_text())["questions"]
    agent = Agent.load(str(model))
    right, misses = 0, []
    for question in questions:
        parsed = await agent.parse_message(question["text"])
        expected = question["topic"]
        if expected.startswith("example"):
            expected = "ask_examples"
        elif expected.startswith("course"):
            expected = "ask_courses"
        got = parsed["intent"]["name"]
        if got == "nlu_fallback":
            got = "out_of_scope"
        elif got == "faq":
            key = parsed["response_selector"]["faq"]["response"]["intent_response_key"]
            got = key.split("/", 1)[1]
        if got == expected:
            right += 1
        else:
            misses.append((question["text"], expected, got))
    return right, len(questions), misses


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    plain = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "models" / "assistant.tar.gz"
    with tempfile.TemporaryDirectory() as folder:
        variant = Path(folder)
        build_variant(variant)
        started = time.monotonic()
        subprocess.run(
            [RASA, "train", "--fixed-model-name", "faq", "--out", str(variant / "models")],
            cwd=variant,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        trained_in = time.monotonic() - started
        models = {"plain intents": plain, "faq variant": variant / "models" / "faq.tar.gz"}
        for name, model in models.items():
            right, total, misses = asyncio.run(score(model))
            print(f"{name}: {right}/{total} intents right ({right / total:.1%})")
            for miss in misses:
                print("   miss:", miss)
        print(f"faq variant trained in {trained_in:.0f} s")


if __name__ == "__main__":
    main()
