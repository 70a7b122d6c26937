"""One transaction per command: committed once, rolled back on error, never nested."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from cybercare.audit import trail
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
