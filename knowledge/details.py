"""What a question asks that the answer of its part does not contain.

"Is a neural network a linear model?" reads like a question about neural networks, and
the neural-network answer would be sent; but that answer says nothing about linear
models. A question asks about a detail the document doesn't go into when
- it holds a content word that neither the part's texts (its answer, gist, facts and
  their ways of asking, the ideas it explains) nor the questions the part is trained
  on contain, that is not a common word of the questions people ask about any part,
  and that is no misspelling of one of those words; and
- as a whole it does not come close (cosine of the MiniLM sentence vectors) to any of
  the part's texts or trained questions, or comes clearly closer without that word: a
  question phrased in new words but asking what the part answers stays the part's;
or when it asks for advice on one's own work ("the right number of hidden layers for
my model"), which the document never gives.
The detail is named in the reply with the words around that content word ("the right
number of hidden layers").

Built when the NLU is trained (addons/uncovered_ideas.py) and kept in the model; the
thresholds were chosen on the training data by bench/details.py.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from knowledge import matcher
from knowledge.document import EXAMPLE_PREFIX, EXAMPLES, Document, Part

# This module: what the NLU stores from it depends on its code, so its fingerprint
# covers it (addons/uncovered_ideas.py).
SOURCE = Path(__file__)
# A word that the questions of this many different intents use is a common word of
# asking ("explain", "work", "use"), never a detail.
COMMON_IN_INTENTS = 5
# Words of the whole subject: a question may always name them.
SUBJECT_WORDS = {"deep", "learn", "learning", "network", "neural", "model", "dl", "ai", "machine"}
# A question this close to one of the part's texts or trained questions asks what the
# part answers, whatever its words (bench/details.py).
MIN_CLOSENESS = 0.5
# Or: without its foreign word, a question that comes this much closer to the part was
# pulled away from it by that word, which is what it asks (bench/details.py); a yes-or-
# no question, which asks about one property, this much.
MIN_RISE = 0.1
MIN_RISE_YES_NO = 0.05
# A word at least this likely in English text (natural log, spaCy's lexeme table) is
# an everyday word, never a name the assistant has not seen ("lidar", "deoldify").
EVERYDAY_LOG_PROBABILITY = -12.0
# Spelled this much like a known word (difflib's ratio), a word is that word misspelt.
MIN_SPELLING = 0.8
MIN_WORD_LENGTH = 4
# A word taken for a name nobody uses must not even come this close to a known one
# ("deap" is "deep" misspelt, 0.75).
MIN_SPELLING_UNSEEN = 0.7
# A detail is named in the reply: only a word in the Latin script the document is
# written in can be ("什么是深度学习? what does deep learning mean?" asks the English part).
LATIN_WORD = re.compile(r"[a-zà-ɏ]+")
# A name with digits in it ("vgg16", "resnet50", "1x1", "gpt3") is a content word too;
# a decade or an ordinal ("1940s", "2nd") is not, nor chat shorthand ("eli5").
NAME_WITH_DIGITS = re.compile(
    r"(?!\d+(?:s|st|nd|rd|th)$)(?=[a-z0-9]*[a-z])(?=[a-z0-9]*[0-9])[a-z0-9]{3,}"
)
CHAT_SHORTHAND = {"eli5", "b4", "gr8", "2day", "2nite", "4u", "w8", "l8r", "m8"}
# A yes-or-no question ("is a neural network a linear model?") asks about one property.
YES_NO = re.compile(r"^\W*(?:is|are|does|do|can|could|will|would|should|has|have)\b", re.I)
# Words that name the subject itself: a message that names it and that the NLU took for
# off-topic, or could not place, still asks about deep learning ("quantum deep
# learning", "depthwise separable conv").
NAMES_THE_SUBJECT = re.compile(
    r"\b(?:deep[\s-]?learning|dl|neural[\s-]?net(?:work)?s?|cnns?|convnets?|convs?|"
    r"convolution(?:al|s)?|hidden[\s-]layers?|machine[\s-]learning|ml|ai)\b",
    re.IGNORECASE,
)
# Words that join a detail's words into one phrase ("number of hidden layers").
JOINING = {"of"}
# Advice for one's own work, which the document never gives: "the right number of
# hidden layers for my model", "the best optimiser".
ADVICE = re.compile(
    r"\b(?:right|best|ideal|optimal|recommended|correct|good)\s+"
    r"(?:number|amount|size|count|choice|value|setting|settings)\b",
    re.IGNORECASE,
)


def content_words(text: str) -> list[tuple[int, str]]:
    """(token index, lemma) of each content word: alphabetic or a name with digits in
    it ("vgg16", "1x1"), not a stop word."""
    doc = matcher.pipeline()(text.lower())
    return [
        (token.i, token.lemma_ or token.lower_)
        for token in doc
        if (token.is_alpha or NAME_WITH_DIGITS.fullmatch(token.lower_)) and not token.is_stop
    ]


def part_texts(part: Part) -> list[str]:
    """Everything the document's entry says or asks about a part."""
    texts = [part.reply or "", part.gist, part.more, part.instance or "", part.label]
    texts += [part.question or ""]
    texts += [fact.says for fact in part.facts] + [ask for fact in part.facts for ask in fact.asks]
    return [text for text in texts if text]


