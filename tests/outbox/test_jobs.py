"""Daily jobs: at most once per Brussels day, never twice at the same time, retried on failure."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text

from cybercare.db.engine import make_engine
from cybercare.db.tables.outbox import JobRun
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock, FixedClock
from cybercare.outbox.jobs import JobRegistry, advisory_lock_key, run_due_jobs, run_key_for
from tests.conftest import Backend

MONDAY_NOON = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


class Counting:
    """A job that counts its runs, optionally failing first or taking a while."""

    def __init__(self, *, failures: int = 0, seconds: float = 0.0) -> None:
        self.runs = 0
        self.failures = failures
        self.seconds = seconds
        self._lock = threading.Lock()

    def __call__(self, _database: Database, clock: Clock) -> str:
        with self._lock:
            self.runs += 1
            run = self.runs
        time.sleep(self.seconds)
        if run <= self.failures:
            raise RuntimeError(f"bank file rejected (run {run})")
        return f"billed for {clock.today().isoformat()}"


def _registry(**jobs: Counting) -> JobRegistry:
    registry = JobRegistry()
    for name, job in jobs.items():
        registry.register(name, job)
    return registry


def _runs(database: Database) -> list[tuple[str, str, str, int]]:
    with database.reader() as uow:
        rows = uow.session.scalars(select(JobRun).order_by(JobRun.job, JobRun.run_key))
        return [(row.job, row.run_key, row.status, row.attempts) for row in rows]


@pytest.fixture
def postgres_engine(postgresql_backend: Backend) -> Iterator[Engine]:
    engine = make_engine(postgresql_backend.make_copy())  # type: ignore[operator]
    yield engine
    engine.dispose()


def test_the_run_key_is_the_brussels_date() -> None:
    late_evening_utc = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in Brussels
    assert run_key_for(FixedClock(late_evening_utc)) == "2027-01-01"


def test_a_daily_job_runs_once_per_day_however_often_it_is_asked(db: Database) -> None:
    billing = Counting()
    registry = _registry(billing_run=billing)
    clock = FixedClock(MONDAY_NOON)

    first = run_due_jobs(db, clock, registry=registry)
    second = run_due_jobs(db, clock, registry=registry)
    clock.advance(timedelta(hours=11, minutes=59))  # 23:59 in Brussels, still Monday
    third = run_due_jobs(db, clock, registry=registry)

    assert [(r.job, r.status, r.summary) for r in first] == [
        ("billing_run", "succeeded", "billed for 2026-03-02")
    ]
    assert second == third == []
    assert billing.runs == 1

    clock.advance(timedelta(minutes=1))  # Tuesday in Brussels
    assert [r.run_key for r in run_due_jobs(db, clock, registry=registry)] == ["2026-03-03"]
    assert _runs(db) == [
        ("billing_run", "2026-03-02", "succeeded", 1),
        ("billing_run", "2026-03-03", "succeeded", 1),
    ]


def test_a_failed_job_is_recorded_and_retried_on_a_later_loop(db: Database) -> None:
    dunning = Counting(failures=1)
    sla = Counting()
    registry = _registry(dunning=dunning, sla_alarms=sla)
    clock = FixedClock(MONDAY_NOON)

    first = run_due_jobs(db, clock, registry=registry)
    assert [(r.job, r.status) for r in first] == [
        ("dunning", "failed"),
        ("sla_alarms", "succeeded"),
    ]
    assert first[0].error == "RuntimeError: bank file rejected (run 1)"
    with db.reader() as uow:
        failed = uow.session.scalars(select(JobRun).where(JobRun.job == "dunning")).one()
        assert (failed.status, failed.last_error) == ("failed", first[0].error)

    assert run_due_jobs(db, clock, registry=registry) == []  # not in a tight loop
    clock.advance(timedelta(minutes=1))
    retried = run_due_jobs(db, clock, registry=registry)

    assert [(r.job, r.status) for r in retried] == [("dunning", "succeeded")]
    assert (dunning.runs, sla.runs) == (2, 1)
    assert ("dunning", "2026-03-02", "succeeded", 2) in _runs(db)


def test_a_job_abandoned_by_a_dead_worker_is_taken_over_when_its_lease_expires(
    db: Database,
) -> None:
    renewals = Counting()
    registry = _registry(renewals=renewals)
    clock = FixedClock(MONDAY_NOON)
    with db.uow() as uow:  # a worker claimed today's run, then died
        uow.session.add(
            JobRun(
                job="renewals",
                run_key="2026-03-02",
                status="running",
                attempts=1,
                started_at=clock.now(),
                locked_until=clock.now() + timedelta(hours=1),
            )
        )
        uow.commit()

    assert run_due_jobs(db, clock, registry=registry) == []
    clock.advance(timedelta(hours=1, seconds=1))
    assert [r.status for r in run_due_jobs(db, clock, registry=registry)] == ["succeeded"]
    assert _runs(db) == [("renewals", "2026-03-02", "succeeded", 2)]


def test_two_workers_asking_at_once_run_a_job_once(fresh_database: tuple[str, Engine]) -> None:
    _url, engine = fresh_database
    billing = Counting(seconds=0.3)
    registry = _registry(billing_run=billing)
    clock = FixedClock(MONDAY_NOON)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait(timeout=10)
            run_due_jobs(Database(engine), clock, registry=registry)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert billing.runs == 1
    assert _runs(Database(engine)) == [("billing_run", "2026-03-02", "succeeded", 1)]


def test_a_job_another_postgresql_session_is_running_is_not_started(
    postgres_engine: Engine,
) -> None:
    billing = Counting()
    registry = _registry(billing_run=billing)
    database = Database(postgres_engine)
    key = {"key": advisory_lock_key("billing_run")}
    with postgres_engine.connect() as other_worker:
        other_worker.execute(text("SELECT pg_advisory_lock(:key)"), key)
        assert run_due_jobs(database, FixedClock(MONDAY_NOON), registry=registry) == []
        assert billing.runs == 0
        assert _runs(database) == []
        other_worker.execute(text("SELECT pg_advisory_unlock(:key)"), key)  # it is done
        other_worker.rollback()

    assert len(run_due_jobs(database, FixedClock(MONDAY_NOON), registry=registry)) == 1
    assert billing.runs == 1


def test_a_job_name_is_registered_once() -> None:
    registry = JobRegistry()

    @registry.daily("billing_run")
    def billing(_database: Database, _clock: Clock) -> str:
        return "ok"

    with pytest.raises(ValueError, match="already registered"):
        registry.register("billing_run", billing)
    assert "billing_run" in registry
    assert len(registry) == 1
