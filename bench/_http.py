"""Shared helpers for HTTP benchmarks: a real app server in a subprocess on 127.0.0.1, temporary
databases on both engines, and a bounded load driver with latency statistics.

Everything stays on the loopback interface and every loop is bounded by a count and a deadline.
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# The server the benches create their temporary databases on (the bench's own setting first).
POSTGRES_ADMIN_URL = os.environ.get(
    "CYBERCARE_BENCH_POSTGRES_URL",
    os.environ.get(
        "CYBERCARE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
)
HOST = "127.0.0.1"


# --- databases -------------------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[str]:
    """A SQLite file in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="cybercare-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def _admin(sql: str) -> None:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(sql))
    finally:
        engine.dispose()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A temporary database on the local PostgreSQL server, dropped afterwards."""
    name = f"cybercare_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_available() -> str | None:
    """None when the PostgreSQL server answers, else the reason."""
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure means: skip PostgreSQL, say why
        return f"{type(exc).__name__}: {exc}"
    return None


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def app_server(
    command: list[str],
    env: dict[str, str],
    *,
    port: int,
    log_dir: Path,
    start_timeout_s: float = 60,
) -> Iterator[Server]:
    """Run `command` (an app server listening on 127.0.0.1:`port`) until the block ends; its
    output goes to a log file that the caller can search for errors."""
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        server = Server(process, f"http://{HOST}:{port}", log_path)
        try:
            _wait_until_up(server, start_timeout_s)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_up(server: Server, timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    with httpx.Client(base_url=server.base_url, timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{server.log()[-3000:]}")
            try:
                if client.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {timeout_s} s:\n{server.log()[-3000:]}")


# --- load ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    ok: bool
    status: int
    seconds: float
    note: str = ""


@dataclass
class LoadResult:
    label: str
    clients: int
    wall_s: float
    latencies_s: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> int:
        return len(self.latencies_s)

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    @property
    def rate(self) -> float:
        return self.ok / self.wall_s if self.wall_s else 0.0

    def percentile_ms(self, p: float) -> float:
        if not self.latencies_s:
            return math.nan
        ordered = sorted(self.latencies_s)
        index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


Request = Callable[[httpx.Client, int, int], Outcome]
Prepare = Callable[[httpx.Client, int], object]


def drive(
    base_url: str,
    *,
    label: str,
    clients: int,
    per_client: int,
    request: Request,
    prepare: Prepare | None = None,
    time_limit_s: float = 30.0,
) -> LoadResult:
    """`clients` threads, each with its own keep-alive HTTP client, each sending up to
    `per_client` requests (`request(client, client_index, n)`) until the time limit."""
    barrier = threading.Barrier(clients + 1, timeout=60)
    go = threading.Event()
    lock = threading.Lock()
    result = LoadResult(label, clients, 0.0)
    deadline: list[float] = [0.0]

    def worker(index: int) -> None:
        with httpx.Client(base_url=base_url, timeout=30.0) as client:
            if prepare is not None:
                prepare(client, index)
            barrier.wait()
            go.wait()
            for n in range(per_client):
                if time.perf_counter() > deadline[0]:
                    break
                try:
                    outcome = request(client, index, n)
                except httpx.HTTPError as exc:
                    outcome = Outcome(False, 0, 0.0, f"{type(exc).__name__}: {exc}"[:200])
                with lock:
                    result.statuses[outcome.status] += 1
                    if outcome.ok:
                        result.latencies_s.append(outcome.seconds)
                    else:
                        result.errors[outcome.note or f"HTTP {outcome.status}"] += 1

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()  # every client is connected and prepared: start the clock
    started = time.perf_counter()
    deadline[0] = started + time_limit_s
    go.set()
    for thread in threads:
        thread.join(timeout=time_limit_s + 60)
    result.wall_s = time.perf_counter() - started
    return result


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]
