"""Lays out the files of each server's image in a folder of its own, as a container
build copies them: the action server (`rasa run actions`, on Rasa's rasa/rasa-sdk
image) and the Rasa server (`rasa run`, on the rasa/rasa image). docs/operations.md
shows both layouts.

The action server needs only its actions, the knowledge package with its data, and
the two things `make install` builds for the knowledge package (the spaCy pipeline
and the sentence encoder's graph): no Rasa server code (addons/), no training data
and no model. The Rasa server needs its components and channels (addons/), the
knowledge package they import, the trained model and its settings.

    .venv/bin/python -m scripts.package_servers build/    # make package
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each image's files and folders, relative to the repository (and to the image's
# working directory, where `rasa run actions` or `rasa run` starts).
ACTION_SERVER = (
    "actions",
    "knowledge",
    ".spacy/en_blank_lookup",
    ".encoder",
    "requirements-actions.txt",
    "requirements-nodeps.txt",
)
RASA_SERVER = (
    "addons",
    "knowledge",
    ".spacy/en_blank_lookup",
    ".encoder",
    "models/assistant.tar.gz",
    "credentials.yml",
    "endpoints.yml",
    "endpoints.scale.yml",
    "requirements.txt",
    "requirements-actions.txt",
    "requirements-nodeps.txt",
)
IMAGES = {"action-server": ACTION_SERVER, "rasa-server": RASA_SERVER}
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc")


def lay_out(files: tuple[str, ...], target: Path) -> Path:
    """Copies `files` from the repository into `target`, keeping their paths."""
    for name in files:
        source = ROOT / name
        if not source.exists():
            raise SystemExit(f"{name} is missing: run `make install` (and `make train`) first")
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, ignore=SKIPPED, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)
    return target


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build")
    for image, files in IMAGES.items():
        target = out / image
        shutil.rmtree(target, ignore_errors=True)
        lay_out(files, target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
