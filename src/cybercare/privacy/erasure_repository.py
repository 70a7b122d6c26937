"""Erasure requests (GDPR art. 17): their rows, and the facts an answer needs about a person:
when each retention clock of theirs started (None while it has not)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from cybercare.db.tables import (
    AffiliationRow,
    CaseRow,
    ClaimRow,
    ErasureRequestRow,
    MandateRow,
    PayoutRow,
    PersonRow,
    StatusPeriodRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import NotFound


class ErasureRequestNotFound(NotFound):
    code = "erasure.not_found"


class PersonNotFound(NotFound):
    code = "erasure.person_not_found"


@dataclass(frozen=True, slots=True)
class ErasureRecord:
    id: str
    person_id: str
    household_id: str
    channel: str
    status: str
    received_on: date
    due_on: date
    registered_by: str
    decided_at: datetime | None
    retained_until: date | None
    decision: dict[str, Any] | None


def _record(row: ErasureRequestRow) -> ErasureRecord:
    return ErasureRecord(
        row.id,
        row.person_id,
        row.household_id,
        row.channel,
        row.status,
        row.received_on,
        row.due_on,
        row.registered_by,
        row.decided_at,
        row.retained_until,
        row.decision,
    )


def household_of(uow: UnitOfWork, person_id: str) -> str:
    household = uow.session.scalar(select(PersonRow.household_id).where(PersonRow.id == person_id))
    if household is None:
        raise PersonNotFound(f"no person {person_id!r}", params={"person_id": person_id})
    return household


def add(uow: UnitOfWork, record: ErasureRecord, *, at: datetime) -> None:
    uow.session.add(
        ErasureRequestRow(
            id=record.id,
            person_id=record.person_id,
            household_id=record.household_id,
            channel=record.channel,
            status=record.status,
            received_on=record.received_on,
            due_on=record.due_on,
            registered_by=record.registered_by,
            registered_at=at,
        )
    )
    uow.session.flush()


def load(uow: UnitOfWork, request_id: str) -> ErasureRecord:
    row = uow.session.get(ErasureRequestRow, request_id, with_for_update=True)
    if row is None:
        raise ErasureRequestNotFound(f"no erasure request {request_id!r}")
    return _record(row)


def decide(
    uow: UnitOfWork,
    request_id: str,
    *,
    status: str,
    at: datetime,
    by: str,
    retained_until: date | None,
    decision: dict[str, Any],
) -> None:
    row = uow.session.get(ErasureRequestRow, request_id)
    assert row is not None
    row.status, row.decided_at, row.decided_by = status, at, by
    row.retained_until, row.decision = retained_until, decision
    uow.session.flush()


def latest_of_person(uow: UnitOfWork, person_id: str) -> ErasureRecord | None:
    row = uow.session.scalars(
        select(ErasureRequestRow)
        .where(ErasureRequestRow.person_id == person_id)
        .order_by(ErasureRequestRow.registered_at.desc(), ErasureRequestRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else _record(row)


def retention_events(uow: UnitOfWork, person_id: str, household_id: str) -> dict[str, date | None]:
    """When each clock of the person started; a category absent holds nothing of theirs."""
    s = uow.session
    running = s.scalar(
        select(func.count())
        .select_from(AffiliationRow)
        .where(
            AffiliationRow.household_id == household_id,
            AffiliationRow.status.in_(("active", "suspended")),
        )
    )
    ended = s.scalar(
        select(func.max(StatusPeriodRow.start_date))
        .join(AffiliationRow, AffiliationRow.id == StatusPeriodRow.affiliation_id)
        .where(
            AffiliationRow.household_id == household_id,
            StatusPeriodRow.status.in_(("withdrawn", "terminated")),
        )
    )
    relationship_end = None if running or ended is None else ended
    events: dict[str, date | None] = {"member_identity": relationship_end}
    open_cases = s.scalar(
        select(func.count())
        .select_from(CaseRow)
        .where(CaseRow.person_id == person_id, CaseRow.closed_at.is_(None))
    )
    pending_claims = s.scalar(
        select(func.count())
        .select_from(ClaimRow)
        .where(ClaimRow.person_id == person_id, ClaimRow.status.not_in(("decided", "withdrawn")))
    )
    last_closed = s.scalar(
        select(func.max(CaseRow.closed_at)).where(CaseRow.person_id == person_id)
    )
    if open_cases or pending_claims or last_closed is not None:
        closed = None if open_cases or pending_claims or last_closed is None else last_closed.date()
        for code in ("cases_and_claims", "psychological_notes", "evidence_files"):
            events[code] = closed
    paid = s.scalar(
        select(func.max(PayoutRow.updated_at)).where(PayoutRow.household_id == household_id)
    )
    mandate_running = s.scalar(
        select(func.count())
        .select_from(MandateRow)
        .join(AffiliationRow, AffiliationRow.id == MandateRow.affiliation_id)
        .where(AffiliationRow.household_id == household_id, MandateRow.ended_on.is_(None))
    )
    mandate_end = s.scalar(
        select(func.max(MandateRow.ended_on))
        .join(AffiliationRow, AffiliationRow.id == MandateRow.affiliation_id)
        .where(AffiliationRow.household_id == household_id)
    )
    if paid is not None or mandate_end is not None or mandate_running:
        booked = [d for d in (paid.date() if paid else None, mandate_end) if d is not None]
        events["accounting_records"] = None if mandate_running or not booked else max(booked)
    return events
