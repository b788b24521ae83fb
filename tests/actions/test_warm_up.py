"""The action server's start-up (actions/warm_up.py): registering the package, as
`rasa run actions` does, loads and checks every catalogue, from a copy of the action
server's image alone (scripts/package_servers.py)."""

import os
import subprocess
import sys

import yaml

from scripts.package_servers import ACTION_SERVER, lay_out

START = "from rasa_sdk.executor import ActionExecutor; ActionExecutor().register_package('actions')"


def test_a_broken_catalogue_stops_the_action_server_at_start(tmp_path):
    """Registering the package (it imports every module, the warm-up included) fails
    on a broken catalogue and names the file and the field; with the catalogue intact
    it succeeds."""
    image = lay_out(ACTION_SERVER, tmp_path / "image")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def import_actions() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-W", "ignore", "-c", START],
            cwd=image,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    started = import_actions()
    assert started.returncode == 0, started.stderr[-2000:]
    courses = image / "knowledge" / "data" / "courses.yml"
    content = yaml.safe_load(courses.read_text())
    content["courses"][0].pop("name")
    courses.write_text(yaml.safe_dump(content, allow_unicode=True))
    failed = import_actions()
    assert failed.returncode != 0
    assert "CatalogueError" in failed.stderr
    assert "courses.yml" in failed.stderr and "courses[0].name" in failed.stderr
