"""Reading the catalogues' YAML: every malformed field raises `CatalogueError` naming
the file and the field, so that a bad edit stops the server at start-up."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

# Query parameters that only track the visitor or pay an affiliate; the course page
# itself never needs them.
TRACKING_PARAMETERS = re.compile(
    r"^(utm_.*|ran(mid|eaid|siteid)|lsnpubid|irclickid|irgwc|awc|source|feature|ref|aff.*|fbclid|gclid)$",
    re.IGNORECASE,
)


class CatalogueError(ValueError):
    """A catalogue file is missing, unreadable or has an invalid field."""


class Fields:
    """Reads one YAML mapping, raising `CatalogueError` with file and location."""

    def __init__(self, source: Path, where: str, raw: Any) -> None:
        self.source = source
        self.where = where
        if not isinstance(raw, dict):
            self.fail(f"must be a mapping, got {type(raw).__name__}")
        self.raw: dict[str, Any] = raw

    def fail(self, message: str, field: str | None = None) -> None:
        location = f"{self.where}.{field}" if field else self.where
        raise CatalogueError(f"{self.source}: {location}: {message}")

    def text(self, field: str, required: bool = True) -> str | None:
        value = self.raw.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail("must be a non-empty string", field)
        return value.strip()

    def hours(self, field: str) -> float | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.fail("must be a positive number of hours", field)
        return float(value)

    def integer(self, field: str) -> int:
        value = self.raw.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail("must be a positive whole number", field)
        return value

    def flag(self, field: str) -> bool:
        value = self.raw.get(field, False)
        if not isinstance(value, bool):
            self.fail("must be true or false", field)
        return value

    def words(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            self.fail("must be a non-empty list of strings", field)
        return tuple(item.strip().lower() for item in value)

    def mapping(self, field: str) -> tuple[tuple[str, str], ...]:
        """An optional mapping of names to strings, as pairs."""
        value = self.raw.get(field, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
        ):
            self.fail("must be a mapping of names to non-empty strings", field)
        return tuple((k, v.strip()) for k, v in value.items())

    def choice(self, field: str, allowed: Iterable[str], required: bool = True) -> str | None:
        value = self.text(field, required)
        allowed = list(allowed)
        if value is not None and value not in allowed:
            self.fail(f"'{value}' is not one of {', '.join(allowed)}", field)
        return value

    def choices(self, field: str, allowed: Iterable[str]) -> tuple[str, ...]:
        values = self.words(field)
        allowed = list(allowed)
        for value in values:
            if value not in allowed:
                self.fail(f"'{value}' is not one of {', '.join(allowed)}", field)
        return values

    def clean_url(self, field: str) -> str:
        url = self.text(field)
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.netloc:
            self.fail(f"'{url}' must be an https URL", field)
        tracking = [
            name
            for name, _ in parse_qsl(parts.query, keep_blank_values=True)
            if TRACKING_PARAMETERS.match(name)
        ]
        if tracking:
            self.fail(f"has tracking parameters: {', '.join(tracking)}", field)
        return url


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"{path}: cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: is not valid YAML: {error}") from error
    if not isinstance(content, dict):
        raise CatalogueError(f"{path}: must hold a mapping at the top level")
    return content


def required_section(path: Path, content: Mapping[str, Any], name: str, kind: type) -> Any:
    value = content.get(name)
    if not isinstance(value, kind) or not value:
        raise CatalogueError(f"{path}: {name}: must be a non-empty {kind.__name__}")
    return value


def unique(path: Path, section: str, values: Sequence[Any], what: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise CatalogueError(f"{path}: {section}: duplicate {what} '{value}'")
        seen.add(value)
