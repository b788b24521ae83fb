"""The default single server (scripts/serve.sh with endpoints.yml): conversations in
SQLite survive a kill -9 mid-turn, the action server can go down and come back, the HTTP API
needs the token, and the action server listens on 127.0.0.1 only."""

import os
import subprocess
import time
import uuid

import pytest
import requests

from harness import ports
from harness.judge import problem_with
from harness.servers import (
    ROOT,
    action_server,
    endpoints_for,
    post,
    served,
    start_all,
    stop_all,
)
from tests.e2e.support import kill_mid_turn, say

RASA_PORT = ports.RELIABILITY_RASA
ACTIONS_PORT = ports.RELIABILITY_ACTIONS
TOKEN = uuid.uuid4().hex
ORIGIN = "https://widget.example.org"
APOLOGY = "can't look that up right now"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    state = tmp_path_factory.mktemp("reliability")
    endpoints = state / "endpoints.yml"
    endpoints.write_text(endpoints_for(ACTIONS_PORT, state))
    actions = action_server(ACTIONS_PORT)
    rasa = served(RASA_PORT, ENDPOINTS=str(endpoints), RASA_AUTH_TOKEN=TOKEN, WEB_ORIGINS=ORIGIN)
    start_all(actions, rasa)
    yield {"actions": actions, "rasa": rasa, "url": f"http://127.0.0.1:{RASA_PORT}", "db": state}
    stop_all(actions, rasa)


def tracker(url: str, sender: str, token: str | None = TOKEN) -> requests.Response:
    params = {"token": token} if token else {}
    return requests.get(f"{url}/conversations/{sender}/tracker", params=params, timeout=30)


def test_a_conversation_survives_kill_9(stack):
    url, sender = stack["url"], f"crash-{uuid.uuid4().hex[:8]}"
    assert "I found 3 beginner courses" in say(url, sender, "beginner courses please")
    assert "what's your level" in say(url, sender, "I want to learn deep learning").lower()
    assert (stack["db"] / "conversations.db").exists()

    # Killed mid-turn: its message waits on the paused action server.
    kill_mid_turn(stack["rasa"], stack["actions"], url, sender, "I'm a complete beginner")
    stack["rasa"].start().wait_ready()

    kept = tracker(url, sender).json()
    assert kept["slots"]["course_search"] == "asks_level"
    users = [event["text"] for event in kept["events"] if event["event"] == "user"]
    # The message in flight was not half-saved.
    assert users == ["beginner courses please", "I want to learn deep learning"]
    # "no preference" answers the level question the search left open, at once: no
    # lock of the dead process is left to wait for.
    started = time.monotonic()
    assert "The document lists 9 courses" in say(url, sender, "no preference")
    assert time.monotonic() - started < 5
    assert "I found 2 short courses" in say(url, sender, '/inform{"length": "short"}')


def test_the_action_server_down_gets_an_apology_and_back_a_normal_answer(stack):
    url, sender = stack["url"], f"down-{uuid.uuid4().hex[:8]}"
    examples = {"text": "how is deep learning used in medicine?", "topic": "example:medicine"}
    stack["actions"].stop()
    try:
        assert APOLOGY in say(url, sender, examples["text"])
        # A course search that fails half-way is ended, not asked again and again.
        assert APOLOGY in say(url, sender, "recommend me a course")
        reply = post(url, sender, "what does deep learning mean?").json()
        assert problem_with({"text": "", "topic": "ask_what_is_dl"}, reply) is None
    finally:
        stack["actions"].start().wait_ready()
    reply = post(url, sender, examples["text"]).json()
    assert problem_with(examples, reply) is None, reply
    assert "what's your level" in say(url, sender, "recommend me a course").lower()


def test_the_http_api_needs_the_token(stack):
    url, sender = stack["url"], f"api-{uuid.uuid4().hex[:8]}"
    say(url, sender, "hello")
    assert tracker(url, sender, token=None).status_code == 401
    assert tracker(url, sender, token="wrong").status_code == 401
    events = tracker(url, sender).json()["events"]
    assert any(event.get("text") == "hello" for event in events)


def test_without_a_token_the_http_api_is_off(assistant_url):
    response = requests.get(f"{assistant_url}/conversations/anyone/tracker", timeout=30)
    assert response.status_code == 404


def test_cors_allows_the_configured_origin_only(stack):
    webhook = f"{stack['url']}/webhooks/rest/webhook"
    allowed = requests.options(webhook, headers={"Origin": ORIGIN}, timeout=30)
    assert allowed.headers.get("Access-Control-Allow-Origin") == ORIGIN
    other = requests.options(webhook, headers={"Origin": "https://evil.example"}, timeout=30)
    assert "Access-Control-Allow-Origin" not in other.headers


def listening_addresses(port: int) -> set[str]:
    out = subprocess.run(
        ["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return {line.split()[3].rsplit(":", 1)[0] for line in out.splitlines()}


def test_the_action_server_listens_on_loopback_only():
    """As `make run` starts it (scripts/with_action_server.sh)."""
    port = ports.RELIABILITY_WRAPPED_ACTIONS
    env = {**os.environ, "ACTIONS_PORT": str(port), "RASA": str(ROOT / ".venv" / "bin" / "rasa")}
    wrapper = subprocess.Popen(
        [str(ROOT / "scripts" / "with_action_server.sh"), "sleep", "60"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not listening_addresses(port) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        os.killpg(wrapper.pid, 15)
        wrapper.wait(timeout=30)


def test_a_lesson_and_a_quiz_round_go_on_after_a_restart(stack):
    """The lesson's step and the quiz's round live in slots, kept by the store."""
    from knowledge.quiz import quiz

    url = stack["url"]
    learner, player = (f"{kind}-{uuid.uuid4().hex[:8]}" for kind in ("lesson", "quiz"))
    say(url, learner, "teach me deep learning")
    assert "Step 3 of 8" in say(url, learner, "next") + say(url, learner, "next")
    say(url, player, "quiz me")
    asked = post(url, player, "skip").json()
    question = next(m["text"] for m in asked if m.get("text", "").startswith("Question 2 of 5"))
    ask = question.split(": ", 1)[1]

    stack["rasa"].stop()
    stack["rasa"].start().wait_ready()

    assert "Step 3 of 8" in say(url, learner, "back to the lesson")
    right = next(q.right for q in quiz().questions if q.ask == ask)
    reply = say(url, player, right)
    assert "Right!" in reply and "Question 3 of 5" in reply