@dataclass
class DetailFinder:
    """For each part: the words its texts and trained questions use, and their sentence
    vectors; and the words common to the questions of many intents."""

    vocabulary: Mapping[str, set[str]]
    common: set[str]
    vectors: Mapping[str, np.ndarray]
    min_closeness: float = MIN_CLOSENESS
    # Every word of every part's texts and of every trained question, and the everyday
    # English words (everyday_words()).
    seen: set[str] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        parts: Document,
        questions_by_intent: Mapping[str, Iterable[str]],
        idea_words: Mapping[str, Iterable[str]],
        encode: Callable[[list[str]], np.ndarray],
    ) -> DetailFinder:
        """`questions_by_intent`: the training questions of every intent; `idea_words`:
        for each part, the names of the ideas it explains."""
        in_intents: Counter[str] = Counter()
        for questions in questions_by_intent.values():
            words = {lemma for text in questions for _, lemma in content_words(text)}
            in_intents.update(words)
        seen = set(in_intents)
        common = {word for word, count in in_intents.items() if count >= COMMON_IN_INTENTS}
        vocabulary, vectors = {}, {}
        for key, part in parts.parts.items():
            example = key.startswith(EXAMPLE_PREFIX)
            overview = key == EXAMPLES  # answered by an action, from its gist and facts
            if not ((key.startswith("ask_") or example) and part.reply or overview):
                continue
            texts = part_texts(part)
            if not example:
                # An example's questions are those of all eight: only its own words count.
                texts += list(questions_by_intent.get(part.intent or key, ()))
            named = list(idea_words.get(key, ()))
            if overview:
                # The overview of the examples knows what each example says and is called.
                for other, each in parts.parts.items():
                    if other.startswith(EXAMPLE_PREFIX):
                        texts += part_texts(each)
                        named += list(idea_words.get(other, ()))
            vocabulary[key] = {lemma for text in texts + named for _, lemma in content_words(text)}
            seen |= vocabulary[key]
            vectors[key] = encode(texts)
        everyday = everyday_words() | CHAT_SHORTHAND
        return cls(vocabulary, common | SUBJECT_WORDS, vectors, seen=seen | everyday)

    def foreign_words(self, text: str, part: str) -> list[tuple[int, str]]:
        """The content words of `text` that `part` knows nothing of."""
        known = self.vocabulary.get(part, set())
        return [
            (index, word)
            for index, word in content_words(text)
            if (
                (len(word) >= MIN_WORD_LENGTH and LATIN_WORD.fullmatch(word))
                or NAME_WITH_DIGITS.fullmatch(word)
            )
            and word not in known
            and word not in self.common
            and word not in CHAT_SHORTHAND
            and not misspelt(word, known | self.common)
        ]

    def unseen(self, word: str) -> bool:
        """Whether no part's texts and no trained question use `word`, nor a word it
        could be a misspelling of."""
        return word not in self.seen and not misspelt(word, self.seen, MIN_SPELLING_UNSEEN)

    def closeness(self, vector: np.ndarray, part: str) -> float:
        return float((self.vectors[part] @ vector).max())

    def rise(self, text: str, part: str, encode: Callable[[list[str]], np.ndarray]) -> float:
        """How much closer to the part `text` comes without its first foreign word:
        a word that carries what the question asks pulls it away from the part."""
        foreign = self.foreign_words(text, part)
        if not foreign:
            return 0.0
        vectors = encode([text, without(text, foreign[0][0])])
        return self.closeness(vectors[1], part) - self.closeness(vectors[0], part)

    def detail(self, text: str, part: str, encode: Callable[[list[str]], np.ndarray]) -> str | None:
        """The detail `text` asks about that `part`'s answer lacks, as the reply names
        it, or None. `encode` gives sentence vectors (asked for only when the text holds
        a foreign word)."""
        if part not in self.vocabulary:
            return None
        advice = ADVICE.search(text)
        if advice:
            return named(advice_phrase(text, advice.start()))
        foreign = self.foreign_words(text, part)
        if part.startswith(EXAMPLE_PREFIX):
            # An example's answer is a sentence or two, and people ask about it in many
            # words no part uses ("a menu abroad", "mammograms", "diplomats"; 5 of 77
            # training requests were flagged with rare words): only a model's name
            # with digits in it ("gpt3 translation") is a detail there.
            foreign = [
                (index, word)
                for index, word in foreign
                if NAME_WITH_DIGITS.fullmatch(word) and self.unseen(word)
            ]
        if not foreign:
            return None
        index = foreign[0][0]
        whole, rest = encode([text, without(text, index)])
        close = self.closeness(whole, part)
        rise = self.closeness(rest, part) - close
        needed = MIN_RISE_YES_NO if YES_NO.search(text) else MIN_RISE
        if self.unseen(foreign[0][1]):
            # A word nothing the assistant knows uses ("lidar", "vgg16") names the
            # detail unless the question comes clearly closer to the part with it.
            needed = -MIN_RISE
        if close >= self.min_closeness and rise < needed:
            return None
        known = self.vocabulary[part] | self.common
        return named(phrase(text, index, known))

    def as_dict(self) -> dict:
        return {
            "vocabulary": {key: sorted(words) for key, words in self.vocabulary.items()},
            "common": sorted(self.common),
            "min_closeness": self.min_closeness,
            "seen": sorted(self.seen),
        }

    @classmethod
    def from_dict(cls, raw: Mapping, vectors: Mapping[str, np.ndarray]) -> DetailFinder:
        vocabulary = {key: set(words) for key, words in raw["vocabulary"].items()}
        return cls(
            vocabulary,
            set(raw["common"]),
            dict(vectors),
            raw["min_closeness"],
            set(raw.get("seen", ())),
        )


