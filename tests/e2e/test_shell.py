"""The terminal chat (`make shell`, scripts/chat.sh), driven through a pseudo-terminal
as a person would use it: a quiet start, free typing after every reply, numbered
buttons, plain links, and a clean exit with Ctrl-D."""

import os
import re
import subprocess
import time

import pexpect
import pytest

from harness import ports
from harness.servers import LOGS, MODEL, RASA, ROOT, START_TIMEOUT, endpoints_for

ACTIONS_PORT = ports.SHELL_ACTIONS
SHELL_PORT = ports.SHELL_RASA
PROMPT = "You:"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def plain(text: str) -> str:
    return ANSI.sub("", text)


def leftovers() -> list[str]:
    """Processes of this chat still running: its action server or its Rasa server."""
    found = subprocess.run(
        ["pgrep", "-af", f"--port {ACTIONS_PORT}|--port {SHELL_PORT}"],
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in found.splitlines() if "pgrep" not in line]


@pytest.fixture
def chat(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(endpoints_for(ACTIONS_PORT, tmp_path))
    LOGS.mkdir(exist_ok=True)
    log = (LOGS / "e2e-shell.log").open("w")
    env = {
        **os.environ,
        "RASA": RASA,
        "MODEL": str(MODEL),
        "ACTIONS_PORT": str(ACTIONS_PORT),
        "SHELL_PORT": str(SHELL_PORT),
        # No terminal answers prompt_toolkit's cursor-position requests here.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    for name in ("PYTHONWARNINGS", "TF_CPP_MIN_LOG_LEVEL"):
        env.pop(name, None)  # the script must quieten the start itself
    child = pexpect.spawn(
        str(ROOT / "scripts" / "chat.sh"),
        ["--endpoints", str(endpoints)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=START_TIMEOUT,
        dimensions=(50, 200),
    )
    child.logfile_read = log
    yield child
    if child.isalive():
        child.terminate(force=True)
    log.close()


def turn(child, text: str, expect: str) -> str:
    """Types `text`, waits for `expect` and the next prompt; the reply as printed."""
    child.sendline(text)
    child.expect(re.escape(expect), timeout=60)
    reply = child.before + child.after
    child.expect(re.escape(PROMPT), timeout=60)
    return plain(reply + child.before)


def test_a_person_chats_in_the_terminal(chat):
    chat.expect(re.escape(PROMPT))
    start = plain(chat.before)
    assert "Deep-learning assistant" in start
    assert "warning" not in start.lower(), start

    greeting = turn(chat, "hi", "Recommend a course")
    assert "[1] What is deep learning?" in greeting

    # Bytes that are no UTF-8 (half an emoji's surrogate pair, encoded on its own)
    # reach the assistant as lone surrogates; cleaned, they get a normal reply.
    os.write(chat.child_fd, b"hi \xed\xa0\xbe\n")
    chat.expect(re.escape("Recommend a course"), timeout=60)
    chat.expect(re.escape(PROMPT), timeout=60)

    # Right after a reply with buttons, a typed question is that question.
    cnn = turn(chat, "what is a convolutional neural network", "A course on neural networks")
    assert "2D convolutional layers" in cnn
    assert '[1] What makes it "deep"?' in cnn

    # A number alone picks that button.
    deep = turn(chat, "1", "hidden layers")
    assert "150" in deep

    courses = turn(chat, "recommend a free course for beginners", "Fits:")
    urls = [line.strip() for line in courses.splitlines() if line.strip().startswith("https://")]
    assert urls, courses
    assert "](" not in courses

    chat.sendeof()
    chat.expect("Bye!", timeout=30)
    chat.expect(pexpect.EOF, timeout=60)
    chat.close()
    assert chat.exitstatus == 0
    deadline = time.monotonic() + 10
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert leftovers() == []


def test_a_lesson_and_a_quiz_in_the_terminal(chat):
    from knowledge.quiz import quiz

    chat.expect(re.escape(PROMPT))
    step = turn(chat, "teach me deep learning", "Stop the lesson")
    assert "Step 1 of 8" in step and "[1] Next" in step
    assert "Step 2 of 8" in turn(chat, "1", "Stop the lesson")

    # The choices are numbered: a number picks one.
    first = turn(chat, "quiz me", "Question 1 of 5")
    assert "A quiz of 5 questions" in first
    picked = turn(chat, "1", "Question 2 of 5")
    assert "Right!" in picked or "Not quite" in picked
    # An answer typed in words.
    ask = re.search(r"Question 2 of 5: (.+?\?)", picked).group(1)
    right = next(q.right for q in quiz().questions if q.ask == ask)
    assert "Right!" in turn(chat, right.lower(), "Question 3 of 5")
    assert "Quiz stopped" in turn(chat, "stop", "Another round")
    chat.sendeof()
    chat.expect(pexpect.EOF, timeout=60)
