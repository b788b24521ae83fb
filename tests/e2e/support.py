"""What the end-to-end tests share besides fixtures: talking to the assistant over
its REST webhook, and serving a folder over HTTP."""

import os
import signal
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from harness.judge import reply_text
from harness.servers import Server, post


def post_message(url: str, sender: str, text: str) -> list[dict]:
    """Sends one message over the REST webhook and returns the bot's messages."""
    response = post(url, sender, text)
    assert response.status_code == 200, response.text
    return response.json()


def say(url: str, sender: str, text: str) -> str:
    """Sends one message and returns the text of the bot's reply."""
    return reply_text(post_message(url, sender, text))


def serve_folder(folder: Path, port: int) -> ThreadingHTTPServer:
    """Serves `folder` over HTTP on 127.0.0.1:`port` from a background thread."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def kill_mid_turn(rasa: Server, actions: Server, url: str, sender: str, text: str) -> None:
    """Sends `text` to `url` while the action server is paused, and kills the Rasa
    server (kill -9) two seconds into that turn; the message gets no reply."""
    in_flight: dict = {}

    def send() -> None:
        try:
            in_flight["response"] = post(url, sender, text, timeout=90)
        except requests.RequestException as error:
            in_flight["error"] = error

    os.kill(actions.pid, signal.SIGSTOP)
    try:
        sending = threading.Thread(target=send)
        sending.start()
        time.sleep(2)
        rasa.crash()
    finally:
        os.kill(actions.pid, signal.SIGCONT)
    sending.join(30)
    assert "error" in in_flight, "the killed server answered"
