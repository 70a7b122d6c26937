"""Replicas started together may each run `cybercare migrate`: they take turns on the database's
migration lock (a PostgreSQL advisory lock, a file lock beside a SQLite database), the first
migrates, the others find the database at head; no run fails, no migration runs twice."""

from __future__ import annotations

import multiprocessing
import threading
import time
from multiprocessing.queues import Queue

from alembic.script import ScriptDirectory

from cybercare.db import migrate
from cybercare.db.migration_lock import migration_lock
from tests.conftest import Backend

REPLICAS = 3


def _head() -> str | None:
    return ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_current_head()


def _replica(url: str, results: Queue[tuple[str | None, str | None]]) -> None:
    try:
        upgrade = migrate.upgrade(url)
    except Exception as exc:  # reported, not lost with the process
        results.put(("failed", f"{type(exc).__name__}: {exc}"[:300]))
        raise
    results.put((upgrade.before, upgrade.after))


def test_replicas_migrating_at_once_apply_the_migrations_once(empty_database_url: str) -> None:
    # Forked: separate processes (their own connections and lock files) without paying for an
    # interpreter start each; `cybercare migrate` itself runs in test_entrypoints.py.
    context = multiprocessing.get_context("fork")
    results: Queue[tuple[str | None, str | None]] = context.Queue()
    replicas = [
        context.Process(target=_replica, args=(empty_database_url, results))
        for _ in range(REPLICAS)
    ]
    for replica in replicas:
        replica.start()
    outcomes = sorted(
        (results.get(timeout=180) for _ in replicas), key=lambda outcome: outcome[0] or ""
    )
    for replica in replicas:
        replica.join(timeout=30)

    head = _head()
    assert outcomes == [(None, head), (head, head), (head, head)]
    assert [replica.exitcode for replica in replicas] == [0] * REPLICAS
    assert migrate.current_revision(empty_database_url) == head


def test_a_second_migration_waits_until_the_first_releases_the_lock(backend: Backend) -> None:
    waited: list[float] = []

    def second() -> None:
        started = time.perf_counter()
        with migration_lock(backend.url):
            waited.append(time.perf_counter() - started)

    with migration_lock(backend.url):
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)
        assert waited == []  # still waiting while the first holds the lock
    other.join(timeout=10)

    assert len(waited) == 1 and waited[0] >= 0.5
