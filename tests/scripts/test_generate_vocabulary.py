"""The NLU's lookup tables and synonyms are generated from the action catalogues."""

import subprocess
import sys

import pytest

from scripts import generate_vocabulary as vocabulary_builder
from tests.helpers import ROOT


def test_generated_vocabulary_matches_the_catalogues():
    result = subprocess.run(
        [sys.executable, "-m", "scripts.generate_vocabulary", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_alias_is_looked_up_and_mapped_to_its_value():
    rendered = vocabulary_builder.render()
    lookups = rendered[vocabulary_builder.LOOKUPS]
    synonyms = rendered[vocabulary_builder.SYNONYMS]
    assert "    - andrew ng\n" in lookups
    assert "- synonym: medicine\n" in synonyms and "    - tumour\n" in synonyms


def test_an_alias_naming_two_values_is_refused(monkeypatch):
    clash = {"topic": {"rnn": ("lstm",), "nlp": ("lstm",)}}
    monkeypatch.setattr(vocabulary_builder, "vocabulary", lambda: clash)
    with pytest.raises(SystemExit, match="'lstm' names both rnn and nlp"):
        vocabulary_builder.render()
