"""What the end-to-end tests share besides fixtures: talking to the assistant over
its REST webhook, and serving a folder over HTTP."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from harness.judge import reply_text
from harness.servers import post


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
