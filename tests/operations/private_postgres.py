"""A private PostgreSQL cluster for the outage tests: started by the test on a free port with its
own data directory, stopped and started at will, removed at the end. The shared server on 5432
is never touched.

As root, the cluster runs as the `postgres` user (initdb refuses root) in a directory under /tmp
it owns: pytest's tmp_path sits in a 0700 directory of root that `postgres` cannot enter.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.operations.processes import free_port

PG_BIN = Path(os.environ.get("CYBERCARE_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
# Speed over durability: a throwaway cluster (no fsync, no WAL flush on commit, small).
SERVER_OPTIONS = (
    "-F -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c shared_buffers=16MB -c max_connections=40 -c listen_addresses=127.0.0.1"
)


@dataclass
class PrivateCluster:
    root: Path
    port: int
    run_as: tuple[str, ...]

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str) -> None:
        command = [*self.run_as, str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"{SERVER_OPTIONS} -p {self.port} -k {self.root}"
        self.pg_ctl("-l", str(self.root / "server.log"), "-o", options, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        """`immediate`: as a crash would (no checkpoint, connections cut, recovery at start)."""
        self.pg_ctl("-m", mode, "-w", "stop")


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivateCluster]:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries (initdb, pg_ctl) not found in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="cybercare-pg-"))
    run_as: tuple[str, ...] = ()
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        run_as = ("runuser", "-u", "postgres", "--")
    cluster = PrivateCluster(root, free_port(), run_as)
    initdb = [*run_as, str(PG_BIN / "initdb"), "-D", str(cluster.data_dir)]
    subprocess.run(
        [*initdb, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test already
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
