"""The three packages and what they may import: the action server (actions/) and the
Rasa server's components (addons/) never import each other; what both need lives in
the knowledge package, which imports neither Rasa, the Rasa SDK, nor either of them;
and importing any module loads nothing heavy."""

import ast
import subprocess
import sys

import pytest

from tests.helpers import ROOT

PACKAGES = ("actions", "addons", "knowledge")
# What each package must never import (the top-level name of a module).
FORBIDDEN = {
    "actions": {"addons", "rasa"},
    "addons": {"actions", "rasa_sdk"},
    "knowledge": {"actions", "addons", "rasa", "rasa_sdk"},
}


def imported_modules(path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def forbidden_imports(package: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[package]
    ]


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_what_it_may(package):
    assert forbidden_imports(package) == []


def test_the_check_finds_an_import_across_the_line(tmp_path):
    """The check reads imports anywhere in a file, the lazy ones inside functions too."""
    module = tmp_path / "module.py"
    module.write_text("def later():\n    from addons.stores import ConversationStore\n")
    assert imported_modules(module) == [(2, "addons.stores")]


def test_importing_any_module_loads_nothing_heavy():
    """Only a server's start-up (knowledge/startup.py, the models' loading) loads the
    encoder, spaCy, the catalogues and the indexes: importing a module is free."""
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in ("actions", "knowledge")
        for path in sorted((ROOT / package).glob("*.py"))
        if path.stem not in ("__init__", "warm_up")
    ]
    check = (
        "import sys, importlib\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from knowledge import catalogues, descriptions, document, facts, ideas\n"
        "heavy = ('onnxruntime', 'tokenizers', 'spacy', 'tensorflow', 'rasa')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "cached = (catalogues.course_catalogue, catalogues.examples, document.document,\n"
        "          ideas.glossary, ideas.idea_index, facts.fact_index,\n"
        "          descriptions.idea_guesser, descriptions.example_guesser)\n"
        "loaded = [f.__name__ for f in cached if f.cache_info().currsize]\n"
        "assert not heavy and not loaded, (heavy, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", check], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
