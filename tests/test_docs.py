"""The README and docs/ name only what exists: repository paths, make targets, modules
run with `python -m` and the targets of relative links; and the README stays a front
page of at most README_MAX_LINES lines."""

import importlib.util
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 200

# A token is a repository path when it starts with one of these and has a slash in it
# or one of EXTENSIONS at its end (`tests` alone is a word, `tests/` a folder) ...
TOP_FOLDERS = {"actions", "addons", "knowledge", "data", "tests", "bench", "harness", "scripts"}
TOP_FOLDERS |= {"web", "docs", "state", ".ci"}
EXTENSIONS = (".py", ".yml", ".md", ".sh", ".png", ".txt", ".toml")
# ... or when it is one of these files.
TOP_FILES = re.compile(
    r"config\.yml|domain\.yml|endpoints(\.scale)?\.yml|endpoints\*\.yml|credentials\.yml"
    r"|Makefile|requirements[\w*-]*\.txt"
)
# Built or written by running the assistant, and not in git.
GENERATED = (
    "results/",
    "models/",
    "web/node_modules/",
    "state/conversations.db",
    "data/nlu/review_accepted.yml",  # written by make review-accept
)

FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`([^`]+)`")
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img\b[^>]*\bsrc=\"([^\"]+)\"")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
MAKE = re.compile(r"(?<![\w/.-])make\s+([A-Za-z][\w-]*)")
PYTHON_MODULE = re.compile(r"python3?\s+-m\s+([A-Za-z_][\w.]*)")


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def code_of(text: str) -> list[str]:
    """The fenced blocks and the inline code spans of a Markdown text."""
    blocks = FENCED.findall(text)
    return blocks + INLINE.findall(FENCED.sub("", text))


def prose_of(text: str) -> str:
    """A Markdown text without its code, where a link is only ever text."""
    return INLINE.sub("", FENCED.sub("", text))


def is_repository_path(token: str) -> bool:
    if TOP_FILES.fullmatch(token):
        return True
    top = token.split("/", 1)[0]
    return top in TOP_FOLDERS and ("/" in token or token.endswith(EXTENSIONS))


def named_paths(text: str) -> set[str]:
    """Repository paths named in the code of a Markdown text, without a test's `::name`."""
    tokens = (token for code in code_of(text) for token in re.split(r"[\s=]+", code))
    paths = (token.strip("\"'(),;:").rstrip(".").split("::")[0] for token in tokens)
    return {path for path in paths if path and is_repository_path(path)}


def path_exists(path: str) -> bool:
    if path.startswith(GENERATED):
        return True
    if any(char in path for char in "*?["):
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def makefile_targets() -> set[str]:
    """Targets of the Makefile: the rules' names (`name:`, `a b &:`) and `.PHONY`'s."""
    targets = set()
    for line in (ROOT / "Makefile").read_text().splitlines():
        rule = re.match(r"([^\s#:=][^:=]*?)\s*&?:(?!=)(.*)", line)
        if rule:
            names = rule.group(2) if rule.group(1) == ".PHONY" else rule.group(1)
            targets.update(names.split())
    return targets


def module_exists(name: str) -> bool:
    """A module of the repository is a .py file or a package in it; any other module
    only has to be importable."""
    parts = name.split(".")
    if (ROOT / parts[0]).is_dir() or (ROOT / f"{parts[0]}.py").is_file():
        path = ROOT.joinpath(*parts)
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()
    return importlib.util.find_spec(parts[0]) is not None


def slug(heading: str) -> str:
    """A heading's anchor as GitHub writes it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in HEADING.findall(FENCED.sub("", page.read_text())):
        anchor, number = slug(heading), 0
        while (f"{anchor}-{number}" if number else anchor) in found:
            number += 1
        found.add(f"{anchor}-{number}" if number else anchor)
    return found


def broken_links(page: Path, text: str) -> list[str]:
    """The relative links of a page whose file, or heading, does not exist."""
    broken = []
    for groups in LINK.findall(prose_of(text)):
        target = groups[0] or groups[1]
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(target)
    return broken


def missing_names(page: Path, text: str) -> list[str]:
    """Everything the page names that does not exist."""
    code = code_of(text)
    targets = makefile_targets()
    make_targets = {name for piece in code for name in MAKE.findall(piece)}
    modules = {name for piece in code for name in PYTHON_MODULE.findall(piece)}
    return sorted(
        [path for path in named_paths(text) if not path_exists(path)]
        + [f"make {name}" for name in make_targets if name not in targets]
        + [f"python -m {name}" for name in modules if not module_exists(name)]
        + [f"link {target}" for target in broken_links(page, text)]
    )


def test_the_readme_is_a_front_page():
    lines = len(README.read_text().splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail to docs/"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_path_target_module_and_link_a_page_names_exists(page):
    assert missing_names(page, page.read_text()) == []


@pytest.mark.parametrize("page", PAGES[1:], ids=page_id)
def test_each_docs_page_has_a_title_and_leads_back_to_the_readme(page):
    text = page.read_text()
    assert text.startswith("# "), "a page starts with its title"
    assert re.search(r"\]\(\.\./README\.md[)#]", text), "a page links back to the README"


def test_the_readme_links_every_docs_page():
    linked = {target.split("#")[0] for target, _ in LINK.findall(prose_of(README.read_text()))}
    assert {page_id(page) for page in PAGES[1:]} <= linked


def test_the_checks_find_what_does_not_exist():
    """The checks themselves: what exists passes, what doesn't is named."""
    text = (
        "Run `make test` or `make no-such-target`; `.venv/bin/python -m bench.thresholds`\n"
        "and `python -m bench.no_such_module`; `actions/ideas.py`, `data/rules/answers.yml`,\n"
        "`scripts/chat.sh`, `tests/test_*.py`, `results/fuzz.md` and `actions/no_such.py`.\n"
        "See [the REST page](docs/rest-api.md#what-the-webhook-accepts), "
        "[nothing](docs/no-such-page.md) and [no heading](docs/rest-api.md#no-such-heading).\n"
        "```\nYou: a link in an example [Open the course](…) is no link\n```\n"
    )
    assert missing_names(README, text) == [
        "actions/no_such.py",
        "link docs/no-such-page.md",
        "link docs/rest-api.md#no-such-heading",
        "make no-such-target",
        "python -m bench.no_such_module",
    ]
