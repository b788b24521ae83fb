"""The guarded channels' request checks and message cleaning (addons/channels.py)."""

import asyncio

import pytest

from addons.channels import MAX_MESSAGE_CHARS, clean_text, cleaning, request_problem


def test_control_characters_become_spaces():
    assert clean_text("what\x00is\x1b[31m deep\u2028learning\x7f?") == (
        "what is [31m deep learning ?"
    )


def test_other_scripts_and_joiners_are_kept():
    text = "什么是深度学习 ما هو التعلم العميق 👩\u200d💻 naïve"
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("hi \ud83e", "hi \ufffd"),  # half an emoji, cut off by a client
        ("\udd16 and \ud83e", "\ufffd and \ufffd"),
        ("hi \ud83e\udd16", "hi \U0001f916"),  # a pair sent as two halves: the emoji
        ("\ud83e\ud83e\udd16!", "\ufffd\U0001f916!"),
    ],
)
def test_surrogates_become_whole_characters_or_the_replacement_character(text, cleaned):
    assert clean_text(text) == cleaned
    cleaned.encode("utf-8")  # what spaCy, the logs and the store need


def test_a_json_body_with_surrogate_escapes_is_cleaned_like_the_text():
    import json

    lone = json.loads('{"message": "hi \\ud83e"}')["message"]
    paired = json.loads('{"message": "hi \\ud83e\\udd16"}')["message"]
    assert clean_text(lone) == "hi \ufffd"
    assert clean_text(paired) == "hi \U0001f916"


def test_long_text_is_cut_to_the_limit():
    assert clean_text("a" * (MAX_MESSAGE_CHARS + 500)) == "a" * MAX_MESSAGE_CHARS


def test_cleaning_changes_the_message_before_rasa_sees_it():
    seen = []

    async def on_new_message(message):
        seen.append(message.text)

    class Message:
        text = "hi\x00there" + "!" * MAX_MESSAGE_CHARS

    asyncio.run(cleaning(on_new_message)(Message()))
    assert seen == ["hi there" + "!" * (MAX_MESSAGE_CHARS - 8)]


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "user-1", "message": "what is deep learning?"},
        {"sender": "a.b_c:d@e+f-9", "message": ""},
        {"sender": "u" * 128, "message": "x" * MAX_MESSAGE_CHARS, "metadata": {"page": "/"}},
    ],
)
def test_valid_requests_pass(body):
    assert request_problem(body) is None


@pytest.mark.parametrize(
    ("body", "status", "named"),
    [
        (None, 400, "JSON object"),
        (["sender", "message"], 400, "JSON object"),
        ("hello", 400, "JSON object"),
        ({"message": "hi"}, 400, '"sender"'),
        ({"sender": 42, "message": "hi"}, 400, '"sender"'),
        ({"sender": "", "message": "hi"}, 400, '"sender"'),
        ({"sender": "../../etc/passwd", "message": "hi"}, 400, '"sender"'),
        ({"sender": "u" * 129, "message": "hi"}, 400, '"sender"'),
        ({"sender": "user-1"}, 400, '"message"'),
        ({"sender": "user-1", "message": ["hi"]}, 400, '"message"'),
        ({"sender": "user-1", "message": None}, 400, '"message"'),
        ({"sender": "user-1", "message": "x" * (MAX_MESSAGE_CHARS + 1)}, 413, "limit"),
        ({"sender": "user-1", "message": "hi", "metadata": "x"}, 400, '"metadata"'),
    ],
)
def test_bad_requests_get_a_status_and_a_reason(body, status, named):
    problem = request_problem(body)
    assert problem is not None
    assert problem[0] == status
    assert named in problem[1]


def test_a_turn_the_store_cannot_serve_gets_an_apology_and_no_answer():
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from addons.channels import STORE_DOWN_APOLOGY, StoreDown, apologising
    from addons.stores import ConversationStoreUnavailable

    async def on_new_message(message):
        raise ConversationStoreUnavailable("Cannot read the conversation of u1 in the store")

    output = CollectingOutputChannel()
    message = UserMessage("what is deep learning", output, "u1")
    with pytest.raises(StoreDown):
        asyncio.run(cleaning(on_new_message)(message))
    assert [m["text"] for m in output.messages] == [STORE_DOWN_APOLOGY]
    # Channels that send as they go stop there, the apology sent.
    output = CollectingOutputChannel()
    asyncio.run(apologising(cleaning(on_new_message))(UserMessage("hi", output, "u2")))
    assert [m["text"] for m in output.messages] == [STORE_DOWN_APOLOGY]
