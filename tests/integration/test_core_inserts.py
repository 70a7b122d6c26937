"""`db.inserts.insert_objects`: new objects written with Core in one statement keep what the
ORM would have given them (generated keys, scalar defaults), and a batch whose objects set
different attributes is refused rather than written with a value silently dropped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from cybercare.db.inserts import insert_objects
from cybercare.db.tables import AuditEvent
from cybercare.db.uow import Database

AT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def _event(subject: str, **changes: object) -> AuditEvent:
    values: dict[str, object] = {
        "occurred_at": AT,
        "actor": "test",
        "action": "thing.done",
        "subject_type": "thing",
        "subject_id": subject,
        "clause": None,
        "details": {},
    }
    return AuditEvent(**{**values, **changes})


def test_new_objects_get_their_generated_keys_and_are_written(db: Database) -> None:
    events = [_event("a"), _event("b", details={"n": 2}), _event("c")]
    with db.uow() as uow:
        insert_objects(uow.session, events)
        assert all(isinstance(event.id, int) for event in events)
        query = select(AuditEvent.id, AuditEvent.subject_id).where(
            AuditEvent.id.in_([event.id for event in events])
        )
        stored = {row.id: row.subject_id for row in uow.session.execute(query)}
        assert stored == {event.id: event.subject_id for event in events}
        assert not any(event in uow.session for event in events)  # plain values, not tracked


def test_objects_setting_different_attributes_are_refused(db: Database) -> None:
    first = _event("a")
    second = _event("b")
    del second.__dict__["clause"]  # as if never set
    with db.uow() as uow, pytest.raises(ValueError, match="same attributes"):
        insert_objects(uow.session, [first, second])
