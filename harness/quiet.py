"""The environment every Rasa process of the project runs with: no TensorFlow chatter,
no telemetry, no SQLAlchemy 2.0 notice, no deprecation warnings in the logs.

The servers the tests and the bench start (servers.py) and the bench's scripts use
`QUIET_ENV`; the Makefile's recipes and the terminal chat (scripts/chat.sh, which
also hides every other warning: scripts/quiet_rasa.py) export what

    python -m harness.quiet

prints: one NAME=value line a setting. It needs nothing beyond the standard library,
so the Makefile can run it before the virtual environment exists.
"""

import os
import sys
from collections.abc import Mapping, MutableMapping

QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}


def quieten(environ: MutableMapping[str, str] = os.environ) -> None:
    """Adds the settings of `QUIET_ENV` that `environ` (this process's environment by
    default) does not set already; children started afterwards inherit them."""
    for name, value in QUIET_ENV.items():
        environ.setdefault(name, value)


def lines(settings: Mapping[str, str]) -> str:
    """`settings` as NAME=value lines, as the shell's `export` and make's `export`
    take them (no value holds a space)."""
    return "".join(f"{name}={value}\n" for name, value in settings.items())


if __name__ == "__main__":
    sys.stdout.write(lines(QUIET_ENV))
