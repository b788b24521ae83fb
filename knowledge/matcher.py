"""Finding the catalogue's words in a message, for the NLU and the actions alike.

Course preference values, course names, example fields and deep-learning ideas each
have a key and the aliases that name it (knowledge/data/*.yml). This module finds
which keys a text names, and where, with spaCy's `PhraseMatcher` on the tokens and
lookup lemmas of the project's spaCy pipeline (blank English, `.spacy/en_blank_lookup`,
built by `make install`). The NLU's entity extractor (addons/entities.py), its intent
classifier's lookup features and its uncovered-idea detector use it, and so do the
actions, so both sides read "k means", "K-Means" and "k-means" alike.

An alias matches as whole words, in any case:
- its last word in the plural too: by lemma ("analyses" is "analysis") or with an
  added "s" or "es" ("cnns");
- hyphens and spaces alike, and any run of spaces between words;
- curly and straight apostrophes alike.
Where several aliases of a key match, the first place wins, and there the longest.

spaCy is imported and the pipeline loaded when first needed, not on import.
"""

from __future__ import annotations

import re
import sys
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PIPELINE = Path(__file__).resolve().parent.parent / ".spacy" / "en_blank_lookup"
# spaCy adds every new word it reads to its string store and never forgets one: on a
# server reading whatever people type, memory that only grows (2,000 messages of
# random characters: 600,000 strings, about 230 MB). Past this many strings the
# pipeline is loaded afresh from disk (about 0.1 s).
MAX_STRINGS = 20_000
# Replaced one for one, so that every offset in the cleaned text is one in the text.
SAME_LENGTH = str.maketrans({"-": " ", "‐": " ", "‑": " ", "–": " ", "’": "'", "‘": "'"})
WORD_BREAKS = re.compile(r"[\s\-‐‑–]+")
# How many texts the pipeline keeps as read, for the several vocabularies that look
# into one message.
KEPT_READINGS = 64
LABEL_SEPARATOR = "\x1e"  # between a key and an alias's number in a matcher label


class _Pipeline:
    """The process's one spaCy pipeline, reloaded when its vocabulary grows too big,
    with the last texts it read: each is read once however many vocabularies look
    into it."""

    def __init__(self, path: Path = PIPELINE) -> None:
        self.path = path
        self._nlp: Any = None
        self._read: OrderedDict[str, Read] = OrderedDict()

    def get(self) -> Any:
        if self._nlp is None or len(self._nlp.vocab.strings) > MAX_STRINGS:
            self._nlp = _spacy().load(self.path)
            self._read.clear()
        return self._nlp

    def read(self, text: str) -> Read:
        nlp = self.get()
        known = self._read.get(text)
        if known is None:
            known = self._read[text] = Read.of(nlp, text)
            while len(self._read) > KEPT_READINGS:
                self._read.popitem(last=False)
        return known


@dataclass(frozen=True)
class Read:
    """A text as the matcher reads it: hyphens as spaces, curly apostrophes straight,
    one space between words, lower case; `origin[i]` is where character i of the
    read text was in the text."""

    doc: Any
    origin: tuple[int, ...]

    @classmethod
    def of(cls, nlp: Any, text: str) -> Read:
        words, origin = [], []
        for match in re.finditer(r"\S+", cleaned(text)):
            if words:
                origin.append(match.start() - 1)
            words.append(match.group())
            origin.extend(range(match.start(), match.end()))
        read = " ".join(words)
        lowered = read.lower()
        # Lower case changes the length of a few letters ("İ"): keep the case there.
        doc = nlp(lowered if len(lowered) == len(read) else read)
        return cls(doc, tuple(origin) + (len(text),))

    def place(self, start: int, end: int) -> tuple[int, int]:
        """Where tokens `start` to `end` were in the text, in characters."""
        span = self.doc[start:end]
        return self.origin[span.start_char], self.origin[span.end_char - 1] + 1


