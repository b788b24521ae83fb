"""The assistant started the plain Rasa way, without `make`, on a fresh copy of the
repository (what `git clone` or `git clean -xdf` leaves, plus what `make install` and
`make train` build): `rasa run actions`, `rasa run --enable-api` and `rasa shell` from
its root, as the Rasa docs, containers and the Helm chart start it.

Conversations begun over REST, over Socket.IO (the widget's channel) and in
`rasa shell` are all kept in state/ and survive a kill -9 of the server; a store that
cannot be opened stops the server with its path, rather than answer without memory.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import pexpect
import pytest
import requests

from harness import ports
from harness.quiet import QUIET_ENV
from harness.servers import (
    LOGS,
    MODEL,
    RASA,
    ROOT,
    START_TIMEOUT,
    Server,
    socketio_turn,
)
from tests.e2e.support import say

PORT = ports.PLAIN_RASA
SHELL_PORT = ports.PLAIN_SHELL
# The action server's port in the shipped endpoints.yml; another one when it is taken
# (by a `make run` beside the tests, say).
SHIPPED_ACTIONS_PORT = ports.SHIPPED_ACTIONS
SPARE_ACTIONS_PORT = ports.PLAIN_SPARE_ACTIONS
LEVEL_QUESTION = "what's your level"
# "no preference" answers the level question only while that course search is open;
# without the conversation's memory it is not understood.
FINISH = "no preference"
FINISHED = "The document lists 9 courses"
SILENT_FALLBACKS = ("Could not create tables", "Falling back to use the 'InMemoryTrackerStore'")


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def fresh_copy(target: Path) -> Path:
    """The repository's files as a fresh clone has them, with the spaCy pipeline and
    the model that `make install` and `make train` build (the virtual environment is
    used where it is)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".spacy").symlink_to(ROOT / ".spacy")
    if (ROOT / ".encoder").is_dir():
        (target / ".encoder").symlink_to(ROOT / ".encoder")
    (target / "models").mkdir()
    shutil.copy2(MODEL, target / "models" / MODEL.name)
    return target


def plain(copy: Path, name: str, *arguments: str, health: str) -> Server:
    """`rasa <arguments>` run from the copy's root, with Rasa's defaults for the rest."""
    return Server(f"plain-{name}", [RASA, *arguments], health, cwd=copy)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    copy = fresh_copy(tmp_path_factory.mktemp("fresh") / "assistant")
    assert not (copy / "state" / "conversations.db").exists()
    return copy


@pytest.fixture(scope="module")
def actions_port(copy) -> int:
    if not port_taken(SHIPPED_ACTIONS_PORT):
        return SHIPPED_ACTIONS_PORT
    endpoints = copy / "endpoints.yml"
    endpoints.write_text(
        endpoints.read_text().replace(f":{SHIPPED_ACTIONS_PORT}/", f":{SPARE_ACTIONS_PORT}/")
    )
    return SPARE_ACTIONS_PORT


class ShellSession:
    """`rasa shell` in a terminal, driven like a person types."""

    def __init__(self, copy: Path, conversation_id: str) -> None:
        self.log = (LOGS / "plain-shell.log").open("w")
        command = [
            "shell",
            "--port",
            str(SHELL_PORT),
            "--conversation-id",
            conversation_id,
        ]
        self.child = pexpect.spawn(
            RASA,
            command,
            cwd=str(copy),
            env={**os.environ, **QUIET_ENV},
            encoding="utf-8",
            timeout=START_TIMEOUT,
            dimensions=(50, 200),
        )
        self.child.logfile_read = self.log

    def say(self, text: str, expect: str) -> None:
        self.child.expect("Your input ->")
        self.child.sendline(text)
        self.child.expect(expect, timeout=60)

    def close(self) -> None:
        self.child.terminate(force=True)
        self.log.close()


def user_turns(url: str, sender: str) -> list[str]:
    response = requests.get(f"{url}/conversations/{sender}/tracker", timeout=30)
    assert response.status_code == 200, response.text
    return [event["text"] for event in response.json()["events"] if event["event"] == "user"]


def test_every_channel_keeps_its_conversation_across_kill_9(copy, actions_port):
    url = f"http://127.0.0.1:{PORT}"
    actions = plain(
        copy,
        "actions",
        "run",
        "actions",
        "--port",
        str(actions_port),
        health=f"http://127.0.0.1:{actions_port}/health",
    )
    rasa = plain(copy, "rasa", "run", "--enable-api", "--port", str(PORT), health=f"{url}/")
    rasa.log.unlink(missing_ok=True)  # only this run's log is checked for fallbacks
    actions.start()
    rasa.start()
    shell_id, rest_id, widget_id = (f"plain-{kind}-{uuid.uuid4().hex[:6]}" for kind in "srw")
    shell = ShellSession(copy, shell_id)
    try:
        actions.wait_ready()
        shell.say("can you suggest a course", expect="What's your level")
        shell.close()
        rasa.wait_ready()
        assert LEVEL_QUESTION in say(url, rest_id, "recommend a course").lower()
        widget_reply = asyncio.run(socketio_turn(url, widget_id, "I want to learn deep learning"))
        assert LEVEL_QUESTION in widget_reply.lower()
        assert (copy / "state" / "conversations.db").is_file()

        rasa.crash()
        rasa.start().wait_ready()

        assert user_turns(url, shell_id) == ["can you suggest a course"]
        assert FINISHED in say(url, rest_id, FINISH)
        assert FINISHED in asyncio.run(socketio_turn(url, widget_id, FINISH))
        assert FINISHED in say(url, shell_id, FINISH)
        assert user_turns(url, rest_id) == ["recommend a course", FINISH]
        assert user_turns(url, widget_id) == ["I want to learn deep learning", FINISH]
    finally:
        shell.close()
        rasa.stop()
        actions.stop()
    log = rasa.log.read_text()
    assert not [warning for warning in SILENT_FALLBACKS if warning in log]


def test_a_store_that_cannot_be_opened_stops_the_server(tmp_path):
    copy = fresh_copy(tmp_path / "assistant")
    shutil.rmtree(copy / "state")
    (copy / "state").write_text("a file where the conversations' folder should be")
    rasa = plain(
        copy, "broken-store", "run", "--port", str(PORT), health=f"http://127.0.0.1:{PORT}/"
    )
    rasa.log.unlink(missing_ok=True)
    rasa.start()
    try:
        code = rasa.process.wait(timeout=START_TIMEOUT)
    finally:
        rasa.stop()
    log = rasa.log.read_text()
    assert code != 0, "the server started without its conversation store"
    assert "ConversationStoreError" in log
    assert f"sqlite database {copy / 'state' / 'conversations.db'}" in log
