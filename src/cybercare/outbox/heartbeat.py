"""The worker's heartbeat: while a worker process runs, its row in `worker_heartbeats` is kept
fresh, so the readiness probe (`GET /health/ready`) knows someone delivers the outbox.

It beats from a thread of its own, every third of the freshness window (two beats may be missed
before the worker counts as gone): a daily job that runs for minutes in the worker's loop does
not make a live worker look dead. A beat that fails (the database is away) is logged and tried
again at the next one. On a clean stop the worker takes its row away; the rows of workers that
died are pruned by the beats of the others.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from types import TracebackType

from cybercare.db.outage import DatabaseError
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.outbox import heartbeat_repository

logger = logging.getLogger("cybercare.outbox.heartbeat")

# A dead worker's row stays this long (the probe then says "stale", not "none"), at least.
KEEP_STALE_ROWS = timedelta(hours=1)


def this_worker_id() -> str:
    """host:pid, unique among the running workers of an installation."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Heartbeat:
    """`with Heartbeat(database, clock, fresh_for=timedelta(seconds=60)): run the loop`."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        fresh_for: timedelta,
        worker_id: str | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.worker_id = worker_id or this_worker_id()
        self.interval_s = max(fresh_for.total_seconds() / 3, 0.1)
        self._keep = max(KEEP_STALE_ROWS, 2 * fresh_for)
        self._started_at = clock.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def beat(self) -> bool:
        """One beat now; False (logged) when the database did not take it."""
        now = self.clock.now()
        try:
            heartbeat_repository.beat(
                self.database,
                self.worker_id,
                started_at=self._started_at,
                now=now,
                prune_before=now - self._keep,
            )
        except DatabaseError as error:
            logger.warning("heartbeat of worker %s not recorded: %s", self.worker_id, error)
            return False
        return True

    def __enter__(self) -> Heartbeat:
        self.beat()
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            heartbeat_repository.forget(self.database, self.worker_id)
        except DatabaseError as error:  # it goes stale and is pruned instead
            logger.warning("heartbeat of worker %s not removed: %s", self.worker_id, error)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.beat()
