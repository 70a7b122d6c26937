"""One migration at a time per database, so that every replica may run `cybercare migrate` as it
starts: the first migrates, the others wait for it and then find the database at head.

PostgreSQL: a session advisory lock on a fixed key, held on a connection of its own (autocommit)
for the whole upgrade; the server releases it if the process dies. SQLite: an exclusive `flock`
on a sidecar file next to the database (`<database>.migrate-lock`), released by the kernel when
the process dies. The sidecar stays: removing it would let two runs lock two different files.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

# A fixed signed 64-bit key: b"cybrmigr". Job locks (outbox/jobs.py) hash their names instead.
MIGRATION_LOCK_KEY = int.from_bytes(b"cybrmigr", "big", signed=True)
SIDECAR_SUFFIX = ".migrate-lock"


@contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """Hold the database's migration lock for the `with` block (waits for it, without limit)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if not database or database == ":memory:":
            yield  # a private in-memory database: nobody to wait for
            return
        with _file_lock(Path(database + SIDECAR_SUFFIX)):
            yield
        return
    with _advisory_lock(url):
        yield


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as sidecar:
        fcntl.flock(sidecar, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(sidecar, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(url: str) -> Iterator[None]:
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
    finally:
        engine.dispose()