def _spacy() -> Any:
    """spaCy, imported without TensorFlow where nothing has imported it yet.

    spaCy's `thinc` imports TensorFlow whenever it is installed (Rasa needs it), which
    costs a process about 400 MB; the matcher never uses it. In the Rasa server
    TensorFlow is loaded already and stays as it is; in the action server and the
    tools it is hidden while spaCy is imported, and importable again afterwards."""
    if "spacy" in sys.modules or "tensorflow" in sys.modules:
        import spacy

        return spacy
    sys.modules["tensorflow"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        del sys.modules["tensorflow"]
    return spacy


_pipeline = _Pipeline()


def pipeline() -> Any:
    """The spaCy pipeline (a `Language`), loaded on first use and whenever its
    vocabulary has grown past `MAX_STRINGS`. Docs made earlier keep the one they were
    made with."""
    return _pipeline.get()


def cleaned(text: str) -> str:
    """`text` with hyphens as spaces and curly apostrophes straight: same length."""
    return text.translate(SAME_LENGTH)


@dataclass(frozen=True)
class Mention:
    """Where a text names a key: characters `start` to `end`, `words` as written."""

    key: str
    start: int
    end: int
    words: str


class Finder:
    """Finds the keys of one vocabulary (key -> aliases) in texts."""

    def __init__(self, aliases_by_key: Mapping[str, Iterable[str]]) -> None:
        self._aliases = {key: tuple(aliases) for key, aliases in aliases_by_key.items()}
        self._vocab: Any = None

    def _build(self, nlp: Any) -> None:
        """Two phrase matchers for the pipeline's vocabulary (again after a reload):
        the aliases by their words, the last one also with "s" or "es", and by their
        lemmas, for plurals that end otherwise ("analyses")."""
        from spacy.matcher import PhraseMatcher  # spaCy is loaded: `nlp` exists

        self._by_words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._by_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._lemma_aliases: dict[str, tuple[str, tuple[str, ...]]] = {}
        for key, aliases in self._aliases.items():
            forms = []
            for number, alias in enumerate(aliases):
                words = " ".join(WORD_BREAKS.split(cleaned(alias).lower())).strip()
                if not words:
                    continue
                forms += [nlp.make_doc(form) for form in (words, f"{words}s", f"{words}es")]
                label = f"{key}{LABEL_SEPARATOR}{number}"
                doc = nlp(words)
                self._by_lemmas.add(label, [doc])
                self._lemma_aliases[label] = (key, tuple(token.lower_ for token in doc))
            if forms:
                self._by_words.add(key, forms)
        self._vocab = nlp.vocab

    def prepare(self) -> Finder:
        """Builds the matchers now rather than on the first text."""
        nlp = pipeline()
        if self._vocab is not nlp.vocab:
            self._build(nlp)
        return self

    def mentions(self, text: str) -> list[Mention]:
        """Each key the text names, once, in the order named."""
        read = _pipeline.read(text)
        if self._vocab is not read.doc.vocab:
            self._build(pipeline())
        strings = read.doc.vocab.strings
        places = [(strings[i], start, end) for i, start, end in self._by_words(read.doc)]
        for label_id, start, end in self._by_lemmas(read.doc):
            key, words = self._lemma_aliases[strings[label_id]]
            span = read.doc[start:end]
            # A plural of the last word only: "trained" is no form of "train".
            if span[-1].lower_.endswith("s") and [t.lower_ for t in span[:-1]] == list(words[:-1]):
                places.append((key, start, end))
        best: dict[str, tuple[int, int]] = {}
        for key, start, end in places:
            place = read.place(start, end)
            if key not in best or (place[0], -place[1]) < (best[key][0], -best[key][1]):
                best[key] = place
        found = sorted(best.items(), key=lambda item: (item[1][0], -item[1][1]))
        return [
            Mention(key, start, end, " ".join(text[start:end].split()))
            for key, (start, end) in found
        ]

    def keys(self, text: str) -> list[str]:
        """The keys the text names, in order."""
        return [mention.key for mention in self.mentions(text)]


@lru_cache(maxsize=64)
def _finder(source: tuple[tuple[str, tuple[str, ...]], ...]) -> Finder:
    return Finder(dict(source))


def finder(aliases_by_key: Mapping[str, Iterable[str]]) -> Finder:
    """The finder of a vocabulary, built once per vocabulary."""
    return _finder(tuple((key, tuple(aliases)) for key, aliases in aliases_by_key.items()))


def find_mention_spans(
    text: str, aliases_by_key: Mapping[str, Iterable[str]]
) -> list[tuple[str, str]]:
    """(key, words as written) for each key `text` names, in order."""
    return [(m.key, m.words) for m in finder(aliases_by_key).mentions(text)]


def find_mentions(text: str, aliases_by_key: Mapping[str, Iterable[str]]) -> list[str]:
    """The keys `text` names, in order."""
    return finder(aliases_by_key).keys(text)


def requested_values(
    entities: Iterable[Mapping[str, Any]], entity: str, aliases_by_key: Mapping[str, Iterable[str]]
) -> list[str]:
    """Canonical values of `entity` among a message's `entities`, in order, without
    repeats.

    The NLU extracts entities from lookup tables built from the same catalogue and
    maps them to canonical values; a value that arrives unmapped (from a hand-typed
    payload, say) is looked up among the aliases. Unknown values are dropped.
    """
    values: list[str] = []
    for found_entity in entities:
        if found_entity.get("entity") != entity or found_entity.get("value") is None:
            continue
        value = str(found_entity["value"])
        found = [value] if value in aliases_by_key else find_mentions(value, aliases_by_key)
        values.extend(key for key in found if key not in values)
    return values
