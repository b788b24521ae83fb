"""Two Rasa servers on endpoints.scale.yml, as `make run-scaled` starts them: the
conversations in PostgreSQL, the per-conversation locks in Redis (both on 127.0.0.1).
One conversation can move between the servers message by message, and the messages of
one conversation are handled one at a time, in the order they arrived."""

import asyncio
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from addons.locks import LeasedRedisLockStore
from harness import ports
from harness.judge import problem_with
from harness.servers import (
    POSTGRES_ADMIN,
    action_server,
    drop_database,
    post,
    scale_env,
    served,
    start_all,
    stop_all,
)
from tests.e2e.support import say

PORTS = ports.SCALE_OUT_RASA
ACTIONS_PORT = ports.SCALE_OUT_ACTIONS
TOKEN = uuid.uuid4().hex
DATABASE = f"dl_assistant_test_{uuid.uuid4().hex[:8]}"
SCALE_ENV = scale_env(ACTIONS_PORT, DATABASE, RASA_AUTH_TOKEN=TOKEN)
QUESTIONS = [
    {"text": "what does deep learning mean?", "topic": "ask_what_is_dl"},
    {"text": "how does a CNN work?", "topic": "ask_cnn"},
    {"text": "why does deep learning matter?", "topic": "ask_why_dl_matters"},
    {"text": "what's the future of deep learning?", "topic": "ask_future"},
    {"text": "how is deep learning used in medicine?", "topic": "example:medicine"},
    {"text": "what are hidden layers?", "topic": "ask_hidden_layers"},
    {"text": "where does your information come from?", "topic": "ask_sources"},
    {"text": "how is deep learning different from machine learning?", "topic": "ask_dl_vs_ml"},
]


@pytest.fixture(scope="module")
def urls():
    servers = [action_server(ACTIONS_PORT)] + [served(port, **SCALE_ENV) for port in PORTS]
    start_all(*servers)
    yield [f"http://127.0.0.1:{port}" for port in PORTS]
    stop_all(*servers)
    drop_database(DATABASE)


def events(url: str, sender: str) -> list[dict]:
    response = requests.get(
        f"{url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_the_conversations_are_stored_in_postgresql(urls):
    sender = f"scale-store-{uuid.uuid4().hex[:8]}"
    say(urls[0], sender, "hello")
    engine = sa.create_engine(POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{DATABASE}")
    with engine.connect() as connection:
        query = sa.text("SELECT count(*) FROM events WHERE sender_id = :sender")
        assert connection.execute(query, {"sender": sender}).scalar() >= 3
    engine.dispose()


def test_a_course_search_begun_on_one_server_is_continued_on_the_other(urls):
    first, second = urls
    sender = f"scale-form-{uuid.uuid4().hex[:8]}"
    assert "what's your level" in say(first, sender, "I want to learn deep learning").lower()
    # "no preference" answers the level question only while that search is open.
    assert "The document lists 9 courses" in say(second, sender, "no preference")
    # A refinement button adds to what the other server stored.
    assert "I found 3 beginner courses" in say(first, sender, '/inform{"level": "beginner"}')
    reply = say(second, sender, '/inform{"length": "short"}')
    assert "Here is the one short beginner course" in reply
    # The details follow-up relies on the course the other server recommended.
    assert "Intro To Deep Learning With Python" in say(first, sender, "is it free?")


def test_concurrent_messages_are_handled_one_at_a_time_in_arrival_order(urls):
    """The test holds the conversation's lock (the servers' lock store), sends the
    messages to both servers in turn while they wait for it, then lets go."""
    sender = f"scale-lock-{uuid.uuid4().hex[:8]}"
    store = LeasedRedisLockStore(host="127.0.0.1", port=ports.REDIS, db=1, key_prefix="dlassistant")

    async def send_while_locked(pool: ThreadPoolExecutor) -> list:
        async with store.lock(sender):
            futures = []
            for number, question in enumerate(QUESTIONS):
                url = urls[number % 2]
                futures.append(pool.submit(post, url, sender, question["text"], 120))
                time.sleep(0.15)  # each server takes a ticket as a request arrives
            time.sleep(1)
            assert not any(future.done() for future in futures), "a message skipped the lock"
        return [future.result() for future in futures]

    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        responses = asyncio.run(send_while_locked(pool))

    for question, response in zip(QUESTIONS, responses, strict=True):
        assert response.status_code == 200, response.text
        assert problem_with(question, response.json()) is None, (question, response.text)

    turns = [e for e in events(urls[0], sender) if e["event"] in ("user", "bot", "action")]
    users = [e["text"] for e in turns if e["event"] == "user"]
    assert users == [question["text"] for question in QUESTIONS]
    # One at a time: every message is answered and listened after before the next one.
    starts = [i for i, e in enumerate(turns) if e["event"] == "user"] + [len(turns)]
    for start, end in zip(starts, starts[1:], strict=False):
        turn = turns[start + 1 : end]
        assert any(e["event"] == "bot" for e in turn), turns[start]
        assert turn[-1].get("name") == "action_listen", turns[start]
