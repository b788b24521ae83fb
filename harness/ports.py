"""Every TCP port the tests and the bench use, one name for each use and no value twice,
so that no two of them listen on one port, and none on those of `make run`,
`make shell` or `make web`: the tests can run beside a live assistant.

A name holds one port, or a tuple for servers started side by side. Modules under
tests/, bench/ and harness/ write no port number of their own
(tests/test_ports.py checks both). The session's assistant of the end-to-end tests
can be moved with E2E_RASA_PORT (with the two servers after it), E2E_ACTIONS_PORT and
E2E_WEB_PORT.
"""

import os


def _from_env(name: str, default: int) -> int:
    """The port in the environment variable `name`, else `default`."""
    return int(os.environ.get(name, default))


# As shipped: the Rasa server and the action server of `make run` (scripts/serve.sh,
# credentials.yml; scripts/with_action_server.sh, endpoints.yml), the terminal chat's
# Rasa server (scripts/chat.sh) and the demo page (scripts/serve_web.sh).
SHIPPED_RASA = 5005
SHIPPED_ACTIONS = 5055
SHIPPED_SHELL = 5006
SHIPPED_WEB = 8080
# The local services of the scaled set-up (endpoints.scale.yml), as `.ci/run` starts them.
POSTGRES = 5432
REDIS = 6379

# tests/e2e/conftest.py: the assistant as shipped, the same on Rasa's in-memory store
# and on PostgreSQL with Redis locks, their action server, and the demo page.
E2E_RASA = _from_env("E2E_RASA_PORT", 5105)
E2E_MEMORY = E2E_RASA + 1
E2E_POSTGRES = E2E_RASA + 2
E2E_ACTIONS = _from_env("E2E_ACTIONS_PORT", 5155)
E2E_WEB = _from_env("E2E_WEB_PORT", 8180)

# bench/load.py: our assistant and the stock one, and our action server.
BENCH_OURS = 5205
BENCH_STOCK = 5206
BENCH_ACTIONS = 5255

# tests/e2e/test_reliability.py: the single server, its action server, and the action
# server of scripts/with_action_server.sh.
RELIABILITY_RASA = 5305
RELIABILITY_ACTIONS = 5355
RELIABILITY_WRAPPED_ACTIONS = 5455

# tests/e2e/test_scale_out.py: two servers on PostgreSQL and Redis, their action server.
SCALE_OUT_RASA = (5505, 5506)
SCALE_OUT_ACTIONS = 5555

# tests/e2e/test_plain_rasa.py: `rasa run` and `rasa shell` on a fresh copy, and the
# action server's port when SHIPPED_ACTIONS is taken.
PLAIN_RASA = 5605
PLAIN_SHELL = 5606
PLAIN_SPARE_ACTIONS = 5655

# tests/e2e/test_shell.py: the terminal chat's Rasa server and its action server.
SHELL_RASA = 5706
SHELL_ACTIONS = 5755

# tests/e2e/test_store_faults.py: two servers on PostgreSQL and Redis, one on SQLite,
# and their action server.
STORE_FAULTS_RASA = (5805, 5806)
STORE_FAULTS_SQLITE = 5807
STORE_FAULTS_ACTIONS = 5855

# tests/e2e/test_failover.py: two servers on PostgreSQL and Redis, one of which is
# killed mid-turn, and their action server.
FAILOVER_RASA = (6105, 6106)
FAILOVER_ACTIONS = 6155

# tests/e2e/test_action_server_image.py: `rasa run actions` from a copy of the action
# server's image alone.
ACTION_SERVER_IMAGE = 5905

# tests/e2e/test_widget.py: a port nothing listens on, the page without the widget's
# script, and the page on an origin CORS does not allow.
WIDGET_CLOSED = 5999
WIDGET_MISSING_ASSET_WEB = 8181
WIDGET_OTHER_ORIGIN_WEB = 8182
