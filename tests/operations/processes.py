"""Real processes for the shutdown tests: the environment a `cybercare` command runs with on a
test database, its child processes as /proc shows them, and waiting for a server to be ready."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

import cybercare

SOURCE = Path(cybercare.__file__).resolve().parents[1]  # this checkout's src/


def command_env(database_url: str, tmp_path: Path, **settings: str) -> dict[str, str]:
    """The caller's environment without its CYBERCARE_ settings, plus the test's."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("CYBERCARE_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(SOURCE), env.get("PYTHONPATH"))))
    env |= {
        "CYBERCARE_DATABASE_URL": database_url,
        "CYBERCARE_ENVIRONMENT": "test",
        "CYBERCARE_MAILBOX_DIR": str(tmp_path / "mailbox"),
        "CYBERCARE_HOST": "127.0.0.1",
    }
    env |= {f"CYBERCARE_{name.upper()}": value for name, value in settings.items()}
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def alive(pid: int) -> bool:
    """Running, or stopped but not yet reaped by its parent (a zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children_of(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found[int(entry.name)] = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue  # it ended while we looked
    return found


def wait_until_ready(
    url: str,
    process: subprocess.Popen[Any],
    timeout_s: float = 120.0,
    *,
    path: str = "/health/ready",
    log: Path | None = None,
) -> None:
    """Until `GET {url}{path}` answers 200 (by default the readiness probe: a worker's heartbeat
    included); a failure quotes the end of the process's `log` when there is one."""

    def tail() -> str:
        return f": {log.read_text()[-2000:]}" if log is not None and log.exists() else ""

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the process ended first with {process.returncode}{tail()}")
        try:
            if httpx.get(f"{url}{path}", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} not ready within {timeout_s:g} s{tail()}")
