"""The spaCy component keeps its vocabulary bounded (addons/spacy_nlp.py)."""

from rasa.shared.nlu.training_data.message import Message

from addons.spacy_nlp import BoundedSpacyNLP
from tests.helpers import ROOT

PIPELINE = str(ROOT / ".spacy" / "en_blank_lookup")


def test_the_vocabulary_is_reloaded_once_it_outgrows_its_bound():
    model = BoundedSpacyNLP.load_model(PIPELINE)
    start = len(model.model.vocab.strings)
    component = BoundedSpacyNLP(
        model, {**BoundedSpacyNLP.get_default_config(), "max_strings": start + 50}
    )
    first = model.model
    component.process([Message(data={"text": "what is deep learning"})], model)
    assert model.model is first, "a few known words change nothing"
    words = " ".join(f"zq{number}x" for number in range(100))
    [message] = component.process([Message(data={"text": words})], model)
    assert model.model is not first
    assert len(model.model.vocab.strings) <= start + 50
    # The message in flight keeps its tokens.
    assert len(message.get("text_spacy_doc")) == 100
