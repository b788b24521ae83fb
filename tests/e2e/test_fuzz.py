"""Generated bad input (Hypothesis) against the running assistant: request bodies for
the REST webhook and payloads for the Socket.IO channel, by the hundred in `make
test` and by the ten thousand in `make fuzz` (FUZZ_EXAMPLES), which also writes
results/fuzz.md.

Properties: never a 5xx; every 4xx carries a JSON `error`; the server still answers a
normal question correctly afterwards; its memory grows by no more than 10 % after the
first tenth of the requests (which fills what the server keeps by design); and a
Socket.IO client sending garbage neither crashes the server nor stops it answering
another client. Text of every Unicode category is sent, lone and paired surrogates
included, as JSON escapes in request bodies and in Socket.IO payloads."""

import asyncio
import json
import os
import re
import time
import uuid
from collections import Counter

import requests
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness import ROOT
from harness.judge import problem_with
from harness.servers import rss_mb, socketio_turn

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
SOCKET_EXAMPLES = int(os.environ.get("FUZZ_SOCKET_EXAMPLES", str(max(EXAMPLES // 10, 50))))
NORMAL = {"text": "what does deep learning mean?", "topic": "ask_what_is_dl"}
MAX_GROWTH = 1.10


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


# Text of every Unicode category, short or very long. Surrogates (category Cs), which
# `characters()` leaves out unless asked, are drawn on their own as well: lone halves
# and pairs written as two JSON escapes, as clients that cut a string mid-emoji send
# them. Combining marks and right-to-left marks are in too.
any_char = st.characters(exclude_categories=())
surrogate = st.characters(categories=["Cs"])
texts = st.one_of(
    st.text(any_char, max_size=40),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(["hi ", "what is a CNN", " ", "🤖"]) | st.text(surrogate), max_size=6
        ),
    ),
    st.sampled_from(
        ["", " ", "\u202e\u0645\u0631\u062d\u0628\u0627", "e\u0301" * 50, "👩‍👩‍👧‍👦" * 20]
    ),
    st.builds(
        lambda part, times: part * times,
        st.text(any_char, min_size=1, max_size=4),
        st.integers(1, 40000),
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -0.0, 1e308, 5e-324, 2**63]),
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)
# Bodies with the webhook's fields, each of any type, and a few other keys.
fielded = st.fixed_dictionaries(
    {}, optional={"sender": json_values, "message": json_values, "metadata": json_values}
).flatmap(lambda body: st.dictionaries(texts, json_values, max_size=2).map(body.__or__))
# Well-formed requests whose message is anything at all: these reach the NLU.
well_formed = st.fixed_dictionaries(
    {
        "sender": st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=30),
        "message": texts,
    },
    optional={"metadata": st.dictionaries(texts, json_values, max_size=3)},
)
raw_bodies = st.one_of(
    st.binary(max_size=3000),
    st.integers(1, 5_000).map(lambda depth: ("[" * depth + "]" * depth).encode()),
    st.integers(1, 5_000).map(lambda depth: ('{"a":' * depth + "1" + "}" * depth).encode()),
    st.integers(300, 20000).map(
        lambda digits: ('{"sender": "u", "message": ' + "9" * digits + "}").encode()
    ),
    st.sampled_from([b'{"sender": "u", "message": 1e999999}', b"NaN", b'{"message": NaN}']),
)
bodies = st.one_of(
    fielded.map(lambda body: json.dumps(body).encode()),
    # As JSON escapes (a surrogate stays one: `\ud83e`), and as raw UTF-8, where a
    # surrogate cannot be written and becomes "?".
    well_formed.map(lambda body: json.dumps(body).encode()),
    well_formed.map(lambda body: json.dumps(body, ensure_ascii=False).encode("utf-8", "replace")),
    raw_bodies,
)


SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def send(url: str, body: bytes) -> requests.Response:
    return requests.post(
        f"{url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=120,
    )


def answers_normally(url: str) -> bool:
    response = requests.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": f"fuzz-check-{uuid.uuid4().hex[:8]}", "message": NORMAL["text"]},
        timeout=60,
    )
    return response.status_code == 200 and problem_with(NORMAL, response.json()) is None


