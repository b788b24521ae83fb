"""Compares ways of finding what the document says in answer to a follow-up, on the
labelled follow-ups of bench/described_facts.yml (the thread's part is given).

- shipped: MiniLM sentence vectors of each fact in the assistant's words and of the
  ways of asking for it, with the kind of a short question (knowledge/facts.py);
- facts only: the same without the ways of asking;
- document sentences: MiniLM vectors of the seed document's own sentences in the
  part's section (the index a Rasa Pro-style search would build), no kinds;
- word overlap: TF-IDF cosine of words on facts and ways of asking, with kinds.

Each is scored at its best threshold (0.05 steps) with bench/guesses.py's costs: no
answer where one was due costs 1, a wrong answer 2. A document sentence counts as
right when it is the sentence the labelled fact rests on (the one sharing most words).

    .venv/bin/python -m bench.fact_matching
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import yaml

from harness import ROOT
from knowledge.document import Document, document
from knowledge.facts import FactIndex

SEED = ROOT.parent / "shared" / "seed" / "deep_learning.md"
THRESHOLDS = [round(0.05 * step, 2) for step in range(2, 17)]
WORD = re.compile(r"[a-z0-9]+")


def labelled() -> list[dict]:
    return yaml.safe_load((ROOT / "bench" / "described_facts.yml").read_text())["examples"]


def cost_at_best(decide) -> tuple[int, float, int, int, int]:
    """(cost, threshold, right, wrong, no answer) at the least-cost threshold; `decide`
    maps (item, threshold) to "right", "wrong" or None."""
    best = None
    for threshold in THRESHOLDS:
        outcomes = [decide(item, threshold) for item in labelled()]
        right, wrong = outcomes.count("right"), outcomes.count("wrong")
        missed = sum(
            1 for item, o in zip(labelled(), outcomes, strict=True) if o is None and item["fact"]
        )
        cost = missed + 2 * wrong
        if best is None or cost < best[0]:
            best = (cost, threshold, right, wrong, missed)
    return best


def judged(item, found) -> str | None:
    if found is None:
        return None
    return "right" if item["fact"] and found.fact.says.startswith(item["fact"]) else "wrong"


def index_decider(index: FactIndex):
    def decide(item, threshold):
        index.min_similarity = threshold
        return judged(item, index.answer(item["part"], item["text"]))

    return decide


def without_asks(shipped: Document) -> Document:
    parts = {
        key: replace(part, facts=tuple(replace(fact, asks=()) for fact in part.facts))
        for key, part in shipped.parts.items()
    }
    return Document(shipped.sources, parts, ())


def tfidf_encoder(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer().fit(texts)

    def encode(batch: list[str]) -> np.ndarray:
        matrix = vectorizer.transform(batch).toarray()
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)

    return encode


def seed_sentences() -> dict[str, list[str]]:
    """The seed document's sentences by section heading (lower case)."""
    sections: dict[str, list[str]] = {}
    heading = ""
    for line in SEED.read_text().splitlines():
        if line.startswith("#"):
            heading = line.strip("# ").lower()
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip(" -*\t")):
            if len(WORD.findall(sentence.lower())) > 3:
                sections.setdefault(heading, []).append(sentence)
    return sections


# The seed's sections (their headings in lower case), and which parts come from each.
WHAT, WHY = "what is deep learning?", "why is deep learning important?"
EXAMPLES, HOW = "examples of deep learning at work", "how does deep learning works?"
VERSUS = "what's the difference between machine learning and deep learning?"
FUTURE = "the future of deep learning"
SECTION_OF = {
    "ask_what_is_dl": WHAT,
    "ask_dl_inputs": WHAT,
    "ask_dl_accuracy": WHAT,
    "ask_dl_training_needs": WHAT,
    "ask_why_dl_matters": WHY,
    "ask_how_dl_works": HOW,
    "ask_hidden_layers": HOW,
    "ask_feature_learning": HOW,
    "ask_cnn": HOW,
    "ask_neural_networks": HOW,
    "ask_dl_vs_ml": VERSUS,
    "ask_end_to_end": VERSUS,
    "ask_data_scaling": VERSUS,
}


def section_for(part: str) -> str:
    return EXAMPLES if part.startswith("example") else SECTION_OF.get(part, FUTURE)


def sentence_decider(encode):
    sections = seed_sentences()
    vectors = {name: encode(sentences) for name, sentences in sections.items()}
    says = {fact.says: fact for part in document().parts.values() for fact in part.facts}

    def rests_on(fact_start: str, sentences: list[str]) -> int:
        fact = next(text for text in says if text.startswith(fact_start))
        words = set(WORD.findall(fact.lower()))
        overlap = [len(words & set(WORD.findall(s.lower()))) for s in sentences]
        return int(np.argmax(overlap))

    def decide(item, threshold):
        name = section_for(item["part"])
        sentences = sections[name]
        scores = vectors[name] @ encode([item["text"]])[0]
        best = int(np.argmax(scores))
        if scores[best] < threshold:
            return None
        if not item["fact"]:
            return "wrong"
        return "right" if best == rests_on(item["fact"], sentences) else "wrong"

    return decide


def main() -> None:
    from knowledge.encoder import shared_encoder

    encode = shared_encoder().encode
    shipped = document()
    texts = [t for part in shipped.parts.values() for f in part.facts for t in (f.says, *f.asks)]
    ways = {
        "shipped (own-words facts and ways of asking, MiniLM, kinds)": index_decider(
            FactIndex(shipped, encode)
        ),
        "facts only, no ways of asking (MiniLM, kinds)": index_decider(
            FactIndex(without_asks(shipped), encode)
        ),
        "the document's own sentences in the section (MiniLM)": sentence_decider(encode),
        "word overlap (TF-IDF) on facts and ways of asking, kinds": index_decider(
            FactIndex(shipped, tfidf_encoder(texts + list(shipped.source_asks)))
        ),
    }
    print(f"{len(labelled())} labelled follow-ups (bench/described_facts.yml)\n")
    print("| Way | Best threshold | Right | Wrong | No answer | Cost |")
    print("|---|---|---|---|---|---|")
    for name, decide in ways.items():
        cost, threshold, right, wrong, missed = cost_at_best(decide)
        print(f"| {name} | {threshold:.2f} | {right} | {wrong} | {missed} | {cost} |")


if __name__ == "__main__":
    main()
