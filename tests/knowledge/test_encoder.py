"""The sentence encoder (knowledge/encoder.py): the int8 graph that `make
install` saves gives vectors within quantisation error of the packaged model's."""

import numpy as np

from knowledge import encoder as sentence_encoder
from knowledge.encoder import SentenceEncoder, save_optimised_model

TEXTS = ["what is deep learning?", "whats deep learning", "how many legs does a spider have"]


def test_the_saved_graph_gives_nearly_the_packaged_models_vectors(tmp_path, monkeypatch):
    monkeypatch.setattr(sentence_encoder, "OPTIMISED_MODEL", tmp_path / "missing.onnx")
    packaged = SentenceEncoder().encode(TEXTS)
    saved = save_optimised_model(tmp_path / "minilm.onnx")
    monkeypatch.setattr(sentence_encoder, "OPTIMISED_MODEL", saved)
    optimised = SentenceEncoder().encode(TEXTS)
    assert optimised.shape == packaged.shape == (3, sentence_encoder.DIMENSIONS)
    # Unit vectors: the cosine between the two encodings of each text.
    assert (optimised * packaged).sum(axis=1).min() > 0.99
    assert not np.allclose(optimised, packaged, atol=1e-4), "the weights were quantised"
    # and they still mean something: the paraphrase is close, the spider is not
    assert optimised[0] @ optimised[1] > 0.9 > 0.2 > optimised[0] @ optimised[2]


def test_the_weights_are_saved_beside_the_graph_and_replaced_on_a_rebuild(tmp_path):
    """ONNX Runtime maps a weights file instead of parsing and copying the graph's own
    weights; onnx appends to an existing weights file, so a rebuild must replace it."""
    graph = save_optimised_model(tmp_path / "minilm.onnx")
    weights = tmp_path / "minilm.onnx.data"
    size = weights.stat().st_size
    assert graph.stat().st_size < 1_000_000 < 40_000_000 < size
    save_optimised_model(graph)
    assert weights.stat().st_size == size


def test_a_texts_vector_does_not_depend_on_the_texts_encoded_with_it():
    """The int8 layers scale by their whole input: a text encoded beside a long one
    must still get the vector it gets alone, in training as in service."""
    encoder = sentence_encoder.shared_encoder()
    alone = encoder.encode(TEXTS[:1])
    long_text = "a much longer message about hidden layers, pixels and self-driving cars " * 4
    together = encoder.encode([long_text, TEXTS[0], TEXTS[2]])
    np.testing.assert_allclose(together[1], alone[0], atol=1e-6)
    assert encoder.encode([]).shape == (0, sentence_encoder.DIMENSIONS)
