"""The image's three entrypoints, run as the processes a container or a systemd unit starts:
`cybercare migrate`, then `cybercare serve` answering /health, and `cybercare worker --once`,
with production settings on a fresh SQLite database (deploy/container/smoke-test.sh runs the
same commands inside the built image)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

import cybercare

# The processes run in a folder of their own: they import this checkout's code, as the test does.
SOURCE = str(Path(cybercare.__file__).resolve().parents[1])
PRODUCTION = {
    "CYBERCARE_ENVIRONMENT": "production",
    "CYBERCARE_SECRET_KEY": "entrypoint-test-secret-0123456789abcdef0123456789",
    "CYBERCARE_SEPA_CREDITOR_IBAN": "BE56363123456788",
    "CYBERCARE_SEPA_CREDITOR_BIC": "BBRUBEBB",
    "CYBERCARE_SEPA_CREDITOR_ID": "BE87ZZZ0411111111",
    "CYBERCARE_PAYOUT_ACCOUNT_IBAN": "BE36733765432181",
    "CYBERCARE_PAYOUT_ACCOUNT_BIC": "KREDBEBB",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cybercare(*arguments: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cybercare.cli", *arguments],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_migrate_then_serve_then_work_as_separate_processes(tmp_path: Path) -> None:
    port = _free_port()
    env = os.environ | PRODUCTION
    env |= {
        "CYBERCARE_DATABASE_URL": f"sqlite:///{tmp_path / 'cybercare.db'}",
        "CYBERCARE_PORT": str(port),
        "CYBERCARE_MAILBOX_DIR": str(tmp_path / "mailbox"),
        "PYTHONPATH": os.pathsep.join([SOURCE, os.environ.get("PYTHONPATH", "")]),
    }

    migrated = _cybercare("migrate", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert "database upgraded from an empty schema to" in migrated.stdout

    server = subprocess.Popen(
        [sys.executable, "-m", "cybercare.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        health = _wait_for_health(server, f"http://127.0.0.1:{port}/health")
        assert health.status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)  # what `podman stop` and `systemctl stop` send
        server.wait(timeout=30)
    assert server.returncode in {0, -signal.SIGTERM}  # uvicorn re-raises the signal once stopped

    worked = _cybercare("worker", "--once", env=env, cwd=tmp_path)
    assert worked.returncode == 0, worked.stderr
    assert "delivered 0" in worked.stdout


def _wait_for_health(server: subprocess.Popen[bytes], url: str) -> httpx.Response:
    deadline = time.monotonic() + 90  # a loaded 2-core machine starts the app slowly
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve exited: {server.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("serve did not answer within 90 s")
