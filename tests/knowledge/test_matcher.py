"""The one matcher of catalogue words, shared by the NLU and the actions
(knowledge/matcher.py, addons/entities.py)."""

import subprocess
import sys

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.entities import CatalogueEntityExtractor, vocabulary, without_overlaps
from knowledge import matcher as mentions
from knowledge.matcher import find_mention_spans, find_mentions
from tests.helpers import ROOT

ALIASES = {"rnn": ["lstm", "rnn"], "python": ["python"], "tensorflow": ["tf"]}


def test_whole_words_in_any_case_in_the_order_named():
    assert find_mentions("Python and LSTM please", ALIASES) == ["python", "rnn"]
    assert find_mentions("lstmx", ALIASES) == []
    assert find_mentions("a stuff course", ALIASES) == []
    assert find_mentions("pythonic code", ALIASES) == []


def test_plurals_by_an_added_s_or_es_or_by_lemma():
    assert find_mentions("lstms and GRUs", {"rnn": ["lstm"], "gru": ["gru"]}) == ["rnn", "gru"]
    assert find_mentions("two analyses", {"analysis": ["analysis"]}) == ["analysis"]
    assert find_mentions("the classes", {"class": ["class"]}) == ["class"]
    # A lemma that is no plural does not count: "trained" is no form of "train".
    assert find_mentions("a trained model", {"train": ["train"]}) == []


def test_hyphens_spaces_and_apostrophes_alike():
    aliases = {"kmeans": ["k-means"], "bw": ["black and white"], "ng": ["ng's course"]}
    text = "K means  or k-means, black-and-white photos, Ng’s course"
    assert find_mention_spans(text, aliases) == [
        ("kmeans", "K means"),
        ("bw", "black-and-white"),
        ("ng", "Ng’s course"),
    ]
    assert find_mentions("k-means", {"kmeans": ["k means"]}) == ["kmeans"]


def test_the_first_place_and_there_the_longest_alias_wins():
    aliases = {"car": ["autonomous", "autonomous cars"], "photo": ["photos"]}
    found = mentions.finder(aliases).mentions("autonomous cars and autonomous trucks")
    assert [(m.key, m.start, m.end, m.words) for m in found] == [("car", 0, 15, "autonomous cars")]


def test_the_entity_extractor_and_the_actions_read_a_message_alike():
    data = TrainingData(
        lookup_tables=[
            {"name": "topic", "elements": ["k-means", "clustering", "python"]},
            {"name": "provider", "elements": ["udemy", "edx"]},
        ],
        entity_synonyms={"k-means": "kmeans"},
    )
    extractor = CatalogueEntityExtractor({}, None, None, vocabulary(data))
    for text in ("is there a k means course on Udemy", "K-Means on udemy?"):
        found = {(e["entity"], e["value"]) for e in extractor.entities(text)}
        assert found == {("topic", "kmeans"), ("provider", "udemy")}, text
        assert find_mentions(text, vocabulary(data)["topic"]) == ["kmeans"]


def test_overlapping_values_of_one_entity_keep_the_longer():
    data = TrainingData(
        lookup_tables=[{"name": "topic", "elements": ["neural", "neural networks"]}]
    )
    extractor = CatalogueEntityExtractor({}, None, None, vocabulary(data))
    [message] = extractor.process([Message(data={"text": "neural networks for beginners"})])
    assert [(e["value"], e["start"], e["end"]) for e in message.get("entities")] == [
        ("neural networks", 0, 15)
    ]
    assert without_overlaps([]) == []


def test_the_pipeline_is_reloaded_once_it_outgrows_its_bound(monkeypatch):
    first = mentions.pipeline()
    monkeypatch.setattr(mentions, "MAX_STRINGS", len(first.vocab.strings) + 50)
    assert find_mentions("what is deep learning", ALIASES) == []
    assert mentions.pipeline() is first, "a few known words change nothing"
    find_mentions(" ".join(f"zq{number}x" for number in range(100)), ALIASES)
    assert mentions.pipeline() is not first
    # A finder built on the old pipeline still finds its words.
    assert find_mentions("an lstm", ALIASES) == ["rnn"]


def test_matching_loads_spacy_without_tensorflow():
    check = (
        "import sys\n"
        "from knowledge.matcher import find_mentions\n"
        "assert find_mentions('an LSTM', {'rnn': ['lstm']}) == ['rnn']\n"
        "assert 'spacy' in sys.modules and 'tensorflow' not in sys.modules\n"
        "import tensorflow\n"  # and it can still be imported afterwards
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", check], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