def everyday_words() -> set[str]:
    """The everyday English words ("form", "cool", "step"): those whose probability in
    spaCy's English lexeme table (spacy-lookups-data, read only when the NLU trains)
    is at least EVERYDAY_LOG_PROBABILITY; about 6,000 words."""
    import gzip
    import json

    import spacy_lookups_data

    data = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(data, "rt", encoding="utf-8") as file:
        table = json.load(file)
    return {
        word
        for word, log_probability in table.items()
        if log_probability >= EVERYDAY_LOG_PROBABILITY and word.isalpha() and word.islower()
    }


def misspelt(word: str, known: set[str], min_ratio: float = MIN_SPELLING) -> bool:
    """Whether `word` is a known word misspelt ("feautres", "importnt"). As difflib's
    own get_close_matches, the cheap upper bounds of the ratio rule out most words
    before the ratio itself is computed."""
    bound = difflib.SequenceMatcher()
    bound.set_seq2(word)  # its letter counts computed once; both bounds are symmetric
    for other in known:
        if abs(len(other) - len(word)) > 2:
            continue
        bound.set_seq1(other)
        if bound.real_quick_ratio() < min_ratio or bound.quick_ratio() < min_ratio:
            continue
        if difflib.SequenceMatcher(None, word, other).ratio() >= min_ratio:
            return True
    return False


def without(text: str, index: int) -> str:
    """`text` without its token at `index`."""
    return " ".join(token.text for token in matcher.pipeline()(text) if token.i != index)


def named(words: str) -> str:
    """The detail as a reply names it: "the right number of hidden layers" as it is,
    other words in quotes ("linear model")."""
    return words if words.lower().startswith("the ") else f'"{words}"'


def advice_phrase(text: str, start: int) -> str:
    """ "the right number of hidden layers" in "what's the right number of hidden layers
    for my model?": from the advice's adjective to the end of its phrase, with "the"."""
    doc = matcher.pipeline()(text)
    index = next(token.i for token in doc if token.idx + len(token) > start)
    return phrase(text, index)


def phrase(text: str, index: int, known: set[str] = frozenset()) -> str:
    """The words of `text` that name the detail: from the foreign word at token `index`
    on, through the content words after it ("number of hidden layers"), with the
    content words before it that are not `known` (the part's and the common words:
    "graphics cards", not "cnn need graphics cards") and a "the" before them kept
    ("the right number of hidden layers")."""
    doc = matcher.pipeline()(text)
    end = index + 1
    while end < len(doc) and (
        (
            (doc[end].is_alpha or NAME_WITH_DIGITS.fullmatch(doc[end].lower_))
            and not doc[end].is_stop
        )
        or (doc[end].lower_ in JOINING and end + 1 < len(doc) and not doc[end + 1].is_stop)
    ):
        end += 1
    start = index
    while (
        start > 0
        and doc[start - 1].is_alpha
        and not doc[start - 1].is_stop
        and (doc[start - 1].lemma_ or doc[start - 1].lower_) not in known
    ):
        start -= 1
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    return doc[start:end].text
