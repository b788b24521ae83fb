"""Reads the canonical values of an entity from the latest message."""

from collections.abc import Iterable, Mapping

from rasa_sdk import Tracker

from actions.catalogue import find_mentions


def requested_values(
    tracker: Tracker, entity: str, aliases_by_key: Mapping[str, Iterable[str]]
) -> list[str]:
    """Canonical values of `entity` in the latest message, in order, without repeats.

    The NLU extracts entities from lookup tables built from the same catalogue and
    maps them to canonical values; a value that arrives unmapped (from a hand-typed
    payload, say) is looked up among the aliases. Unknown values are dropped.
    """
    values: list[str] = []
    for raw in tracker.get_latest_entity_values(entity):
        value = str(raw)
        found = [value] if value in aliases_by_key else find_mentions(value, aliases_by_key)
        values.extend(key for key in found if key not in values)
    return values
