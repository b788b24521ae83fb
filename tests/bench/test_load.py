"""The bench's copy of the assistant (bench/load.py, `copy_of_ours`), which it trains
from scratch to time training: it holds everything the pipeline's components import."""

import os
import subprocess
import sys

import yaml

from bench.load import copy_of_ours


def test_the_copy_imports_every_component_of_the_pipeline(tmp_path):
    copy = copy_of_ours(tmp_path)
    pipeline = yaml.safe_load((copy / "config.yml").read_text())["pipeline"]
    modules = sorted({step["name"].rsplit(".", 1)[0] for step in pipeline if "." in step["name"]})
    assert modules, "config.yml names no component of the project"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    check = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", check],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
