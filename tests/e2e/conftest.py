"""The assistant under test, started once for the whole end-to-end session. Helpers
the test modules import live in support.py."""

import os
import shutil
import uuid

import pytest

from harness import ports
from harness.servers import (
    ROOT,
    Server,
    action_server,
    drop_database,
    endpoints_for,
    memory_endpoints_for,
    missing_services,
    rasa_server,
    scale_env,
    served,
    start_all,
    stop_all,
)
from tests.e2e.support import post_message, serve_folder

# Ports apart from `make run`'s, so the tests can run beside a live assistant
# (harness/ports.py; E2E_RASA_PORT, E2E_ACTIONS_PORT and E2E_WEB_PORT move them).
RASA_PORT = ports.E2E_RASA
ACTIONS_PORT = ports.E2E_ACTIONS
WEB_PORT = ports.E2E_WEB
WEB_ORIGIN = f"http://127.0.0.1:{WEB_PORT}"
# The same assistant on Rasa's in-memory store, and on PostgreSQL with Redis locks.
MEMORY_PORT = ports.E2E_MEMORY
POSTGRES_PORT = ports.E2E_POSTGRES


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Server | None:
    """The assistant as shipped (endpoints.yml, credentials.yml) and its action server,
    started once for the session; None when E2E_URL names one that is already running."""
    if os.environ.get("E2E_URL"):
        yield None
        return
    # Kept after the session, so that `make review ENDPOINTS=results/e2e/endpoints.yml`
    # can read what the tests said (results/ is not in git).
    state = ROOT / "results" / "e2e"
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir(parents=True)
    endpoints = state / "endpoints.yml"
    endpoints.write_text(endpoints_for(ACTIONS_PORT, state))
    servers = start_all(
        action_server(ACTIONS_PORT), rasa_server(RASA_PORT, endpoints, "--cors", WEB_ORIGIN)
    )
    servers[1].endpoints = endpoints  # the conversation review reads its store
    yield servers[1]
    stop_all(*servers)


@pytest.fixture(scope="session")
def assistant_url(assistant) -> str:
    """Set E2E_URL (e.g. http://localhost:<port> of `make run`) to test an assistant that
    is already running instead; the tests then start nothing."""
    if assistant is None:
        return os.environ["E2E_URL"].rstrip("/")
    return f"http://127.0.0.1:{RASA_PORT}"


@pytest.fixture(scope="session")
def postgres_database() -> str:
    """The PostgreSQL database of the session's scaled assistant."""
    return f"dl_assistant_stores_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def store_urls(assistant, assistant_url, tmp_path_factory, postgres_database) -> dict[str, str]:
    """The assistant on each conversation store, by name: "sqlite" (as shipped),
    "memory" (no tracker store configured) and, when PostgreSQL and Redis are up,
    "postgresql" (endpoints.scale.yml). They share the session's action server."""
    if assistant is None:
        yield {"running": assistant_url}
        return
    endpoints = tmp_path_factory.mktemp("memory") / "endpoints.yml"
    endpoints.write_text(memory_endpoints_for(ACTIONS_PORT))
    # Its HTTP API shows the events of a turn (test_conversations.py counts the
    # calls to the action server).
    servers = {"memory": rasa_server(MEMORY_PORT, endpoints, "--enable-api")}
    port_of = {"memory": MEMORY_PORT}
    database = postgres_database
    if not missing_services():
        servers["postgresql"] = served(POSTGRES_PORT, **scale_env(ACTIONS_PORT, database))
        port_of["postgresql"] = POSTGRES_PORT
    start_all(*servers.values())
    yield {"sqlite": assistant_url} | {
        name: f"http://127.0.0.1:{port}" for name, port in port_of.items()
    }
    stop_all(*servers.values())
    if "postgresql" in servers:
        drop_database(database)


@pytest.fixture(scope="session")
def store_endpoints(assistant, store_urls, postgres_database) -> dict[str, tuple]:
    """For each store of `store_urls` that keeps conversations, the endpoints file that
    names it and the environment that file needs."""
    if assistant is None:
        pytest.skip("E2E_URL names a running assistant whose store is not known")
    found = {"sqlite": (assistant.endpoints, {})}
    if "postgresql" in store_urls:
        env = scale_env(ACTIONS_PORT, postgres_database)
        found["postgresql"] = (ROOT / "endpoints.scale.yml", env)
    return found


@pytest.fixture(scope="session")
def web_url() -> str:
    """The demo page in web/, served like `make web` serves it."""
    server = serve_folder(ROOT / "web", WEB_PORT)
    yield WEB_ORIGIN
    server.shutdown()


@pytest.fixture
def ask(assistant_url):
    """Sends messages as one new user."""
    sender = f"e2e-{uuid.uuid4().hex[:8]}"

    def send(text: str) -> list[dict]:
        return post_message(assistant_url, sender, text)

    return send
