"""Buttons: a title and a payload that sends an intent with its entities, as Rasa
reads it ("/inform{"level": "beginner"}"). Every button of the actions is made here."""

import json


def payload(intent: str, **entities: str) -> str:
    return f"/{intent}" + (json.dumps(entities) if entities else "")


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}
