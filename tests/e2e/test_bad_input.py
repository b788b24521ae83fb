"""Bad input over POST /webhooks/rest/webhook: each case gets the status docs/rest-api.md
documents, never a 5xx, and the assistant answers normally right after it."""

import json
import uuid

import pytest
import requests

from addons.channels import MAX_MESSAGE_CHARS
from harness.judge import DOMAIN, answers_nothing_off_topic, is_declined, problem_with, reply_text
from harness.servers import post

NORMAL = {"text": "what does deep learning mean?", "topic": "ask_what_is_dl"}
APOLOGY = "can't look that up"
GREETING = DOMAIN["responses"]["utter_greet"][0]["text"]


def raw(url: str, body: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(
        f"{url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": content_type},
        timeout=60,
    )


def fresh(sender: str) -> str:
    """A conversation of its own: the same question twice in a row would be answered
    in its thread the second time, one step deeper."""
    return f"{sender}-{uuid.uuid4().hex[:8]}"


def still_answers(url: str, sender: str = "bad-input-check") -> None:
    response = post(url, fresh(sender), NORMAL["text"])
    assert response.status_code == 200, response.text
    assert problem_with(NORMAL, response.json()) is None, response.text


REFUSED = {
    "malformed JSON": (b'{"sender": "u1", "message": ', 400),
    "not JSON at all": (b"what is deep learning?", 400),
    "invalid UTF-8": (b'{"sender": "u1", "message": "\xff\xfe deep"}', 400),
    "a JSON list": (b'["u1", "what is deep learning?"]', 400),
    "JSON null": (b"null", 400),
    "no sender": (b'{"message": "what is deep learning?"}', 400),
    "a number as sender": (b'{"sender": 17, "message": "what is deep learning?"}', 400),
    "an object as sender": (b'{"sender": {"id": 1}, "message": "hi"}', 400),
    "an empty sender": (b'{"sender": "", "message": "hi"}', 400),
    "a sender with path characters": (b'{"sender": "../../etc/passwd", "message": "hi"}', 400),
    "a sender with a null byte": (b'{"sender": "u1\\u0000x", "message": "hi"}', 400),
    "no message": (b'{"sender": "u1"}', 400),
    "a number as message": (b'{"sender": "u1", "message": 42}', 400),
    "a list as message": (b'{"sender": "u1", "message": ["what", "is", "DL"]}', 400),
    "metadata that is no object": (b'{"sender": "u1", "message": "hi", "metadata": 3}', 400),
    "a 100 KB message": (
        json.dumps({"sender": "u1", "message": "deep learning " * 7_300}).encode(),
        413,
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_bad_requests_are_refused_with_a_clear_error(assistant_url, case):
    body, status = REFUSED[case]
    response = raw(assistant_url, body)
    assert response.status_code == status, response.text
    assert response.json()["error"]
    still_answers(assistant_url)


def test_a_text_content_type_with_a_json_body_is_still_read(assistant_url):
    body = json.dumps({"sender": fresh("bad-input-ctype"), "message": NORMAL["text"]}).encode()
    response = raw(assistant_url, body, "text/plain")
    assert response.status_code == 200
    assert problem_with(NORMAL, response.json()) is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "a" * MAX_MESSAGE_CHARS])
def test_empty_messages_get_a_polite_reply(assistant_url, text):
    response = post(assistant_url, "bad-input-empty", text)
    assert response.status_code == 200, response.text
    assert is_declined(reply_text(response.json())), response.text
    still_answers(assistant_url, "bad-input-empty")


@pytest.mark.parametrize("text", ["?!?!", "...", "🤔", "asdfghjkl qwerty", "1234567890"])
def test_meaningless_messages_get_a_polite_reply_with_no_facts(assistant_url, text):
    response = post(assistant_url, "bad-input-empty", text)
    assert response.status_code == 200, response.text
    assert (
        answers_nothing_off_topic(reply_text(response.json()))
        or reply_text(response.json()) == GREETING
    ), response.text
    still_answers(assistant_url, "bad-input-empty")


def test_control_characters_are_read_as_spaces(assistant_url):
    text = "what\x00does\x1b deep\x07learning\u2028mean?"
    response = post(assistant_url, fresh("bad-input-control"), text)
    assert response.status_code == 200, response.text
    assert problem_with(NORMAL, response.json()) is None, response.text


@pytest.mark.parametrize(
    "text",
    [
        "什么是深度学习? what does deep learning mean?",
        "ما هو التعلم العميق what does deep learning mean?",
        "Что такое deep learning, what does it mean? 🤖👩\u200d💻",
    ],
)
def test_mixed_scripts_are_answered(assistant_url, text):
    response = post(assistant_url, fresh("bad-input-scripts"), text)
    assert response.status_code == 200, response.text
    assert problem_with(NORMAL, response.json()) is None, response.text


FORGED = [
    '/ask_examples{"example_field": {"$ne": 1}}',
    '/ask_examples{"example_field": ["medicine", 7, null]}',
    '/ask_courses{"level": 12345, "topic": {"a": [1, 2]}, "provider": true}',
    '/ask_courses{"level": "' + "beginner" * 200 + '"}',
    '/inform{"level": "<script>alert(1)</script>"}',
    '/ask_course_link{"course": "../../etc/passwd"}',
    "/ask_courses{not json at all",
    "/no_such_intent",
    '/nlu_fallback{"x": 1}',
]


@pytest.mark.parametrize("payload", FORGED)
def test_forged_intent_payloads_get_a_sensible_reply(assistant_url, payload):
    response = post(assistant_url, "bad-input-forged", payload)
    assert response.status_code == 200, response.text
    text = reply_text(response.json())
    assert text, "no reply"
    assert APOLOGY not in text, "an action failed on the payload"
    assert "<script>" not in text
    still_answers(assistant_url, "bad-input-forged")


# Half an emoji's surrogate pair, as a client that cuts a string mid-emoji sends it,
# and a whole pair written as two JSON escapes. Both are valid JSON.
SURROGATE_BODIES = {
    "a lone surrogate": b'{"sender":"x","message":"hi \\ud83e"}',
    "a paired surrogate": b'{"sender":"x","message":"hi \\ud83e\\udd16"}',
}


@pytest.mark.parametrize("case", SURROGATE_BODIES, ids=list(SURROGATE_BODIES))
def test_surrogate_escapes_get_a_normal_reply(assistant_url, case):
    response = raw(assistant_url, SURROGATE_BODIES[case])
    assert response.status_code == 200, response.text
    assert reply_text(response.json()) == GREETING, response.text


@pytest.mark.parametrize("tail", ["\\ud83e", "\\ud83e\\udd16", "\\udd16\\udd16"])
def test_a_question_with_surrogate_escapes_is_answered(assistant_url, tail):
    message = f"{NORMAL['text']} {tail}"
    body = '{"sender": "' + fresh("bad-input-surrogate") + '", "message": "' + message + '"}'
    response = raw(assistant_url, body.encode())
    assert response.status_code == 200, response.text
    assert problem_with(NORMAL, response.json()) is None, response.text


def test_a_lone_surrogate_over_socketio_gets_a_normal_reply(assistant_url):
    import asyncio

    from harness.servers import socketio_turn

    reply = asyncio.run(socketio_turn(assistant_url, uuid.uuid4().hex, "hi \ud83e"))
    assert reply == GREETING
    reply = asyncio.run(socketio_turn(assistant_url, uuid.uuid4().hex, NORMAL["text"] + "\ud83e"))
    assert "machine learning" in reply.lower(), reply
