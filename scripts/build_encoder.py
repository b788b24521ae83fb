"""Saves the sentence encoder's optimised, int8-quantised graph into .encoder/ (run by
`make install`). Servers then load it as it is: a third of the memory and time of
the float32 graph that ONNX Runtime makes of the packaged model
(knowledge/encoder.py).

    .venv/bin/python -m scripts.build_encoder
"""

import logging

from knowledge.encoder import save_optimised_model, shared_encoder

if __name__ == "__main__":
    logging.disable(logging.WARNING)  # the quantisation tool's advice on other models
    path = save_optimised_model()
    vectors = shared_encoder().encode(["what is deep learning?", "whats deep learning"])
    print(f"wrote {path} (similarity check: {float(vectors[0] @ vectors[1]):.2f})")
