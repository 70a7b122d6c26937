"""Rate limits shared by every server process (issue 16): the counters are rows of the database
(`rate_limit_buckets`), one upsert per hit, on the injected clock. A limit reached through one
app is enforced by another app on the same database. Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db.engine import make_engine
from cybercare.db.rate_limits import SharedRateLimiter, purge_expired_buckets
from cybercare.db.tables import RateLimitBucketRow
from cybercare.db.uow import Database
from cybercare.jobs import build_job_registry
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.rate_limits import RatePolicy
from cybercare.product.catalog import default_catalog
from cybercare.settings import Environment, Settings
from tests.conftest import Backend
from tests.web.accounts import Login, submit_password
from tests.web.conftest import SECRET

THREE_PER_MINUTE = RatePolicy("test", limit=3, window_s=60)


def limiter(
    db: Database, clock: FixedClock, policy: RatePolicy = THREE_PER_MINUTE
) -> SharedRateLimiter:
    return SharedRateLimiter(db, clock, policy)


def test_the_limit_refuses_the_next_hit_and_says_when_to_retry(
    db: Database, clock: FixedClock
) -> None:
    shared = limiter(db, clock)
    decisions = [shared.hit("login:ip:203.0.113.7") for _ in range(3)]
    assert [(d.allowed, d.remaining) for d in decisions] == [(True, 2), (True, 1), (True, 0)]
    clock.advance(timedelta(seconds=10))
    refused = shared.hit("login:ip:203.0.113.7")
    assert (refused.allowed, refused.remaining, refused.retry_after_s) == (False, 0, 50)


def test_a_refused_hit_does_not_lengthen_the_wait(db: Database, clock: FixedClock) -> None:
    shared = limiter(db, clock, RatePolicy("test", limit=1, window_s=60))
    assert shared.hit("k").allowed
    for _ in range(5):
        clock.advance(timedelta(seconds=10))
        assert not shared.hit("k").allowed
    clock.advance(timedelta(seconds=10))
    assert shared.hit("k").allowed


def test_the_window_ends_and_a_new_one_opens_with_the_next_hit(
    db: Database, clock: FixedClock
) -> None:
    shared = limiter(db, clock)
    for _ in range(4):
        shared.hit("k")
    clock.advance(timedelta(seconds=59, microseconds=999_999))
    assert not shared.hit("k").allowed
    clock.advance(timedelta(microseconds=1))
    fresh = shared.hit("k")
    assert (fresh.allowed, fresh.remaining, fresh.reset_s) == (True, 2, 60)


def test_keys_are_independent_and_a_reset_forgets_one_key(db: Database, clock: FixedClock) -> None:
    shared = limiter(db, clock, RatePolicy("test", limit=1, window_s=60))
    assert shared.hit("login:email:ann@example.be").allowed
    assert shared.hit("login:email:bob@example.be").allowed
    assert not shared.hit("login:email:ann@example.be").allowed
    shared.reset("login:email:ann@example.be")
    assert shared.hit("login:email:ann@example.be").allowed
    assert not shared.hit("login:email:bob@example.be").allowed


def test_a_peek_says_what_the_next_hit_would_get_without_counting_it(
    db: Database, clock: FixedClock
) -> None:
    """Sign-in looks at the failures of an address before checking a password, and counts a
    failure only afterwards (web/signin_limits.py)."""
    shared = limiter(db, clock, RatePolicy("test", limit=2, window_s=60))
    assert (shared.peek("k").allowed, shared.peek("k").remaining) == (True, 2)
    shared.hit("k")
    shared.hit("k")
    clock.advance(timedelta(seconds=15))
    refused = shared.peek("k")
    assert (refused.allowed, refused.retry_after_s) == (False, 45)
    clock.advance(timedelta(seconds=45))  # the window has ended
    assert shared.peek("k").remaining == 2
    assert shared.hit("k").remaining == 1  # the peeks recorded nothing


def test_the_table_names_no_address_only_the_sha256_of_each_key(
    db: Database, clock: FixedClock
) -> None:
    limiter(db, clock).hit("login:email:ann@example.be")
    with db.reader() as uow:
        (row,) = uow.session.execute(
            select(
                RateLimitBucketRow.key_sha256,
                RateLimitBucketRow.hits,
                RateLimitBucketRow.window_ends_at,
            )
        ).all()
    assert row.key_sha256 == hashlib.sha256(b"login:email:ann@example.be").hexdigest()
    assert (row.hits, row.window_ends_at) == (1, clock.now() + timedelta(seconds=60))


def test_an_hourly_job_purges_the_counters_whose_window_ended(
    db: Database, clock: FixedClock
) -> None:
    shared = limiter(db, clock)
    shared.hit("old")
    clock.advance(timedelta(seconds=30))
    shared.hit("recent")
    clock.advance(timedelta(seconds=30))
    assert purge_expired_buckets(db, clock.now()) == 1
    with db.reader() as uow:
        assert uow.session.scalar(select(func.count()).select_from(RateLimitBucketRow)) == 1
    job = next(j for j in build_job_registry(default_catalog()).jobs() if "rate_limits" in j.name)
    assert job.every_minutes == 60
    clock.advance(timedelta(seconds=30))
    assert job.run(db, clock) == "purged 1 rate-limit counters"


def test_hits_racing_from_two_processes_never_pass_the_limit(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    """Two engines (as two server processes have), four threads each, real commits."""
    url, engine = fresh_database
    other = build_container(Settings(environment=Environment.TEST, database_url=url)).engine
    policy = RatePolicy("test", limit=25, window_s=60)
    limiters = [SharedRateLimiter(Database(e), clock, policy) for e in (engine, other)]
    allowed: list[bool] = []
    lock = threading.Lock()

    def hammer(shared: SharedRateLimiter) -> None:
        for _ in range(10):
            decision = shared.hit("api:key:key_SHARED")
            with lock:
                allowed.append(decision.allowed)

    threads = [threading.Thread(target=hammer, args=(s,)) for s in limiters for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert (allowed.count(True), len(allowed)) == (25, 80)


# --- Two apps on one database ------------------------------------------------------------------


@pytest.fixture
def two_apps(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> Iterator[tuple[TestClient, TestClient]]:
    """Two instances of the application, each with its own container and connection pool, on
    one database: what two server processes are."""
    url, _engine = fresh_database
    containers: list[Container] = [
        build_container(
            Settings(environment=Environment.TEST, database_url=url, secret_key=SECRET),  # type: ignore[arg-type]
            clock=clock,
        )
        for _ in range(2)
    ]
    first, second = (
        TestClient(create_app(container=c), base_url="https://testserver") for c in containers
    )
    with first, second:
        yield first, second
    for container in containers:
        container.engine.dispose()


def test_a_sign_in_limit_reached_through_one_app_is_enforced_by_the_other(
    two_apps: tuple[TestClient, TestClient],
) -> None:
    first, second = two_apps
    nobody = Login("usr_none", "nobody@peeters.example")
    for _ in range(5):
        assert submit_password(first, nobody).status_code == 422
    refused = submit_password(second, nobody)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == str(15 * 60)


def test_on_postgresql_a_hit_commits_without_waiting_for_the_disk_and_leaks_no_setting(
    postgresql_backend: Backend, clock: FixedClock
) -> None:
    """`synchronous_commit` is off for the counter's own transaction only: the pooled
    connection goes back with the server's setting for the next user (money keeps its fsync)."""
    url = postgresql_backend.make_copy()  # type: ignore[operator]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            default = connection.exec_driver_sql("SHOW synchronous_commit").scalar()
            connection.rollback()
            with connection.begin():
                SharedRateLimiter(Database(connection), clock, THREE_PER_MINUTE).hit("k")
                inside = connection.exec_driver_sql("SHOW synchronous_commit").scalar()
        assert (default, inside) == ("on", "off")
        assert SharedRateLimiter(Database(engine), clock, THREE_PER_MINUTE).hit("k").remaining == 1
        assert engine.pool.checkedin() == 1  # one connection in all: the one the hit used
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
    finally:
        engine.dispose()
