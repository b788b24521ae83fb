"""The assistant's domain.yml, as the actions read it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from actions.validation import read_yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


@cache
def shipped_domain() -> dict[str, Any]:
    """The assistant's domain.yml, read once per process. The actions that need a part
    of it read it here, so that Rasa does not serialise and send the whole domain with
    every call (endpoints.yml, `enable_selective_domain`)."""
    return read_yaml(DOMAIN_FILE)
