"""Rasa's spaCy component runs on the pipeline the matcher shares (addons/spacy_nlp.py)."""

import pytest
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message

from addons.spacy_nlp import SharedSpacyNLP
from knowledge import matcher as mentions

PIPELINE = ".spacy/en_blank_lookup"


def test_the_component_and_the_matcher_share_one_pipeline(monkeypatch):
    monkeypatch.chdir(mentions.PIPELINE.parent.parent)
    model = SharedSpacyNLP.load_model(PIPELINE)
    assert model.model is mentions.pipeline()
    component = SharedSpacyNLP(model, SharedSpacyNLP.get_default_config())
    [message] = component.process([Message(data={"text": "what are neural networks"})], model)
    assert [t.lemma_ for t in message.get("text_spacy_doc")][-1] == "network"


def test_the_component_follows_the_pipeline_when_it_is_reloaded(monkeypatch):
    monkeypatch.chdir(mentions.PIPELINE.parent.parent)
    model = SharedSpacyNLP.load_model(PIPELINE)
    component = SharedSpacyNLP(model, SharedSpacyNLP.get_default_config())
    first = model.model
    monkeypatch.setattr(mentions, "MAX_STRINGS", len(first.vocab.strings) + 50)
    words = " ".join(f"zq{number}x" for number in range(100))
    [message] = component.process([Message(data={"text": words})], model)
    assert len(message.get("text_spacy_doc")) == 100, "the message in flight keeps its tokens"
    component.process([Message(data={"text": "hello"})], model)
    assert model.model is not first and model.model is mentions.pipeline()


def test_another_pipeline_is_refused():
    with pytest.raises(InvalidConfigException, match="en_blank_lookup"):
        SharedSpacyNLP.load_model("en_core_web_md")
