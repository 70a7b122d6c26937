"""Writes audit events inside the caller's unit of work, so an event exists iff its change does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

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
    uow.session.add(
        AuditEvent(
            occurred_at=at,
            actor=actor,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            clause=clause,
            details=dict(details or {}),
        )
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
