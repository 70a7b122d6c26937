"""Named daily and periodic jobs (billing run, dunning, SLA alarms, renewals...) run by the worker.

A job runs at most once per run key: the Brussels date for a daily job, the time slot for a
periodic one (`registry.every(name, minutes=1)`: `2026-11-27T23:41Z`, the UTC start of the slot,
so a daylight-saving change neither skips nor repeats a slot). Its `job_runs` row is unique on
(job, run key) and is claimed in a transaction before the job starts. On PostgreSQL the whole run
also holds `pg_try_advisory_lock`, so two workers never run the same job at the same time. A job
that raises is recorded `failed` and tried again on a later loop, `retry_after` later; a worker
that dies mid-job leaves a `running` row whose lease lets another worker take over.

Jobs open their own units of work and must be idempotent: a retry (or a take-over after a crash)
runs them again for the same day.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, and_, or_, select, text, update

from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables.outbox import JobRun
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock

logger = logging.getLogger("cybercare.outbox.jobs")

JobFunction = Callable[[Database, Clock], str]
"""Runs one day's work through its own units of work; returns a one-line summary."""

DEFAULT_JOB_LEASE = timedelta(hours=1)
DEFAULT_RETRY_AFTER = timedelta(minutes=1)
NAME_LIMIT = 64
ERROR_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    run: JobFunction
    every_minutes: int | None = None  # None: daily


@dataclass(frozen=True, slots=True)
class JobResult:
    job: str
    run_key: str
    status: str  # "succeeded" | "failed"
    summary: str | None = None
    error: str | None = None


