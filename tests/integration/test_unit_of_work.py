"""One transaction per command: committed once, rolled back on error, never nested."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from cybercare.audit import trail
from cybercare.db.engine import WriteInReadOnlyUnitOfWork, is_read
from cybercare.db.tables import AuditEvent
from cybercare.db.uow import Database, NestedUnitOfWorkError

AT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def _record(db_uow: object, subject: str) -> None:
    trail.record(
        db_uow,  # type: ignore[arg-type]
        at=AT,
        actor="test",
        action="thing.done",
        subject_type="thing",
        subject_id=subject,
    )


def _count(db: Database) -> int:
    with db.reader() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_a_committed_unit_of_work_keeps_its_changes(db: Database) -> None:
    with db.uow() as uow:
        _record(uow, "a")
        uow.commit()
    assert _count(db) == 1


def test_an_error_rolls_back_everything_written_in_the_command(db: Database) -> None:
    with pytest.raises(ZeroDivisionError), db.uow() as uow:
        _record(uow, "a")
        uow.session.flush()
        _ = 1 / 0
    assert _count(db) == 0


def test_leaving_without_commit_writes_nothing(db: Database) -> None:
    with db.uow() as uow:
        _record(uow, "a")
    assert _count(db) == 0


def test_a_unit_of_work_refuses_to_nest(db: Database) -> None:
    with db.uow(), pytest.raises(NestedUnitOfWorkError), db.uow():
        pass


def test_a_unit_of_work_commits_only_once(db: Database) -> None:
    with db.uow() as uow:
        uow.commit()
        with pytest.raises(RuntimeError, match="already committed"):
            uow.commit()


def test_instants_come_back_as_aware_utc(db: Database) -> None:
    with db.uow() as uow:
        _record(uow, "a")
        uow.commit()
    with db.reader() as uow:
        stored = uow.session.scalar(select(AuditEvent.occurred_at))
    assert stored == AT
    assert stored is not None
    assert stored.tzinfo is not None


def test_audit_events_are_append_only(fresh_database: tuple[str, Engine]) -> None:
    _url, engine = fresh_database
    database = Database(engine)
    with database.uow() as uow:
        _record(uow, "a")
        uow.commit()
    for statement in ("UPDATE audit_events SET actor = 'forger'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), database.uow() as uow:
            uow.session.execute(text(statement))
    assert _count(database) == 1


def test_a_single_statement_is_kept_and_the_next_unit_of_work_is_a_transaction_again(
    fresh_database: tuple[str, Engine],
) -> None:
    """PostgreSQL runs it in autocommit on a pooled connection: that connection must come back
    transactional, or a later command's rollback would keep half its writes."""
    _url, engine = fresh_database
    database = Database(engine)
    for subject in ("a", "b"):
        with database.single_statement() as uow:
            _record(uow, subject)
        with database.uow() as uow:
            _record(uow, f"rolled back {subject}")
    assert _count(database) == 2


def test_a_reader_that_tries_to_write_is_refused_and_writes_nothing(
    fresh_database: tuple[str, Engine],
) -> None:
    """On PostgreSQL readers autocommit (no BEGIN/ROLLBACK round trips): a write slipping into
    one would be kept, so it is refused before it is sent, on both databases."""
    _url, engine = fresh_database
    database = Database(engine)
    with pytest.raises(WriteInReadOnlyUnitOfWork), database.reader() as uow:
        _record(uow, "a")
    assert _count(database) == 0


WRITER_SCRIPT = """
import sys
from datetime import UTC, datetime
from cybercare.audit import trail
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
database = Database(make_engine(sys.argv[1]))
with database.uow() as uow:
    trail.record(uow, at=datetime(2026, 11, 27, tzinfo=UTC), actor="other process",
                 action="thing.done", subject_type="thing", subject_id="b")
    uow.commit()
print("written")
"""


def test_sqlite_writers_of_two_processes_take_turns_without_polling(tmp_path: object) -> None:
    """`serve --workers 2` on SQLite: a second process's writer waits on the first one's lock
    (a kernel `flock`, no busy-timeout polling) and writes as soon as it is released."""
    import fcntl
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from cybercare.db import migrate
    from cybercare.db.engine import make_engine

    url = f"sqlite:///{Path(str(tmp_path)) / 'two.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    database = Database(engine)
    try:
        with database.uow() as uow:
            _record(uow, "a")
            # The writer holds the file lock every process of this database queues on.
            probe = os.open(str(Path(str(tmp_path)) / "two.db.writer-lock"), os.O_RDWR)
            with pytest.raises(BlockingIOError):
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            other = subprocess.Popen(
                [sys.executable, "-c", WRITER_SCRIPT, url],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(2.0)  # ample time to start and reach its write
            assert other.poll() is None, other.communicate()  # it waits for our lock
            uow.commit()
        os.close(probe)
        out, err = other.communicate(timeout=30)
        assert other.returncode == 0, err
        assert out.strip() == "written"
        assert _count(database) == 2
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("statement", "read"),
    [
        ("SELECT 1", True),
        ("  with t as (select 1) select * from t", True),
        ("(SELECT 1) UNION (SELECT 2)", True),
        ("-- a comment\nSELECT 1", True),
        ("/* hint */ SELECT 1", True),
        ("UPDATE pot_years SET version = 2", False),
        ("/* SELECT */ DELETE FROM audit_events", False),
        ("-- SELECT\nINSERT INTO audit_events DEFAULT VALUES", False),
    ],
)
def test_the_reader_guard_sees_the_first_keyword_past_comments_and_parentheses(
    statement: str, read: bool
) -> None:
    assert is_read(statement) is read
