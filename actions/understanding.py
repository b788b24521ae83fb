"""Reads what the user asked for from the latest message: entities first, then words."""

from collections.abc import Iterable, Mapping

from rasa_sdk import Tracker

from actions.catalogue import find_mentions


def requested_values(
    tracker: Tracker, entity: str, aliases_by_key: Mapping[str, Iterable[str]]
) -> list[str]:
    """Canonical values of `entity` in the latest message.

    Entity values the synonym mapper did not normalise are looked up among the
    aliases. When the NLU found no entity of this kind, the message text itself is
    searched, so a field or topic named in words the model never saw still counts.
    """
    values: list[str] = []
    for raw in tracker.get_latest_entity_values(entity):
        value = str(raw)
        found = [value] if value in aliases_by_key else find_mentions(value, aliases_by_key)
        values.extend(key for key in found if key not in values)
    if values:
        return values
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        # A button payload names its entities explicitly; its text is not prose.
        return []
    return find_mentions(text, aliases_by_key)
