"""Shared fixtures: the real domain and a dispatcher (helpers live in tests/helpers.py)."""

from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from tests.helpers import ROOT


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
