"""The action server deploys on its own: `rasa run actions` from a folder that holds
only what its image holds (scripts/package_servers.py: actions/, the knowledge
package with its data, the spaCy pipeline and the encoder; no addons/, no training
data, no model), as Rasa's rasa/rasa-sdk image runs it, answers a course request over
the action server's HTTP API."""

from __future__ import annotations

import os

import pytest
import requests

from harness import ports
from harness.servers import action_server
from scripts.package_servers import ACTION_SERVER, lay_out

PORT = ports.ACTION_SERVER_IMAGE


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    return lay_out(ACTION_SERVER, tmp_path_factory.mktemp("action-server"))


@pytest.fixture(scope="module")
def url(image):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    server = action_server(PORT, cwd=image, log_prefix="image")
    server.env = {**env, **{k: v for k, v in server.env.items() if k != "PYTHONPATH"}}
    server.start().wait_ready()
    yield f"http://127.0.0.1:{PORT}"
    server.stop()


def test_the_image_holds_nothing_of_the_rasa_server(image):
    top = sorted(path.name for path in image.iterdir())
    assert top == sorted({name.split("/")[0] for name in ACTION_SERVER})
    for absent in ("addons", "data", "models", "domain.yml", "config.yml"):
        assert not (image / absent).exists(), absent


def course_request(text: str, entities: list[dict]) -> dict:
    """The body Rasa posts to the action server for a course request."""
    parse_data = {
        "text": text,
        "intent": {"name": "ask_courses", "confidence": 0.99},
        "intent_ranking": [{"name": "ask_courses", "confidence": 0.99}],
        "entities": entities,
    }
    slots = {entity["entity"]: entity["value"] for entity in entities}
    return {
        "next_action": "action_start_course_search",
        "sender_id": "image-test",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "image-test",
            "slots": slots,
            "latest_message": parse_data,
            "events": [
                {"event": "action", "name": "action_listen"},
                {"event": "user", "text": text, "parse_data": parse_data},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def test_the_image_answers_a_course_request(url):
    entities = [{"entity": "level", "value": "beginner", "start": 2, "end": 10}]
    reply = requests.post(
        f"{url}/webhook", json=course_request("a beginner course please", entities), timeout=60
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    first = body["responses"][0]
    assert first["response"] == "utter_courses_found"
    assert first["count"] == 3 and "Basics of Deep Learning" in first["course_list"]
    slots = {event["name"]: event["value"] for event in body["events"] if event["event"] == "slot"}
    assert slots["shown_courses"][0] == "basics_of_deep_learning"
    assert slots["course"] == "basics_of_deep_learning"


def test_the_image_lists_its_actions(url):
    actions = {action["name"] for action in requests.get(f"{url}/actions", timeout=30).json()}
    assert {
        "action_start_course_search",
        "action_show_examples",
        "action_answer_in_thread",
    } <= actions
