"""The terminal chat's rendering (addons/terminal.py): numbered choices, plain links,
and a typed number sending that button's payload."""

from addons.terminal import choices_line, plain_text, render, to_send

BUTTONS = [
    {"title": 'What makes it "deep"?', "payload": "/ask_hidden_layers"},
    {"title": "A course on neural networks", "payload": '/ask_courses{"topic": "neural_networks"}'},
]


def test_buttons_are_numbered_choices():
    assert choices_line(BUTTONS) == '  [1] What makes it "deep"?  [2] A course on neural networks'


def test_a_number_sends_that_buttons_payload():
    assert to_send("2", BUTTONS) == '/ask_courses{"topic": "neural_networks"}'
    assert to_send(" 1 ", BUTTONS) == "/ask_hidden_layers"


def test_other_text_and_numbers_without_a_button_are_sent_as_typed():
    assert to_send("what is a cnn", BUTTONS) == "what is a cnn"
    assert to_send("3", BUTTONS) == "3"
    assert to_send("0", BUTTONS) == "0"
    assert to_send("1", []) == "1"


def test_a_markdown_link_becomes_its_title_and_a_plain_url():
    url = "https://www.udemy.com/course/basics-of-deep-learning/"
    text = f"- [Basics of Deep Learning]({url}) (Udemy, free)"
    assert plain_text(text).splitlines() == [
        "- Basics of Deep Learning (Udemy, free)",
        f"    {url}",
    ]


def test_render_keeps_the_last_buttons_and_prints_each_message():
    shown, buttons = render(
        [{"text": "A CNN is a deep network.", "buttons": BUTTONS}, {"text": "**Want** more?"}]
    )
    assert shown.splitlines() == [
        "Bot: A CNN is a deep network.",
        '  [1] What makes it "deep"?  [2] A course on neural networks',
        "Bot: Want more?",
    ]
    assert buttons == BUTTONS


def test_a_reply_without_buttons_leaves_no_choices():
    _, buttons = render([{"text": "Bye!"}])
    assert buttons == []
