"""A chat in the terminal, served by Rasa itself.

Started as `rasa run --connector addons.terminal.TerminalInput` (scripts/chat.sh).

Rasa's own `rasa shell` turns a reply's buttons into an arrow-key menu, so the next
question can only be typed after choosing "Type out your own message...". Here the
prompt always takes free text:

- buttons are listed under the reply as numbered choices, and a number alone picks
  that button (its payload goes to the assistant, as a click in the widget would);
- links are printed as their title and, on the next line, the plain URL;
- Ctrl-D, Ctrl-C or `/stop` end the chat and stop the server;
- the prompt has line editing and history (up arrow), from prompt_toolkit.

The channel needs no HTTP route: when the server has started, it reads lines from the
terminal and hands each to the assistant, exactly as the REST channel hands over a
request, and prints what the assistant collected.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import textwrap
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, Sanic

from addons.channels import apologising, cleaning

logger = logging.getLogger(__name__)

STOP_WORDS = {"/stop", "/quit", "/exit"}
BANNER = (
    "Deep-learning assistant: ask what deep learning is, how it works, where it is used, "
    "or for a free course. Type a number to pick a choice; Ctrl-D or /stop to leave."
)
PROMPT = "You: "
BOT = "Bot: "
INDENT = " " * len(BOT)


def width() -> int:
    """The terminal's width, at most 100 columns, so that lines stay readable."""
    return min(shutil.get_terminal_size((88, 24)).columns, 100)


MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def plain_text(text: str) -> str:
    """Markdown links as title and URL on its own line; the rest as it is."""
    lines = []
    for line in text.splitlines():
        links = MARKDOWN_LINK.findall(line)
        lines.append(MARKDOWN_LINK.sub(r"\1", line).replace("**", ""))
        lines.extend(f"    {url}" for _, url in links)
    return "\n".join(lines)


def choices_line(buttons: list[dict[str, Any]]) -> str:
    """`[1] What makes it "deep"?  [2] A course on neural networks`, wrapped."""
    items = [f"[{number}] {button.get('title', '')}" for number, button in enumerate(buttons, 1)]
    return textwrap.fill(
        "  ".join(items),
        width(),
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def wrapped(text: str) -> str:
    """A reply's text after "Bot: ", its lines wrapped to the terminal; URLs whole."""
    lines = []
    for line in text.splitlines() or [""]:
        if line.lstrip().startswith("http"):
            lines.append(INDENT + line)
            continue
        lines.extend(textwrap.wrap(line, width() - len(INDENT), break_long_words=False) or [""])
    first, *rest = lines
    return (
        BOT
        + first
        + "".join("\n" + (line if line.startswith(INDENT) else INDENT + line) for line in rest)
    )


def render(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """What to print for the assistant's messages, and the buttons a number picks."""
    blocks: list[str] = []
    buttons: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            blocks.append(wrapped(plain_text(message["text"])))
        if message.get("image"):
            blocks.append(f"{BOT}(image) {message['image']}")
        if message.get("buttons"):
            buttons = list(message["buttons"])
            blocks.append(choices_line(buttons))
    return "\n".join(blocks) or BOT + "(no reply)", buttons


def to_send(line: str, buttons: list[dict[str, Any]]) -> str:
    """The message a typed line sends: a button's payload for its number."""
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return buttons[int(text) - 1].get("payload") or buttons[int(text) - 1].get("title", "")
    return text


class TerminalInput(InputChannel):
    """Reads questions from the terminal and prints the assistant's replies."""

    def __init__(self, sender_id: str | None = None) -> None:
        self.sender_id = sender_id or uuid.uuid4().hex

    @classmethod
    def name(cls) -> str:
        return "terminal"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TerminalInput:
        return cls((credentials or {}).get("sender_id"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("terminal_chat", __name__)

        @blueprint.listener("after_server_start")
        async def start_chat(app: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
            app.add_task(self.chat(app, apologising(cleaning(on_new_message))))

        return blueprint

    async def ask(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str
    ) -> list[dict[str, Any]]:
        collector = CollectingOutputChannel()
        await on_new_message(
            UserMessage(text, collector, self.sender_id, input_channel=self.name())
        )
        return collector.messages

    async def chat(
        self, app: Sanic, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        """The conversation loop; stops the server when the person leaves."""
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory

        print(BANNER, flush=True)
        session: PromptSession = PromptSession(history=InMemoryHistory())
        buttons: list[dict[str, Any]] = []
        try:
            while True:
                try:
                    line = await session.prompt_async(PROMPT)
                except (EOFError, KeyboardInterrupt):
                    break
                if line.strip().lower() in STOP_WORDS:
                    break
                if not line.strip():
                    continue
                try:
                    messages = await self.ask(on_new_message, to_send(line, buttons))
                except Exception:  # one failed turn must not end the chat
                    logger.exception("The assistant could not handle this message.")
                    print(BOT + "Sorry, something went wrong on my side. Please try again.")
                    continue
                shown, new_buttons = render(messages)
                buttons = new_buttons
                print(shown, flush=True)
        finally:
            print("Bye!", flush=True)
            app.stop()
