"""Test databases: every integration test runs on SQLite and on PostgreSQL.

Each backend gets one database per test session, built by the Alembic migrations. A test gets a
connection inside a transaction that is rolled back afterwards (its units of work commit to
savepoints), so tests are isolated and fast. Tests that need real commits from several
connections (concurrency) use `fresh_database`, a private copy of the migrated template.

PostgreSQL: `CYBERCARE_TEST_POSTGRES_URL` (default: the local server, trust auth). When it does not
answer, its tests are skipped with the reason, except in CI (`CI=true`) where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.identity import credentials
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import default_catalog
from cybercare.settings import Environment, Settings

POSTGRES_ADMIN_URL = os.environ.get(
    "CYBERCARE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")

# No per-example deadline: on a loaded 2-core machine a first example pays imports and JIT-free
# warm-up; speed is measured by bench/, never by timed tests.
hypothesis_settings.register_profile("cybercare", deadline=None)
hypothesis_settings.load_profile("cybercare")

# Passwords: the platform hashes with argon2id's RFC 9106 low-memory profile (64 MiB, three
# passes: about 0.2 s a hash here). Thousands of sign-ins in the suite test the flows, not the
# cost, so the in-process tests hash with the cheapest parameters, as Django's test settings do.
# Processes the tests start (servers, workers, the demo) keep the real profile; the parameters
# themselves are tested in tests/identity/test_credentials.py.
credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
credentials._DUMMY_HASH = credentials._hasher.hash("a password nobody has")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@dataclass
class Backend:
    name: str
    url: str
    engine: Engine
    make_copy: object  # callable() -> url of a private copy of the migrated database


def _postgres_reason() -> str | None:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        where = make_url(POSTGRES_ADMIN_URL).render_as_string()
        return f"PostgreSQL at {where} does not answer: {exc}"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    reason = _postgres_reason()
    session.config.stash[_PG_REASON] = reason
    if reason and IN_CI:
        pytest.exit(f"CI needs PostgreSQL and it is unreachable: {reason}", returncode=3)


_PG_REASON = pytest.StashKey[str | None]()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _admin_execute(sql: str) -> None:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def _pg_url(database: str) -> str:
    return make_url(POSTGRES_ADMIN_URL).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    folder = tmp_path_factory.mktemp("sqlite")
    template = folder / "template.db"
    url = f"sqlite:///{template}"
    migrate.upgrade(url)

    def make_copy() -> str:
        target = folder / f"copy-{uuid.uuid4().hex}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    engine = make_engine(url)
    yield Backend("sqlite", url, engine, make_copy)
    engine.dispose()


@pytest.fixture(scope="session")
def postgresql_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    reason = request.config.stash.get(_PG_REASON, None)
    if reason:
        pytest.skip(reason)
    name = f"cybercare_test_{_worker()}_{os.getpid()}"
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}"')
    _admin_execute(f'CREATE DATABASE "{name}"')
    url = _pg_url(name)
    migrate.upgrade(url)
    copies: list[str] = []

    def make_copy() -> str:
        copy = f"{name}_{uuid.uuid4().hex[:8]}"
        engine.dispose()  # CREATE DATABASE ... TEMPLATE needs no open session on the template
        _admin_execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        copies.append(copy)
        return _pg_url(copy)

    engine = make_engine(url)
    yield Backend("postgresql", url, engine, make_copy)
    engine.dispose()
    for copy in copies:
        _admin_execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    backend: Backend = request.getfixturevalue(f"{request.param}_backend")
    return backend


@pytest.fixture
def db(backend: Backend) -> Iterator[Database]:
    """A database whose every change is rolled back after the test."""
    connection = backend.engine.connect()
    transaction = connection.begin()
    try:
        yield Database(connection)
    finally:
        transaction.rollback()
        connection.close()


@pytest.fixture
def fresh_database(backend: Backend) -> Iterator[tuple[str, Engine]]:
    """A private, migrated database with real commits: for concurrency tests."""
    url = backend.make_copy()  # type: ignore[operator]
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    if backend.name == "sqlite":
        Path(make_url(url).database or "").unlink(missing_ok=True)


@pytest.fixture
def empty_database_url(backend: Backend, tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables): for migration tests."""
    if backend.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"cybercare_empty_{uuid.uuid4().hex[:8]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    yield _pg_url(name)
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
def container(backend: Backend, db: Database, clock: FixedClock) -> Container:
    """The application's wiring on the test database, with a fixed clock."""
    settings = Settings(environment=Environment.TEST, database_url=backend.url)
    return Container(
        settings=settings,
        engine=backend.engine,
        database=db,
        catalog=default_catalog(),
        clock=clock,
    )


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as test_client:
        yield test_client
