"""The unit of work: one transaction per command, committed once, never nested.

The edge (API route, CLI command, job) opens it; services receive it, work through repositories
and never commit; the edge commits once, or the exit rolls everything back.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from cybercare.db.engine import READ_ONLY_OPTION, reader_engine

logger = logging.getLogger(__name__)

_active: ContextVar[UnitOfWork | None] = ContextVar("cybercare_active_uow", default=None)


class NestedUnitOfWorkError(RuntimeError):
    """A command tried to open a second transaction inside its own."""


class SqliteWriterLock:
    """SQLite admits one writer at a time. The threads of a process queue on a lock, in turn,
    instead of sleeping and retrying in SQLite's busy handler (which gives multi-second tails
    under load); the processes of a server (`serve --workers 2`) queue on an exclusive `flock`
    of a file beside the database, which the kernel grants without polling. A database in
    memory has one process: the thread lock alone."""

    def __init__(self, lock_file: Path | None) -> None:
        self._threads = threading.Lock()
        self._lock_file = lock_file
        self._fd: int | None = None
        self._pid = 0  # a forked child must not share its parent's open file (nor its lock)

    def acquire(self) -> None:
        self._threads.acquire()
        if self._lock_file is None:
            return
        try:
            if self._fd is None or self._pid != os.getpid():
                self._fd = os.open(self._lock_file, os.O_RDWR | os.O_CREAT, 0o600)
                self._pid = os.getpid()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def release(self) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()


_writer_locks: dict[str, SqliteWriterLock] = {}
_writer_locks_guard = threading.Lock()


def _sqlite_writer_lock(bind: Engine | Connection) -> SqliteWriterLock | None:
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return None
    key = bind.url.render_as_string()
    database = bind.url.database
    lock_file = Path(database + ".writer-lock") if database and database != ":memory:" else None
    with _writer_locks_guard:
        return _writer_locks.setdefault(key, SqliteWriterLock(lock_file))


class UnitOfWork:
    def __init__(self, bind: Engine | Connection, *, read_only: bool = False) -> None:
        if (
            read_only
            and isinstance(bind, Engine)
            and not bind.get_execution_options().get(READ_ONLY_OPTION)
        ):
            bind = reader_engine(bind)
        self._bind = bind
        self.read_only = read_only
        self._writer_lock = None if read_only else _sqlite_writer_lock(bind)
        self._session: Session | None = None
        self._committed = False
        self._token: Token[UnitOfWork | None] | None = None
        self._before_commit: list[Callable[[], object]] = []
        self._after_commit: list[Callable[[], object]] = []
        self._kept: list[object] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in a `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if _active.get() is not None or self._session is not None:
            raise NestedUnitOfWorkError("a unit of work is already open in this context")
        if self._writer_lock is not None:
            self._writer_lock.acquire()
        # Bound to a connection (tests), commits become savepoints inside the test's transaction.
        self._session = Session(
            bind=self._bind,
            expire_on_commit=False,
            autoflush=True,
            join_transaction_mode="create_savepoint",
        )
        self._committed = False
        self._token = _active.set(self)
        return self

    def keep(self, row: object) -> None:
        """Hold a row this command loaded and will write back: the session's identity map holds
        unchanged rows weakly, so `session.get` would otherwise read it again."""
        self._kept.append(row)

    def just_before_commit(self, step: Callable[[], object]) -> None:
        """Run `step` as the last work of this transaction, right before it commits (in the
        order registered). For writes to hot rows: a lock taken there is held for the shortest
        time (e.g. a distributor's feed sequence, partners/feed.py)."""
        self._before_commit.append(step)

    def after_commit(self, step: Callable[[], object]) -> None:
        """Run `step` once this transaction committed (never if it rolls back): for what only
        a committed change may do in this process, e.g. count it for the metrics
        (`cybercare.observability.counters`). A step that fails is logged; the commit stands."""
        self._after_commit.append(step)

    def commit(self) -> None:
        if self._committed:
            raise RuntimeError("this unit of work has already committed")
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        steps, self._before_commit = self._before_commit, []
        for step in steps:
            step()
        self.session.commit()
        self._committed = True
        after, self._after_commit = self._after_commit, []
        for step in after:
            try:
                step()
            except Exception:
                logger.exception("a step after the commit failed")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._before_commit = []
        self._after_commit = []
        self._kept = []
        try:
            if not self._committed:
                self.session.rollback()
            self.session.close()
        finally:
            self._session = None
            if self._token is not None:
                _active.reset(self._token)
                self._token = None
            if self._writer_lock is not None:
                self._writer_lock.release()


class Database:
    """What the edges hold: a way to open units of work on one bind."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.bind = bind
        self._reader = reader_engine(bind) if isinstance(bind, Engine) else bind
        self._streaming_reader = (
            bind.execution_options(**{READ_ONLY_OPTION: True}) if isinstance(bind, Engine) else bind
        )
        # SQLite: one writer at a time, queued on the writer lock above.
        self.one_writer_at_a_time = bind.dialect.name == "sqlite"
        self._autocommit: Engine | None = None
        if isinstance(bind, Engine) and not self.one_writer_at_a_time:
            self._autocommit = bind.execution_options(isolation_level="AUTOCOMMIT")

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.bind)

    def reader(self) -> UnitOfWork:
        return UnitOfWork(self._reader, read_only=True)

    def streaming_reader(self) -> UnitOfWork:
        """A read-only unit of work inside a transaction, for a query that streams its rows
        (`yield_per`): PostgreSQL's server-side cursor exists only in a transaction block, so
        the autocommit of `reader()` would refuse it. Its rows also come from one snapshot."""
        return UnitOfWork(self._streaming_reader, read_only=True)

    @contextmanager
    def single_statement(self) -> Iterator[UnitOfWork]:
        """For one write that needs no transaction around it. On PostgreSQL it runs in
        autocommit: one round trip instead of three (BEGIN, the statement, COMMIT). Elsewhere
        (SQLite's writer queue, a test's connection) it is a unit of work committed at the end
        of the block."""
        if self._autocommit is None:
            with self.uow() as uow:
                yield uow
                uow.commit()
            return
        with UnitOfWork(self._autocommit) as uow:
            yield uow
