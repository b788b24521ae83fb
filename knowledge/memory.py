"""What both servers do once everything that lives as long as they do is loaded."""

import gc


def freeze_loaded_objects() -> None:
    """Leaves every object loaded so far out of the garbage collector's passes.

    A server's heap holds millions of objects that live as long as it does (in the
    Rasa server TensorFlow, which Rasa imports whatever the pipeline, Rasa itself and
    the models; in the action server the catalogues and their sentence vectors). A
    full collection walks them all, about 300 ms in the Rasa server during which every
    conversation in flight waits; frozen, they are skipped. Objects made later are
    collected as usual. Called once per server, at start: by the intent classifier
    when the model is loaded (addons/intent_classifier.py) and by the action server's
    warm-up (actions/warm_up.py)."""
    gc.collect()
    gc.freeze()
