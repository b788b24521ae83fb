"""Rasa's command line, with Python warnings left out of the terminal.

Used by the terminal chat (scripts/chat.sh). Its PYTHONWARNINGS (harness/quiet.py)
ignores deprecation warnings only, and no setting of it would be enough: a library
that Rasa imports (aiogram) turns deprecation warnings back on while Rasa starts.
Warnings are therefore dropped where they are shown; log messages, errors and
tracebacks still appear.
"""

import sys
import warnings


def _hide(*_args, **_kwargs) -> None:
    """Shows nothing."""


warnings.showwarning = _hide

from rasa.__main__ import main  # noqa: E402  (after the warnings are hidden)

if __name__ == "__main__":
    sys.exit(main())
