"""Writes audit events inside the caller's unit of work, so an event exists iff its change does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from cybercare.db.inserts import insert_rows
from cybercare.db.tables import AuditEvent
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AuditRecord:
    occurred_at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    clause: str | None
    details: dict[str, Any]


def record(
    uow: UnitOfWork,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    clause: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    record_many(
        uow,
        [AuditRecord(at, actor, action, subject_type, subject_id, clause, dict(details or {}))],
    )


def record_many(uow: UnitOfWork, records: Sequence[AuditRecord]) -> None:
    """Several events in one statement (Core: events are written, never read back here)."""
    if not records:
        return
    insert_rows(  # a COPY on PostgreSQL for a large batch (an imported book)
        uow.session,
        AuditEvent,
        [
            {
                "occurred_at": r.occurred_at,
                "actor": r.actor,
                "action": r.action,
                "subject_type": r.subject_type,
                "subject_id": r.subject_id,
                "clause": r.clause,
                "details": r.details,
            }
            for r in records
        ],
    )


def events_for(uow: UnitOfWork, subject_type: str, subject_id: str) -> list[AuditRecord]:
    uow.session.flush()
    rows = uow.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.id)
    )
    return [
        AuditRecord(
            row.occurred_at,
            row.actor,
            row.action,
            row.subject_type,
            row.subject_id,
            row.clause,
            row.details,
        )
        for row in rows
    ]
