"""Which database errors are an outage (503, Retry-After) and which are faults (500), each made
for real: PostgreSQL refusing connections or cutting one mid-request is an outage; a statement
timeout, a division by zero, a missing table are not; no SQLite error is, not even "database is
locked" after the busy timeout (contention, not a server away)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db.engine import make_engine
from cybercare.db.outage import is_database_outage
from cybercare.settings import Environment, Settings
from cybercare.web.session import SessionSigner, WebSession
from tests.conftest import POSTGRES_ADMIN_URL, Backend


def _error_of(run: Callable[[], object]) -> DBAPIError:
    with pytest.raises(DBAPIError) as raised:
        run()
    return raised.value


def test_a_refused_connection_is_an_outage() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/nowhere")
    try:
        error = _error_of(engine.connect)
    finally:
        engine.dispose()
    assert is_database_outage(error)


def test_a_connection_the_server_ends_mid_request_is_an_outage(
    postgresql_backend: Backend,
) -> None:
    engine = make_engine(postgresql_backend.url)
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with admin.connect() as other:  # as a server shutting down does to every session
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            error = _error_of(lambda: connection.execute(text("SELECT 1")))
    finally:
        engine.dispose()
        admin.dispose()
    assert is_database_outage(error)


@pytest.mark.parametrize(
    ("fault", "statements"),
    [
        ("statement timeout", ("SET statement_timeout = 1", "SELECT pg_sleep(0.2)")),
        ("division by zero", ("SELECT 1 / 0",)),
        ("missing table", ("SELECT * FROM no_such_table",)),
    ],
)
def test_an_error_the_server_answered_is_no_outage(
    postgresql_backend: Backend, fault: str, statements: tuple[str, ...]
) -> None:
    engine = make_engine(postgresql_backend.url)

    def run(connection: Connection) -> None:
        for statement in statements:
            connection.execute(text(statement))

    try:
        with engine.connect() as connection:
            error = _error_of(lambda: run(connection))
    finally:
        engine.dispose()
    assert not is_database_outage(error), fault


def test_sqlite_database_is_locked_after_the_busy_timeout_is_no_outage(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    holder = create_engine(url, isolation_level="AUTOCOMMIT")
    waiter = create_engine(url, connect_args={"timeout": 0.05})
    try:
        with holder.connect() as holding:
            holding.execute(text("CREATE TABLE t (x INTEGER)"))
            holding.execute(text("BEGIN IMMEDIATE"))  # holds the write lock
            with waiter.connect() as waiting:
                error = _error_of(lambda: waiting.execute(text("INSERT INTO t VALUES (1)")))
            holding.execute(text("ROLLBACK"))
    finally:
        holder.dispose()
        waiter.dispose()
    assert "database is locked" in str(error)
    assert not is_database_outage(error)


def test_no_sqlite_error_is_an_outage(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with engine.connect() as connection:
            error = _error_of(lambda: connection.execute(text("SELECT * FROM no_such_table")))
    finally:
        engine.dispose()
    assert not is_database_outage(error)


def test_an_outage_is_found_behind_the_error_it_caused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/nowhere")
    try:
        outage = _error_of(engine.connect)
    finally:
        engine.dispose()
    wrapped = RuntimeError("rolling back failed too")
    wrapped.__cause__ = outage  # as `raise ... from outage` sets it

    assert is_database_outage(wrapped)
    assert not is_database_outage(RuntimeError("no database in sight"))


def test_a_database_fault_during_a_request_stays_a_500_on_api_and_pages(
    empty_database_url: str,
) -> None:
    # A database without the tables: every lookup fails, and no retry would help.
    settings = Settings(environment=Environment.TEST, database_url=empty_database_url)
    container = build_container(settings)
    app = create_app(container=container)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            api = client.get("/api/v1/events", headers={"Authorization": "Bearer cck_key_x_y"})
            client.cookies.set("cc_session", _signed_session(container))
            page = client.get("/portal", headers={"Accept": "text/html"})
    finally:
        container.engine.dispose()
    assert api.status_code == 500 and "retry-after" not in api.headers
    assert page.status_code == 500 and "retry-after" not in page.headers


def _signed_session(container: Container) -> str:
    """A browser's session cookie, so that the page looks its session up in the database."""
    signer = SessionSigner(container.settings.key_ring, container.clock)
    return signer.dumps(WebSession("sid-1"))
