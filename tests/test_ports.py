"""Every port the tests and the bench use comes from one table, harness/ports.py: no
value twice, the shipped ones as the configuration and the scripts have them, and no
port number written anywhere else under tests/, bench/ or harness/."""

import re
from collections import defaultdict

import yaml

from harness import ROOT, ports

# Four digits from 5 to 9 thousand standing alone, as a port is written. Other numbers
# of that size are written with a digit separator (5_000), like the timeouts in ms.
PORT_LITERAL = re.compile(r"(?<![\w.])[5-9]\d{3}(?![\w.])")
CHECKED_FOLDERS = ("tests", "bench", "harness")


def table() -> dict[str, int]:
    """Each port of the table by its name; those of a tuple as NAME[0], NAME[1], ..."""
    found = {}
    for name, value in vars(ports).items():
        if not name.isupper():
            continue
        if isinstance(value, tuple):
            found |= {f"{name}[{index}]": port for index, port in enumerate(value)}
        else:
            found[name] = value
    return found


def test_the_table_holds_ports():
    found = table()
    assert found
    assert all(isinstance(port, int) and 1024 < port < 65536 for port in found.values()), found


def test_no_two_uses_share_a_port():
    names_of = defaultdict(list)
    for name, port in table().items():
        names_of[port].append(name)
    assert {port: names for port, names in names_of.items() if len(names) > 1} == {}


def test_the_shipped_ports_are_those_of_the_configuration_and_the_scripts():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert f":{ports.SHIPPED_ACTIONS}/" in endpoints["action_endpoint"]["url"]
    defaults = {
        "with_action_server.sh": f'ACTIONS_PORT="${{ACTIONS_PORT:-{ports.SHIPPED_ACTIONS}}}"',
        "serve.sh": f'PORT="${{PORT:-{ports.SHIPPED_RASA}}}"',
        "chat.sh": f'"${{SHELL_PORT:-{ports.SHIPPED_SHELL}}}"',
        "serve_web.sh": f'WEB_PORT="${{WEB_PORT:-{ports.SHIPPED_WEB}}}"',
    }
    for script, default in defaults.items():
        assert default in (ROOT / "scripts" / script).read_text(), (script, default)


def test_no_module_writes_a_port_of_its_own():
    table_file = ROOT / "harness" / "ports.py"
    written = []
    for folder in CHECKED_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == table_file:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PORT_LITERAL.search(line):
                    written.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert written == [], "ports belong in harness/ports.py:\n" + "\n".join(written)
