"""The REST and Socket.IO channels, guarded against bad input.

They keep Rasa's channel names, so the URLs stay `/webhooks/rest/webhook` and
`/socket.io`, and change only what reaches the assistant:

- Every message is cleaned before the NLU sees it: control characters become spaces,
  a surrogate pair sent as two halves becomes the character it encodes, a lone
  surrogate (half an emoji cut off by a client) becomes U+FFFD, and text beyond
  `MAX_MESSAGE_CHARS` is cut off (a widget user still gets a reply).
- The REST webhook refuses a request it cannot answer with a clear JSON error instead
  of guessing: 400 for a body that is not a JSON object, a missing or malformed
  `sender` or `message`, or `metadata` that is not an object; 413 for a message over
  `MAX_MESSAGE_CHARS`, which never reaches the NLU or the conversation store.

An empty message is not an error: it gets the assistant's polite "I didn't get that".

When the conversation store cannot be read or written during a turn
(`ConversationStoreUnavailable`), the user gets an apology instead of an answer that
forgets the conversation, the REST webhook a 503 with a JSON error, and the log the
store's own message; the turn is not saved, and the next one continues from what the
store holds.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.stores import ConversationStoreUnavailable

MAX_MESSAGE_CHARS = 2000
# Conversation ids: letters, digits and . _ : @ + - (user ids, e-mails, UUIDs), so an
# id never carries path, quote or control characters into logs, URLs or stores.
SENDER_ID = re.compile(r"[A-Za-z0-9._:@+\-]{1,128}")

Handler = Callable[[UserMessage], Awaitable[Any]]

logger = logging.getLogger(__name__)


# Control characters and line or paragraph separators; format characters such as the
# zero-width joiner stay, as some scripts and emoji need them.
SPACE_CATEGORIES = ("Cc", "Zl", "Zp")


def whole_characters(text: str) -> str:
    """`text` as valid Unicode: surrogate halves that belong together joined into the
    character they encode, and a lone one replaced by U+FFFD. JSON can carry both
    (`"\\ud83e\\udd16"`, `"\\ud83e"`), and a str holding a lone surrogate cannot be
    encoded as UTF-8, so spaCy, the logs and the store would fail on it."""
    if text.isascii():
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_text(text: str) -> str:
    """`text` as valid Unicode, control characters as spaces, cut to the length limit."""
    text = whole_characters(text)[:MAX_MESSAGE_CHARS]
    return "".join(" " if unicodedata.category(char) in SPACE_CATEGORIES else char for char in text)


STORE_DOWN_APOLOGY = (
    "Sorry, I can't reach my memory of our conversation right now, so I'd rather not "
    "answer without it. Please send that again in a moment."
)


class StoreDown(RuntimeError):
    """A turn that the conversation store could not serve (already apologised for)."""


def cleaning(on_new_message: Handler) -> Handler:
    """Wraps Rasa's message handler: every message is cleaned first, and a turn the
    conversation store cannot serve gets an apology and raises `StoreDown`."""

    async def handle(message: UserMessage) -> Any:
        if isinstance(message.text, str):
            message.text = clean_text(message.text)
        try:
            return await on_new_message(message)
        except ConversationStoreUnavailable as error:
            logger.error("%s. The user was asked to send the message again.", error)
            await message.output_channel.send_text_message(message.sender_id, STORE_DOWN_APOLOGY)
            raise StoreDown(str(error)) from None

    return handle


def request_problem(body: Any) -> tuple[int, str] | None:
    """The HTTP status and error for a webhook request body, or None when it is valid."""
    if not isinstance(body, dict):
        return 400, 'The body must be a JSON object: {"sender": "...", "message": "..."}.'
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not SENDER_ID.fullmatch(sender):
        return 400, (
            '"sender" must be a string of 1 to 128 letters, digits or . _ : @ + - '
            "characters that names the conversation."
        )
    if not isinstance(message, str):
        return 400, '"message" must be a string.'
    if len(message) > MAX_MESSAGE_CHARS:
        return 413, (
            f'"message" has {len(message)} characters; the limit is {MAX_MESSAGE_CHARS}. '
            "Ask one question at a time."
        )
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return 400, '"metadata" must be a JSON object when given.'
    return None


def json_body(request: Request) -> Any:
    """The request's JSON body, or None when it is not JSON."""
    try:
        return request.json
    except Exception:  # Sanic raises its own error types for a malformed body.
        return None


class GuardedRestInput(RestInput):
    """Rasa's REST channel with validated requests and cleaned messages."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        on_new_message = cleaning(on_new_message)
        webhook = Blueprint("guarded_rest_webhook")

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = json_body(request)
            problem = request_problem(body)
            if problem:
                status, error = problem
                return response.json({"error": error}, status=status)
            collector = CollectingOutputChannel()
            message = UserMessage(
                body["message"],
                collector,
                body["sender"],
                input_channel=self.name(),
                metadata=body.get("metadata"),
            )
            # Rasa's own REST channel logs and swallows errors while handling a
            # message; the user then gets whatever was said before the error.
            try:
                await on_new_message(message)
            except StoreDown:
                return response.json({"error": STORE_DOWN_APOLOGY}, status=503)
            except Exception:
                logger.exception("Could not handle the message of %s.", body["sender"])
                return response.json(
                    {"error": "The assistant could not handle this message; try again."},
                    status=503,
                )
            return response.json(collector.messages)

        return webhook


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's Socket.IO channel (the web widget's) with cleaned messages."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(apologising(cleaning(on_new_message)))


def apologising(on_new_message: Handler) -> Handler:
    """For channels that send replies as they come: the apology was sent, so a turn
    the store could not serve ends there."""

    async def handle(message: UserMessage) -> Any:
        try:
            return await on_new_message(message)
        except StoreDown:
            return None

    return handle
