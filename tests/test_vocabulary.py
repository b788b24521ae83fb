"""The NLU's lookup tables and synonyms are generated from the action catalogues."""

import subprocess
import sys

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_nlu_vocabulary  # noqa: E402


def test_generated_vocabulary_matches_the_catalogues():
    result = subprocess.run(
        [sys.executable, "scripts/build_nlu_vocabulary.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_alias_is_looked_up_and_mapped_to_its_value():
    rendered = build_nlu_vocabulary.render()
    lookups = rendered[build_nlu_vocabulary.LOOKUPS]
    synonyms = rendered[build_nlu_vocabulary.SYNONYMS]
    assert "    - andrew ng\n" in lookups
    assert "- synonym: medicine\n" in synonyms and "    - tumour\n" in synonyms


def test_an_alias_naming_two_values_is_refused(monkeypatch):
    clash = {"topic": {"rnn": ("lstm",), "nlp": ("lstm",)}}
    monkeypatch.setattr(build_nlu_vocabulary, "vocabulary", lambda: clash)
    with pytest.raises(SystemExit, match="'lstm' names both rnn and nlp"):
        build_nlu_vocabulary.render()
