"""What `GET /health/ready` checks: the database answers, it carries this code's schema (the
migrations are at head), and a worker's heartbeat is fresh (someone delivers the outbox).

Each check answers a word, never an error's text: the probe is public and must not leak hosts,
users or revisions. The details go to the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from cybercare.db.health import database_revision, migration_state
from cybercare.db.outage import DatabaseError, is_database_outage
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.outbox.heartbeat_queries import last_beat_at

log = logging.getLogger("cybercare.health")

OK = "ok"
UNKNOWN = "unknown"  # not checked: an earlier check failed


@dataclass(frozen=True, slots=True)
class Readiness:
    database: str
    migrations: str = UNKNOWN
    worker: str = UNKNOWN

    @property
    def checks(self) -> dict[str, str]:
        return {"database": self.database, "migrations": self.migrations, "worker": self.worker}

    @property
    def not_ready(self) -> list[str]:
        return [name for name, state in self.checks.items() if state != OK]

    @property
    def ready(self) -> bool:
        return not self.not_ready


def worker_state(last_beat: datetime | None, now: datetime, fresh_for: timedelta) -> str:
    """`ok` when a worker beat within `fresh_for`, `stale` when the last beat is older, `none`
    when no worker ever beat (or its row was pruned)."""
    if last_beat is None:
        return "none"
    return OK if now - last_beat <= fresh_for else "stale"


def check_readiness(database: Database, clock: Clock, *, worker_fresh_for: timedelta) -> Readiness:
    """The three checks in one read-only unit of work (blocking: run it in a thread)."""
    try:
        with database.reader() as uow:
            migrations = migration_state(database_revision(uow))
            if migrations != OK:  # the heartbeats' table may not exist yet
                log.warning("not ready: the database's migrations are %s", migrations)
                return Readiness(OK, migrations)
            worker = worker_state(last_beat_at(uow), clock.now(), worker_fresh_for)
    except DatabaseError as error:
        outage = is_database_outage(error)
        log.warning(
            "not ready: the database %s: %s", "is unreachable" if outage else "failed", error
        )
        return Readiness("unreachable" if outage else "error")
    if worker != OK:
        log.warning("not ready: no worker heartbeat within %s (%s)", worker_fresh_for, worker)
    return Readiness(OK, migrations, worker)
