"""A fingerprint of the files something was built from: it changes when any byte of
any of them does. The Rasa server's trained components add it to what Rasa's training
cache keys them by (`fingerprint_addon`), so that a changed catalogue, spaCy pipeline
or encoder retrains them instead of loading a stale result from the cache."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_under(path: Path) -> list[Path]:
    """`path` itself if it is a file; every file below it, in order, if a folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path]


def fingerprint(paths: Iterable[Path]) -> str:
    """A digest of the names and contents of the files at `paths` (folders with every
    file below them). A missing file counts too, as missing."""
    digest = hashlib.sha256()
    for root in paths:
        for path in files_under(root):
            name = path.relative_to(root) if path != root else Path(root.name)
            digest.update(f"{name}\0".encode())
            digest.update(path.read_bytes() if path.is_file() else b"\0missing\0")
    return digest.hexdigest()
