"""The Art. 8.4 clocks that ran out: cases and workstreams nobody contacted in time and not
escalated yet, and whether a subject's clock was escalated (the breach job, `escalation`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from cybercare.assistance.case import Case, Workstream
from cybercare.assistance.repository import to_case, to_workstream
from cybercare.db.tables import CaseRow, SlaEscalationRow, WorkstreamRow
from cybercare.db.uow import UnitOfWork


def _past_first_contact(
    uow: UnitOfWork, table: type[Any], subject_type: str, now: datetime
) -> list[Any]:
    """Rows of `table` (cases or workstreams) not closed, never contacted, past their
    first-contact deadline and not escalated yet."""
    escalated = aliased(SlaEscalationRow)
    return list(
        uow.session.scalars(
            select(table)
            .outerjoin(
                escalated,
                (escalated.subject_type == subject_type)
                & (escalated.subject_id == table.id)
                & (escalated.clock == "first_contact"),
            )
            .where(
                table.status != "closed",
                table.first_contact_at.is_(None),
                table.first_contact_due_at < now,
                escalated.id.is_(None),
            )
            .order_by(table.first_contact_due_at, table.id)
        )
    )


def cases_past_first_contact(uow: UnitOfWork, now: datetime) -> list[Case]:
    return [to_case(row) for row in _past_first_contact(uow, CaseRow, "case", now)]


def workstreams_past_first_contact(uow: UnitOfWork, now: datetime) -> list[Workstream]:
    rows = _past_first_contact(uow, WorkstreamRow, "workstream", now)
    return [to_workstream(row) for row in rows]


def escalation_exists(uow: UnitOfWork, subject_type: str, subject_id: str, clock: str) -> bool:
    return (
        uow.session.scalar(
            select(SlaEscalationRow.id).where(
                SlaEscalationRow.subject_type == subject_type,
                SlaEscalationRow.subject_id == subject_id,
                SlaEscalationRow.clock == clock,
            )
        )
        is not None
    )
