"""The environment `make install` builds (Makefile, install)."""

import subprocess
import sys


def test_the_rasa_server_does_not_load_jax():
    """TensorFlow imports JAX when it is installed; `make install` removes it."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, rasa.core.run, rasa.server, tensorflow; print(sorted("
            "name for name in sys.modules if name.split('.')[0] in ('jax', 'jaxlib')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": ""},
    )
    assert loaded.stdout.strip() == "[]"
