"""Saves the sentence encoder's optimised graph into .encoder/ (run by `make install`).

Servers then load it without optimising it again, which lowers their peak memory
(addons/sentence_encoder.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from addons.sentence_encoder import save_optimised_model, shared_encoder  # noqa: E402

if __name__ == "__main__":
    path = save_optimised_model()
    vectors = shared_encoder().encode(["what is deep learning?", "whats deep learning"])
    print(f"wrote {path} (similarity check: {float(vectors[0] @ vectors[1]):.2f})")