class JobRegistry:
    """Job name → function. Packages register theirs at wiring time (see docs/outbox.md)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}

    def register(self, name: str, run: JobFunction, *, every_minutes: int | None = None) -> None:
        if not name or len(name) > NAME_LIMIT:
            raise ValueError(f"a job name has 1 to {NAME_LIMIT} characters: {name!r}")
        if name in self._jobs:
            raise ValueError(f"job {name!r} is already registered")
        if every_minutes is not None and not 1 <= every_minutes <= MINUTES_PER_DAY:
            raise ValueError(f"a periodic job runs every 1 to {MINUTES_PER_DAY} minutes")
        self._jobs[name] = Job(name, run, every_minutes)

    def every(self, name: str, *, minutes: int) -> Callable[[JobFunction], JobFunction]:
        """Decorator: run the job once per slot of `minutes` (same claim and lease machinery as
        the daily jobs, the run key being the slot)."""

        def decorate(run: JobFunction) -> JobFunction:
            self.register(name, run, every_minutes=minutes)
            return run

        return decorate

    def daily(self, name: str) -> Callable[[JobFunction], JobFunction]:
        """Decorator form of `register`."""

        def decorate(run: JobFunction) -> JobFunction:
            self.register(name, run)
            return run

        return decorate

    def jobs(self) -> list[Job]:
        return list(self._jobs.values())

    def __contains__(self, name: object) -> bool:
        return name in self._jobs

    def __len__(self) -> int:
        return len(self._jobs)


default_registry = JobRegistry()


MINUTES_PER_DAY = 24 * 60
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def run_key_for(clock: Clock, every_minutes: int | None = None) -> str:
    """Daily jobs are keyed by the Brussels calendar date; periodic ones by the UTC start of
    their slot (slots of `every_minutes` counted from midnight UTC)."""
    if every_minutes is None:
        return clock.today().isoformat()
    return slot_key(clock.now(), every_minutes)


def slot_key(now: datetime, every_minutes: int) -> str:
    minutes = int((now.astimezone(UTC) - _EPOCH).total_seconds() // 60)
    start = _EPOCH + timedelta(minutes=minutes - minutes % every_minutes)
    return start.strftime("%Y-%m-%dT%H:%MZ")


def run_due_jobs(
    database: Database,
    clock: Clock,
    *,
    registry: JobRegistry = default_registry,
    lease: timedelta = DEFAULT_JOB_LEASE,
    retry_after: timedelta = DEFAULT_RETRY_AFTER,
    stop_event: threading.Event | None = None,
) -> list[JobResult]:
    """Run every registered job not yet done today; returns what ran (in registration order).
    A stop request (`stop_event`) lets the job in hand finish and skips the rest: they are
    still due for the next worker."""
    results: list[JobResult] = []
    for job in registry.jobs():
        if stop_event is not None and stop_event.is_set():
            break
        result = _run_if_due(database, clock, job, lease=lease, retry_after=retry_after)
        if result is not None:
            results.append(result)
    return results


def _run_if_due(
    database: Database, clock: Clock, job: Job, *, lease: timedelta, retry_after: timedelta
) -> JobResult | None:
    run_key = run_key_for(clock, job.every_minutes)
    if not _may_be_due(database, job.name, run_key, clock.now(), retry_after):
        return None  # the usual case on every loop after today's run: one read, no lock
    with exclusive(database, job.name) as acquired:
        if not acquired:
            return None  # another worker is running it right now
        started_at = _claim(
            database,
            job=job.name,
            run_key=run_key,
            now=clock.now(),
            lease=lease,
            retry_after=retry_after,
        )
        if started_at is None:
            return None
        logger.info("job %s (%s) starting", job.name, run_key)
        try:
            summary = job.run(database, clock)
        except Exception as exc:  # a failing job must not stop the worker
            logger.exception("job %s (%s) failed", job.name, run_key)
            error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
            _finish(database, job.name, run_key, started_at, clock.now(), error=error)
            return JobResult(job.name, run_key, "failed", error=error)
        _finish(database, job.name, run_key, started_at, clock.now(), summary=summary)
        logger.info("job %s (%s) done: %s", job.name, run_key, summary)
        return JobResult(job.name, run_key, "succeeded", summary=summary)


def _may_be_due(
    database: Database, job: str, run_key: str, now: datetime, retry_after: timedelta
) -> bool:
    """A cheap read before locking; `_claim` decides for real."""
    with database.reader() as uow:
        row = uow.session.execute(
            select(JobRun.status, JobRun.finished_at, JobRun.locked_until).where(
                JobRun.job == job, JobRun.run_key == run_key
            )
        ).one_or_none()
    if row is None:
        return True
    if row.status == "failed":
        return row.finished_at is None or row.finished_at <= now - retry_after
    if row.status == "running":
        return row.locked_until is None or row.locked_until < now
    return False


def _claim(
    database: Database,
    *,
    job: str,
    run_key: str,
    now: datetime,
    lease: timedelta,
    retry_after: timedelta,
) -> datetime | None:
    """Take today's run: insert its row, or take over a failed run (after `retry_after`) or an
    abandoned one (lease expired). Returns the start instant that fences the final record."""
    claimed = {
        "status": "running",
        "started_at": now,
        "locked_until": now + lease,
        "finished_at": None,
    }
    with database.uow() as uow:
        inserted = insert_new_rows(
            uow.session,
            JobRun,
            [{"job": job, "run_key": run_key, "attempts": 1, **claimed}],
            unique_on=["job", "run_key"],
            returning=JobRun.id,
        )
        if not inserted:
            result = uow.session.execute(
                update(JobRun)
                .where(
                    JobRun.job == job,
                    JobRun.run_key == run_key,
                    or_(
                        and_(JobRun.status == "failed", JobRun.finished_at <= now - retry_after),
                        and_(JobRun.status == "running", JobRun.locked_until < now),
                    ),
                )
                .values(attempts=JobRun.attempts + 1, **claimed)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) != 1:
                return None
        uow.commit()
    return now


def _finish(
    database: Database,
    job: str,
    run_key: str,
    started_at: datetime,
    now: datetime,
    *,
    summary: str | None = None,
    error: str | None = None,
) -> None:
    with database.uow() as uow:
        uow.session.execute(
            update(JobRun)
            .where(
                JobRun.job == job,
                JobRun.run_key == run_key,
                JobRun.status == "running",
                JobRun.started_at == started_at,
            )
            .values(
                status="failed" if error is not None else "succeeded",
                finished_at=now,
                locked_until=None,
                summary=summary,
                last_error=error,
            )
            .execution_options(synchronize_session=False)
        )
        uow.commit()


def advisory_lock_key(name: str) -> int:
    """A stable signed 64-bit key per job name for pg_try_advisory_lock."""
    digest = hashlib.sha256(f"cybercare.job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def exclusive(database: Database, name: str) -> Iterator[bool]:
    """On PostgreSQL, hold a session advisory lock for the job's whole run (on a connection of its
    own, in autocommit, so no transaction stays open meanwhile). SQLite: the claim is enough."""
    bind = database.bind
    if bind.dialect.name != "postgresql":
        yield True
        return
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            with _advisory_lock(autocommit, advisory_lock_key(name)) as acquired:
                yield acquired
        return
    with _advisory_lock(bind, advisory_lock_key(name)) as acquired:
        yield acquired


@contextmanager
def _advisory_lock(connection: Connection, key: int) -> Iterator[bool]:
    acquired = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
    try:
        yield acquired
    finally:
        if acquired:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
