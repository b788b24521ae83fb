"""Starts, stops and crashes the servers that the end-to-end tests and the bench talk
to, and sends them messages."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
import socketio
import yaml

from harness import ROOT, ports
from harness.quiet import QUIET_ENV

MODEL = ROOT / "models" / "assistant.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
LOGS = ROOT / "logs"
START_TIMEOUT = 240
# The local services of the scaled set-up (endpoints.scale.yml), as `.ci/run` starts them.
POSTGRES_ADMIN = f"postgresql://postgres@127.0.0.1:{ports.POSTGRES}/postgres"
SERVICES = {"PostgreSQL": ("127.0.0.1", ports.POSTGRES), "Redis": ("127.0.0.1", ports.REDIS)}


def endpoints_for(actions_port: int, state_dir: Path) -> str:
    """endpoints.yml as shipped, with the action server on another port and the
    conversations in `state_dir`."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    config["tracker_store"]["db"] = str(state_dir / "conversations.db")
    return yaml.safe_dump(config)


def memory_endpoints_for(actions_port: int) -> str:
    """Rasa's defaults: the action server, and conversations in memory (no tracker
    store configured)."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    del config["tracker_store"]
    return yaml.safe_dump(config)


def scale_env(actions_port: int, database: str, **extra: str) -> dict[str, str]:
    """The settings of endpoints.scale.yml for the local PostgreSQL (a database of its
    own, created by the first server) and Redis."""
    return {
        "ENDPOINTS": "endpoints.scale.yml",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "DB_HOST": "127.0.0.1",
        "DB_PORT": str(ports.POSTGRES),
        "DB_NAME": database,
        "DB_USER": "postgres",
        "DB_PASSWORD": "",
        "DB_LOGIN_DB": "postgres",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(ports.REDIS),
        "REDIS_PASSWORD": "",
        "REDIS_DB": "1",
        **extra,
    }


def missing_services() -> list[str]:
    """The scaled set-up's services that do not accept connections."""
    missing = []
    for name, address in SERVICES.items():
        try:
            socket.create_connection(address, timeout=2).close()
        except OSError:
            missing.append(name)
    return missing


def drop_database(database: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    engine.dispose()


def wait_until(check, timeout: float = START_TIMEOUT, what: str = "the server") -> None:
    """Polls `check` until it returns true; a refused connection counts as not yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {timeout} s")


def run_quietly(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> None:
    """Runs a command to completion, output discarded; fails if it fails."""
    subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **QUIET_ENV, **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class Server:
    """One server process with its log; `wait_ready` waits until `health_url` answers."""

    def __init__(
        self,
        name: str,
        command: list[str],
        health_url: str,
        env: dict | None = None,
        cwd: Path = ROOT,
        log_prefix: str = "e2e",
    ) -> None:
        self.name = name
        self.command = command
        self.cwd = cwd
        self.health_url = health_url
        self.env = {**os.environ, **QUIET_ENV, "SANIC_HOST": "127.0.0.1", **(env or {})}
        self.log = LOGS / f"{log_prefix}-{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} is not running"
        return self.process.pid

    def start(self) -> Server:
        LOGS.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_ready(self, check=None) -> Server:
        """Waits until `check` (by default: `health_url` answers 200) holds."""

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited; last log lines:\n{self.log.read_text()[-3000:]}"
                )
            if check is not None:
                return check()
            return requests.get(self.health_url, timeout=2).status_code == 200

        wait_until(ready, what=f"{self.name} (log: {self.log})")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def crash(self) -> None:
        """kill -9: no chance to flush or close anything."""
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait()


def action_server(port: int, **settings: Any) -> Server:
    """`rasa run actions` on `port`; `settings` go to `Server` (cwd, log_prefix)."""
    command = [RASA, "run", "actions", "--actions", "actions", "--port", str(port)]
    return Server(f"actions-{port}", command, f"http://127.0.0.1:{port}/health", **settings)


def rasa_server(
    port: int,
    endpoints: Path | None,
    *extra: str,
    model: Path = MODEL,
    credentials: Path | None = ROOT / "credentials.yml",
    **settings: Any,
) -> Server:
    """`rasa run` with `model` on `port`; `settings` go to `Server` (env, cwd, ...)."""
    assert model.exists(), f"{model} is missing: run `make train` first"
    command = [RASA, "run", "--model", str(model), "--port", str(port)]
    if endpoints:
        command += ["--endpoints", str(endpoints)]
    if credentials:
        command += ["--credentials", str(credentials)]
    return Server(f"rasa-{port}", command + list(extra), f"http://127.0.0.1:{port}/", **settings)


def served(port: int, **env: str) -> Server:
    """A Rasa server started by scripts/serve.sh, as `make run` and `make run-scaled`
    start it; `env` holds its settings (ENDPOINTS, RASA_AUTH_TOKEN, ...)."""
    command = [str(ROOT / "scripts" / "serve.sh")]
    return Server(f"serve-{port}", command, f"http://127.0.0.1:{port}/", {"PORT": str(port), **env})


def start_all(*servers: Server) -> list[Server]:
    """Starts the servers side by side and waits until each answers."""
    for server in servers:
        server.start()
    try:
        for server in servers:
            server.wait_ready()
    except Exception:
        stop_all(*servers)
        raise
    return list(servers)


def stop_all(*servers: Server) -> None:
    for server in servers:
        server.stop()


def post(
    url: str, sender: Any, text: Any, timeout: float = 60, session: requests.Session | None = None
) -> requests.Response:
    """One webhook request; `sender` and `text` go into the JSON body as they are."""
    return (session or requests).post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=timeout
    )


def ask(url: str, sender: str, text: str, session: requests.Session | None = None) -> list:
    """Sends one message and returns the bot's messages; fails on an HTTP error."""
    response = post(url, sender, text, session=session)
    response.raise_for_status()
    return response.json()


def _memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def rss_mb(pid: int) -> float:
    """Resident memory of a process now, in MB."""
    return _memory_mb(pid, "VmRSS")


def peak_rss_mb(pid: int) -> float:
    """The most resident memory the process has had (VmHWM), in MB."""
    return _memory_mb(pid, "VmHWM")


async def socketio_turn(url: str, session_id: str, text: str) -> str:
    """One message over Socket.IO as the widget sends it; returns the bot's first text."""
    client = socketio.AsyncClient()
    replies: asyncio.Queue = asyncio.Queue()
    confirmed = asyncio.Event()
    client.on("bot_uttered", lambda data: replies.put_nowait(data.get("text", "")))
    client.on("session_confirm", lambda *_: confirmed.set())
    await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 30)
        await client.emit("user_uttered", {"message": text, "session_id": session_id})
        return await asyncio.wait_for(replies.get(), 60)
    finally:
        await client.disconnect()


def percentiles_ms(latencies: list[float]) -> dict[str, float]:
    """p50, p95 and p99 of latencies in seconds, in milliseconds."""
    if len(latencies) < 2:
        value = latencies[0] * 1000 if latencies else float("nan")
        return {"p50": value, "p95": value, "p99": value}
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {f"p{p}": cuts[p - 1] * 1000 for p in (50, 95, 99)}
