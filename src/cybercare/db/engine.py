"""Engines for the two supported databases, configured so the same code behaves the same.

SQLite: WAL journal, foreign keys enforced, and every transaction starts with BEGIN IMMEDIATE so
concurrent writers queue on the database lock instead of failing half-way with "database is
locked" when a reader upgrades to a writer. PostgreSQL: psycopg 3, READ COMMITTED; read-only
units of work run in autocommit (each statement sees the data committed before it starts, as
it would in a READ COMMITTED transaction, without the BEGIN and ROLLBACK round trips). On both,
a read-only unit of work that tries to write is refused before the statement is sent.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 5  # PostgreSQL; a `connect_timeout` in the URL wins
READ_ONLY_OPTION = "cybercare_read_only"
READ_STATEMENTS = ("SELECT", "WITH", "BEGIN")  # BEGIN: SQLite's deferred start of a reader


class WriteInReadOnlyUnitOfWork(RuntimeError):
    """A reader (`Database.reader()`) tried to write: a bug, refused before it reaches the
    database (on PostgreSQL, readers autocommit: the write would otherwise be kept)."""


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """`hide_parameters`: an error's message and SQLAlchemy's log lines show a statement's bound
    values (names, e-mail addresses, national numbers) only when `echo` asks for them, which
    production refuses (settings.py); logs and tracebacks otherwise name the statement alone."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    # A server that does not answer (a network partition, a host down) fails a connection after
    # CONNECT_TIMEOUT_S instead of the system's minutes: the request answers 503 (db/outage.py).
    connect_args: dict[str, Any] = (
        {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    )
    if "options" not in parsed.query:
        # No JIT compilation (issue 21, docs/scale.md): on a book of 200,000 households the
        # planner's cost of the staff search and the dashboards passed PostgreSQL's JIT
        # thresholds, and compiling took 3.9 s of a 4.4 s search; the statements of this
        # application are short, the JIT never pays back. An `options` in the URL wins.
        connect_args["options"] = "-c jit=off"
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=not echo,
        pool_size=10,
        max_overflow=20,
        future=True,
        connect_args=connect_args,
    )
    _ping_after_idle(engine)
    _refuse_writes_in_readers(engine)
    return engine


def reader_engine(engine: Engine) -> Engine:
    """The same pool, for read-only units of work (see the module's docstring)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{READ_ONLY_OPTION: True})
    return engine.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY_OPTION: True})


# Whitespace, opening parentheses and comments before a statement's first keyword.
_LEADING = re.compile(r"(?:\s+|\(|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.DOTALL)


def is_read(statement: str) -> bool:
    """Whether a statement starts as a read. A guard against mistakes, not against a crafted
    statement: a PostgreSQL `WITH ... INSERT` would pass (only the rate limiter builds one,
    db/rate_limits.py, and only in a writer)."""
    start = _LEADING.match(statement)
    first = statement[start.end() if start else 0 :][:6].upper()
    return first.startswith(READ_STATEMENTS)


def _refuse_writes_in_readers(engine: Engine) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _only_reads(
        connection: Any, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
    ) -> None:
        if connection.get_execution_options().get(READ_ONLY_OPTION) and not is_read(statement):
            raise WriteInReadOnlyUnitOfWork(f"a reader may not write: {statement[:60]}")


# A pooled connection used this recently is trusted; one idle longer is pinged before use.
PING_AFTER_IDLE_S = 5.0


def _ping_after_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling without a round trip per checkout (`pool_pre_ping`
    pings every time: three extra round trips per API call). A connection idle for more than
    `PING_AFTER_IDLE_S` is pinged; a dead one is replaced by the pool before the caller gets
    it. A server restart within seconds of a connection's last use fails that one request,
    and SQLAlchemy then invalidates the whole pool."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in_at", 0.0) <= PING_AFTER_IDLE_S:
            return
        record.info["pings"] = record.info.get("pings", 0) + 1
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as error:
            raise DisconnectionError(f"pooled connection is dead: {error}") from error


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    parsed = make_url(url)
    database = parsed.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=not echo,
        # Pooled: opening a connection runs the PRAGMAs and closing one checkpoints the WAL,
        # which would otherwise happen on every unit of work, inside the writers' queue.
        poolclass=QueuePool,
        pool_size=8,
        max_overflow=56,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Readers need no lock under WAL; writers take it up front so they queue cleanly.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    _refuse_writes_in_readers(engine)
    return engine
