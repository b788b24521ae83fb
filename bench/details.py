"""Chooses how a question about a detail is told from a question a part answers
(knowledge/details.py), on the training data alone, in five folds.

Negatives: the training questions of each section, each judged by a finder built
without its own fold. Positives: the training questions about a detail
(`ask_detail`), each judged against the section whose answer comes closest to it by
sentence vectors (the one the classifier would most likely have picked). For each
variant the rate of section questions flagged as details (each one a wrong "the
document doesn't go into"), and of detail questions flagged.

    .venv/bin/python -m bench.details
"""

from __future__ import annotations

import os
import random
from collections import defaultdict

from knowledge import details
from knowledge.catalogues import examples
from knowledge.details import DetailFinder, part_texts
from knowledge.document import EXAMPLE_PREFIX, document
from knowledge.encoder import shared_encoder
from knowledge.ideas import glossary
from knowledge.matcher import find_mentions
from tests.helpers import training_examples

VERBOSE = bool(os.environ.get("VERBOSE"))
FOLDS = 5
THRESHOLDS = (None, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
SHORT = (5, 6, 7, 8)
DELTAS = (0.02, 0.03, 0.04, 0.05, 0.07, 0.1)


def one_example(text: str) -> str | None:
    """The part of the one example of deep learning at work `text` names, if one."""
    named = set(find_mentions(text, {e.id: e.aliases for e in examples()}))
    return f"{EXAMPLE_PREFIX}{named.pop()}" if len(named) == 1 else None


def main() -> None:
    encode = shared_encoder().encode
    parts = document()
    questions = training_examples()
    sections = [key for key, part in parts.parts.items() if key.startswith("ask_") and part.reply]
    ideas = defaultdict(list)
    for idea in glossary():
        if idea.answered_by:
            ideas[idea.answered_by] += idea.aliases
    for example in examples():
        ideas[f"{EXAMPLE_PREFIX}{example.id}"] += example.aliases
    rng = random.Random(42)
    folds = {intent: [rng.randrange(FOLDS) for _ in texts] for intent, texts in questions.items()}
    replies = {key: encode([parts.parts[key].reply])[0] for key in sections}
    asked = questions["ask_detail"]
    nearest = []
    for text in asked:
        vector = encode([text])[0]
        nearest.append(max(sections, key=lambda key: float(replies[key] @ vector)))
    flagged = {t: [0, 0] for t in THRESHOLDS}  # [sections flagged, details flagged]
    closeness_only = {t: [0, 0] for t in THRESHOLDS if t}
    short_or_far = {n: [0, 0] for n in SHORT}
    delta_or_far = {d: [0, 0] for d in DELTAS}
    yes_no = {d: [0, 0] for d in DELTAS}
    example_requests = [0, 0]  # flagged, judged
    shipped = [0, 0]  # knowledge/details.py as it is, rare unseen names included
    total_sections = 0
    for fold in range(FOLDS):
        kept = {
            intent: [t for t, f in zip(texts, folds[intent], strict=True) if f != fold]
            for intent, texts in questions.items()
        }
        finder = DetailFinder.build(parts, kept, ideas, encode)
        judged = [
            (text, key, False)
            for key in sections
            for text, f in zip(questions.get(key, []), folds.get(key, []), strict=True)
            if f == fold
        ]
        # Requests about one example ("how does netflix use it?"), judged against that
        # example's part.
        judged += [
            (text, example, False)
            for text, f in zip(
                questions.get("ask_examples", []), folds["ask_examples"], strict=True
            )
            if f == fold and (example := one_example(text))
        ]
        judged += [
            (text, key, True)
            for text, key, f in zip(asked, nearest, folds["ask_detail"], strict=True)
            if f == fold
        ]
        for text, key, is_detail in judged:
            if key.startswith(EXAMPLE_PREFIX):
                flagged_as = finder.detail(text, key, encode)
                example_requests[0] += flagged_as is not None
                example_requests[1] += 1
                if VERBOSE and flagged_as:
                    print("example flagged:", key, text, flagged_as)
                continue
            total_sections += not is_detail
            foreign = bool(finder.foreign_words(text, key))
            close = finder.closeness(encode([text])[0], key)
            for threshold in THRESHOLDS:
                if foreign and (threshold is None or close < threshold):
                    flagged[threshold][is_detail] += 1
                if threshold and close < threshold:
                    closeness_only[threshold][is_detail] += 1
            rise = finder.rise(text, key, encode) if foreign else 0.0
            for delta in DELTAS:
                if foreign and (close < 0.5 or rise >= delta):
                    delta_or_far[delta][is_detail] += 1
                polar = details.YES_NO.search(text)
                if foreign and (close < 0.5 or rise >= 0.1 or (polar and rise >= delta)):
                    yes_no[delta][is_detail] += 1
            shipped[is_detail] += finder.detail(text, key, encode) is not None
            if VERBOSE and not is_detail and finder.detail(text, key, encode) is not None:
                print("flagged:", key, text, finder.foreign_words(text, key))
            for words in SHORT:
                if foreign and (len(text.split()) <= words or close < 0.5):
                    short_or_far[words][is_detail] += 1
    print(f"{total_sections} section questions, {len(asked)} detail questions (5 folds)\n")
    print("| Variant | Section questions flagged | Detail questions flagged |")
    print("|---|---|---|")
    for threshold, (wrong, right) in flagged.items():
        name = "a foreign word" + (f", closeness < {threshold}" if threshold else "")
        print(f"| {name} | {wrong / total_sections:.3f} | {right / len(asked):.3f} |")
    for threshold, (wrong, right) in closeness_only.items():
        name = f"closeness < {threshold} alone"
        print(f"| {name} | {wrong / total_sections:.3f} | {right / len(asked):.3f} |")
    for words, (wrong, right) in short_or_far.items():
        name = f"a foreign word, at most {words} words or closeness < 0.5"
        print(f"| {name} | {wrong / total_sections:.3f} | {right / len(asked):.3f} |")
    for delta, (wrong, right) in delta_or_far.items():
        name = f"a foreign word, closeness < 0.5 or rising by {delta} without it"
        print(f"| {name} | {wrong / total_sections:.3f} | {right / len(asked):.3f} |")
    for delta, (wrong, right) in yes_no.items():
        name = f"as rising by 0.1, or by {delta} in a yes-or-no question"
        print(f"| {name} | {wrong / total_sections:.3f} | {right / len(asked):.3f} |")
    wrong, right = shipped
    name = "shipped: as rising by 0.1 (0.05), or any rare word no part or question uses"
    print(f"| {name} | {wrong / total_sections:.3f} | {right / len(asked):.3f} |")
    print(
        "\nRequests about one example flagged (shipped): "
        f"{example_requests[0]}/{example_requests[1]}"
    )
    print(
        f"\nShipped: a foreign word, closeness < {details.MIN_CLOSENESS} or rising by "
        f"{details.MIN_RISE} without it ({details.MIN_RISE_YES_NO} in a yes-or-no question); "
        f"{len(part_texts(parts.parts['ask_cnn']))} texts for the CNN part"
    )


if __name__ == "__main__":
    main()
