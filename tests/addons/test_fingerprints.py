"""Every file a trained component reads is in its fingerprint (addons/stored_component.py,
`reads`): Rasa's training cache then retrains the component when one of them changes,
instead of loading what it learnt from the old file.

For each trainable component of config.yml, a fresh process trains it on a small
training set and records every file it opens (Python's audit hook); then, in a
temporary copy of the knowledge package's data, the spaCy pipeline and the encoder,
each of those files and each file the component declares is changed in turn, and
its fingerprint must change with it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge import catalogues, details, encoder, matcher
from knowledge.fingerprint import files_under
from tests.helpers import ROOT

TRAINABLE = [
    step["name"]
    for step in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    if step["name"].startswith("addons.") and step["name"] != "addons.spacy_nlp.SharedSpacyNLP"
]

# Trains one component on a few examples and prints the files its training opened.
TRAIN = """
import json, sys
opened = set()
recording = False
def hook(event, args):
    if recording and event == "open" and isinstance(args[0], str):
        opened.add(args[0])
sys.addaudithook(hook)
import importlib
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
module, name = sys.argv[1].rsplit(".", 1)
component = getattr(importlib.import_module(module), name)
texts = [("what is a cnn", "ask_cnn"), ("what are convolutional networks", "ask_cnn"),
         ("how many hidden layers", "ask_hidden_layers"), ("why is it deep", "ask_hidden_layers")]
data = TrainingData(
    [Message(data={"text": text, "intent": intent}) for text, intent in texts],
    lookup_tables=[{"name": "course", "elements": ["crash course"]}],
)
config = {**component.get_default_config()}
from pathlib import Path
storage = LocalModelStorage(Path(sys.argv[2]))
context = ExecutionContext(GraphSchema({}), "fingerprints")
trained = component.create(config, storage, Resource("component"), context)
recording = True
trained.train(data)
recording = False
print(json.dumps(sorted(opened)))
"""


def files_opened_by_training(name: str, folder: Path) -> list[Path]:
    """The data files (not code, not the installed packages) the component's training
    opened, in a fresh process where nothing is loaded or cached yet."""
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", TRAIN, name, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    opened = [Path(path).resolve() for path in json.loads(result.stdout.strip().splitlines()[-1])]
    venv = Path(sys.prefix).resolve()
    return [
        path
        for path in opened
        if path.is_file()
        and path.is_relative_to(ROOT)
        and not path.is_relative_to(venv)
        and not path.is_relative_to(folder)
        and path.suffix not in (".py", ".pyc")
    ]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[Path, Path]:
    """A copy of every place a fingerprint reads: original -> copy."""
    folder = tmp_path_factory.mktemp("read")
    places = {
        catalogues.DATA: folder / "data",
        matcher.PIPELINE: folder / "pipeline",
        encoder.OPTIMISED_MODEL.parent: folder / "encoder",
    }
    for original, copy in places.items():
        shutil.copytree(original, copy)
    tokenizer = encoder.package_file(encoder.TOKENIZER_PACKAGE, encoder.TOKENIZER_FILE)
    places[tokenizer] = folder / "tokenizer.json"
    shutil.copy2(tokenizer, places[tokenizer])
    places[details.SOURCE] = folder / "details.py"
    shutil.copy2(details.SOURCE, places[details.SOURCE])
    return places


def redirect(copies: dict[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes the fingerprints read the copies."""
    tokenizer = encoder.package_file(encoder.TOKENIZER_PACKAGE, encoder.TOKENIZER_FILE)
    packaged = encoder.package_file

    def package_file(package: str, name: str) -> Path:
        path = packaged(package, name)
        return copies[tokenizer] if path == tokenizer else path

    model = copies[encoder.OPTIMISED_MODEL.parent] / encoder.OPTIMISED_MODEL.name
    monkeypatch.setattr(catalogues, "DATA", copies[catalogues.DATA])
    monkeypatch.setattr(matcher, "PIPELINE", copies[matcher.PIPELINE])
    monkeypatch.setattr(encoder, "OPTIMISED_MODEL", model)
    monkeypatch.setattr(encoder, "package_file", package_file)
    monkeypatch.setattr(details, "SOURCE", copies[details.SOURCE])


def copy_of(path: Path, copies: dict[Path, Path]) -> Path | None:
    path = path.resolve()
    for original, copy in copies.items():
        original = original.resolve()
        if path == original:
            return copy
        if path.is_relative_to(original):
            return copy / path.relative_to(original)
    return None


def component_class(name: str):
    module, attribute = name.rsplit(".", 1)
    return getattr(__import__(module, fromlist=[attribute]), attribute)


def test_the_trainable_components_are_found():
    assert TRAINABLE == [
        "addons.intent_classifier.SentenceIntentClassifier",
        "addons.entities.CatalogueEntityExtractor",
        "addons.uncovered_ideas.UncoveredIdeaDetector",
    ]


@pytest.mark.parametrize("name", TRAINABLE)
def test_changing_any_file_a_component_reads_changes_its_fingerprint(
    name, copies, monkeypatch, tmp_path
):
    component = component_class(name)
    config = component.get_default_config()
    # What its training opens, and what it declares it reads, as shipped.
    (tmp_path / "storage").mkdir()
    opened = files_opened_by_training(name, tmp_path / "storage")
    declared = [path for place in component.reads(config) for path in files_under(place)]
    read = sorted({path.resolve() for path in [*opened, *declared] if path.is_file()})
    uncovered = [str(path) for path in read if copy_of(path, copies) is None]
    assert not uncovered, f"{name} reads files that are in no fingerprint: {uncovered}"
    redirect(copies, monkeypatch)
    base = component.fingerprint_addon(config)
    unchanged = []
    for path in read:
        copy = copy_of(path, copies)
        content = copy.read_bytes()
        copy.write_bytes(content + b"\n")
        try:
            if component.fingerprint_addon(config) == base:
                unchanged.append(str(path))
        finally:
            copy.write_bytes(content)
    assert not unchanged, f"{name}: changing these left its fingerprint as it was: {unchanged}"
    assert component.fingerprint_addon(config) == base
    print(f"{name}: {len(read)} files, each changes the fingerprint")


def test_the_check_finds_a_file_left_out_of_a_fingerprint(copies, monkeypatch):
    """A component whose fingerprint leaves out a file it reads fails the check."""
    from addons.uncovered_ideas import UncoveredIdeaDetector

    glossary = catalogues.DATA / "glossary.yml"
    monkeypatch.setattr(
        UncoveredIdeaDetector, "reads", classmethod(lambda cls, c: [matcher.PIPELINE])
    )
    redirect(copies, monkeypatch)
    base = UncoveredIdeaDetector.fingerprint_addon({})
    copy = copy_of(glossary, copies)
    content = copy.read_bytes()
    copy.write_bytes(content + b"\n")
    try:
        assert UncoveredIdeaDetector.fingerprint_addon({}) == base
    finally:
        copy.write_bytes(content)
