"""Builds the offline spaCy pipeline used by the NLU: blank English plus lookup lemmas.

No pretrained spaCy model can be downloaded here, and the NLU only needs tokens and
lemmas, so the pipeline is assembled from `spacy` and `spacy-lookups-data` alone.
"""

import sys
from pathlib import Path

import spacy

DEFAULT_TARGET = Path(__file__).resolve().parent.parent / ".spacy" / "en_blank_lookup"


def build(target: Path) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    # Copies the lookup table from spacy-lookups-data into the pipeline itself,
    # so loading it later needs nothing but spaCy.
    nlp.initialize()
    nlp.meta["name"] = "blank_lookup"
    nlp.meta["description"] = "Blank English tokenizer with the lookup lemmatizer"
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


if __name__ == "__main__":
    path = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TARGET)
    check = spacy.load(path)
    lemmas = [t.lemma_ for t in check("networks were trained by learning")]
    if lemmas[0] != "network" or lemmas[2] != "train":
        sys.exit(f"lookup lemmatizer not working: {lemmas}")
    print(f"spaCy pipeline written to {path}: {lemmas}")
