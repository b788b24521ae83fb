"""Starts the action server and `rasa run` once for the whole end-to-end session.

Set E2E_URL (e.g. http://localhost:5005) to test an assistant that is already running
instead; the test then starts nothing.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "assistant.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
# Ports apart from `make run`'s, so the tests can run beside a live assistant.
RASA_PORT = int(os.environ.get("E2E_RASA_PORT", "5105"))
ACTIONS_PORT = int(os.environ.get("E2E_ACTIONS_PORT", "5155"))
WEB_PORT = int(os.environ.get("E2E_WEB_PORT", "8180"))
WEB_ORIGIN = f"http://127.0.0.1:{WEB_PORT}"
START_TIMEOUT = 240


def endpoints_for(actions_port: int) -> str:
    """endpoints.yml as shipped, with the action server on another port."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    return yaml.safe_dump(config)


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{process.args[:3]} exited; last log lines:\n{log.read_text()[-3000:]}"
            )
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT} s; see {log}")


@pytest.fixture(scope="session")
def assistant_url(tmp_path_factory) -> str:
    if os.environ.get("E2E_URL"):
        yield os.environ["E2E_URL"].rstrip("/")
        return
    assert MODEL.exists(), f"{MODEL} is missing: run `make train` first"
    logs = ROOT / "logs"
    logs.mkdir(exist_ok=True)
    endpoints = tmp_path_factory.mktemp("e2e") / "endpoints.yml"
    endpoints.write_text(endpoints_for(ACTIONS_PORT))
    env = {**os.environ, "SANIC_HOST": "127.0.0.1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    commands = {
        "actions": [RASA, "run", "actions", "--actions", "actions", "--port", str(ACTIONS_PORT)],
        "rasa": [
            RASA,
            "run",
            "--model",
            str(MODEL),
            "--port",
            str(RASA_PORT),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--cors",
            WEB_ORIGIN,
        ],
    }
    processes = {}
    try:
        for name, command in commands.items():
            log = logs / f"e2e-{name}.log"
            processes[name] = (
                subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
                ),
                log,
            )
        _wait_for(f"http://127.0.0.1:{ACTIONS_PORT}/health", *processes["actions"])
        _wait_for(f"http://127.0.0.1:{RASA_PORT}/", *processes["rasa"])
        yield f"http://127.0.0.1:{RASA_PORT}"
    finally:
        for process, _ in processes.values():
            process.terminate()
        for process, _ in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def serve_folder(folder: Path, port: int) -> ThreadingHTTPServer:
    """Serves `folder` over HTTP on 127.0.0.1:`port` from a background thread."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def web_url() -> str:
    """The demo page in web/, served like `make web` serves it."""
    server = serve_folder(ROOT / "web", WEB_PORT)
    yield WEB_ORIGIN
    server.shutdown()


def post_message(url: str, sender: str, text: str) -> list[dict]:
    """Sends one message over the REST webhook and returns the bot's messages."""
    response = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def ask(assistant_url):
    """Sends messages as one new user."""
    sender = f"e2e-{uuid.uuid4().hex[:8]}"

    def send(text: str) -> list[dict]:
        return post_message(assistant_url, sender, text)

    return send