def test_generated_requests_never_get_a_5xx(assistant, assistant_url):
    assert answers_normally(assistant_url)
    # Memory along the run, every tenth of the requests. The first tenth fills what
    # the server keeps by design (recent conversations, spaCy's bounded vocabulary,
    # buffers sized to the longest message); growth is measured from there.
    memory: list[tuple[int, float]] = [(0, rss_mb(assistant.pid))] if assistant else []
    statuses: Counter = Counter()
    with_surrogates: Counter = Counter()
    started = time.monotonic()

    @fuzz_settings(EXAMPLES)
    @given(bodies)
    def request(body: bytes) -> None:
        response = send(assistant_url, body)
        statuses[response.status_code] += 1
        sent = sum(statuses.values())
        if assistant and sent % max(EXAMPLES // 10, 1) == 0:
            memory.append((sent, rss_mb(assistant.pid)))
        if SURROGATE_ESCAPE.search(body):
            with_surrogates[response.status_code] += 1
        assert response.status_code < 500, (body[:300], response.text[:300])
        if response.status_code >= 400:
            assert response.json()["error"], response.text[:300]

    request()
    seconds = time.monotonic() - started
    assert statuses, "no request was sent"
    assert answers_normally(assistant_url), "the server stopped answering correctly"
    if os.environ.get("FUZZ_REPORT"):
        write_report(statuses, with_surrogates, seconds, memory)
    if len(memory) > 2:
        (_, before), (_, after) = memory[1], memory[-1]
        assert after <= before * MAX_GROWTH, f"memory grew from {before:.0f} to {after:.0f} MB"


async def garbage_over_socketio(url: str, payloads: list) -> None:
    """Sends each payload as a widget's `user_uttered`, then disconnects."""
    client = socketio.AsyncClient()
    await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": uuid.uuid4().hex})
        for payload in payloads:
            await client.emit("user_uttered", payload)
        await asyncio.sleep(1)
    finally:
        await client.disconnect()


def test_generated_socketio_payloads_break_nothing(assistant, assistant_url):
    payloads = []

    @fuzz_settings(SOCKET_EXAMPLES)
    @given(json_values | fielded | well_formed.map(lambda b: {**b, "session_id": b["sender"]}))
    def collect(payload) -> None:
        payloads.append(payload)

    collect()
    asyncio.run(garbage_over_socketio(assistant_url, payloads))
    if assistant is not None:
        assert assistant.process.poll() is None, "the server died"
    reply = asyncio.run(socketio_turn(assistant_url, uuid.uuid4().hex, NORMAL["text"]))
    assert "machine learning" in reply.lower(), reply
    assert answers_normally(assistant_url)


def memory_line(memory: list[tuple[int, float]]) -> str:
    if len(memory) < 3:
        return "Memory not measured (a running assistant was tested through E2E_URL)."
    (_, start), (tenth, before), (_, after) = memory[0], memory[1], memory[-1]
    along = ", ".join(f"{mb:.0f} MB after {sent}" for sent, mb in memory[1:])
    return (
        f"Rasa server memory (RSS): {start:.0f} MB at the start, {before:.0f} MB after the "
        f"first {tenth} requests, {after:.0f} MB at the end ({(after / before - 1) * 100:+.1f} % "
        f"after the first tenth; at most +10 % allowed). Along the run: {along}."
    )


def write_report(statuses: Counter, with_surrogates: Counter, seconds: float, memory) -> None:
    report = ROOT / "results" / "fuzz.md"
    report.parent.mkdir(exist_ok=True)
    total = sum(statuses.values())
    lines = [
        "# Fuzzing the REST webhook",
        "",
        f"{total} generated requests in {seconds:.0f} s (`make fuzz`, Hypothesis); "
        f"5xx: {sum(n for s, n in statuses.items() if s >= 500)}.",
        "",
        "| Status | Requests |",
        "|---|---|",
        *[f"| {status} | {count} |" for status, count in sorted(statuses.items())],
        "",
        f"{sum(with_surrogates.values())} of them carried a surrogate as a JSON escape "
        "(`\\ud800` to `\\udfff`, lone or paired): "
        + ", ".join(f"{n} got {status}" for status, n in sorted(with_surrogates.items()))
        + ".",
        "",
        memory_line(memory),
        "",
        f"Socket.IO: {SOCKET_EXAMPLES} generated `user_uttered` payloads from one client; the "
        "server then answered another client and the REST webhook correctly.",
    ]
    report.write_text("\n".join(lines) + "\n")
