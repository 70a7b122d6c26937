"""All SQL of the assistance context: cases, workstreams, notes, access log, takedowns,
escalations. Returns rows to the services of this package only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from cybercare.assistance.domain import CaseStatus, CaseSummary, WorkstreamStatus
from cybercare.db.tables import (
    AffiliationRow,
    CaseNoteRow,
    CaseRow,
    ClaimRow,
    NoteAccessLogRow,
    PersonRow,
    SlaEscalationRow,
    TakedownRequestRow,
    UserRoleRow,
    UserRow,
    WorkstreamRow,
)
from cybercare.db.uow import UnitOfWork

_CASE = select(CaseRow).where(CaseRow.id == bindparam("case_id"))  # built once: see db.inserts
_CASE_FOR_UPDATE = _CASE.with_for_update()


def case_row(uow: UnitOfWork, case_id: str, *, for_update: bool = False) -> CaseRow | None:
    return uow.session.scalar(_CASE_FOR_UPDATE if for_update else _CASE, {"case_id": case_id})


def pending_claims(uow: UnitOfWork, case_id: str) -> list[str]:
    """The claims of the case still waiting (evidence, a handler, a second approval)."""
    return list(
        uow.session.scalars(
            select(ClaimRow.id)
            .where(
                ClaimRow.case_id == case_id,
                ClaimRow.status.in_(("incomplete", "in_review", "awaiting_approval")),
            )
            .order_by(ClaimRow.id)
        )
    )


def has_claims(uow: UnitOfWork, case_id: str) -> bool:
    query = select(ClaimRow.id).where(ClaimRow.case_id == case_id).limit(1)
    return uow.session.scalar(query) is not None


def workstream_row(
    uow: UnitOfWork, workstream_id: str, *, for_update: bool = False
) -> WorkstreamRow | None:
    query = select(WorkstreamRow).where(WorkstreamRow.id == workstream_id)
    if for_update:
        query = query.with_for_update()
    return uow.session.scalar(query)


def workstreams_of(uow: UnitOfWork, case_id: str) -> list[WorkstreamRow]:
    return list(
        uow.session.scalars(
            select(WorkstreamRow)
            .where(WorkstreamRow.case_id == case_id)
            .order_by(WorkstreamRow.opened_at, WorkstreamRow.team)
        )
    )


def notes_of(uow: UnitOfWork, case_id: str) -> list[CaseNoteRow]:
    return list(
        uow.session.scalars(
            select(CaseNoteRow)
            .where(CaseNoteRow.case_id == case_id)
            .order_by(CaseNoteRow.created_at, CaseNoteRow.id)
        )
    )


def takedowns_of(uow: UnitOfWork, case_id: str) -> list[TakedownRequestRow]:
    return list(
        uow.session.scalars(
            select(TakedownRequestRow)
            .where(TakedownRequestRow.case_id == case_id)
            .order_by(TakedownRequestRow.sent_at, TakedownRequestRow.id)
        )
    )


def takedown_row(uow: UnitOfWork, takedown_id: str) -> TakedownRequestRow | None:
    return uow.session.get(TakedownRequestRow, takedown_id)


def cases_of_household(uow: UnitOfWork, household_id: str) -> list[CaseRow]:
    return list(
        uow.session.scalars(
            select(CaseRow)
            .where(CaseRow.household_id == household_id)
            .order_by(CaseRow.opened_at, CaseRow.id)
        )
    )


def summaries_of_household(uow: UnitOfWork, household_id: str) -> list[CaseSummary]:
    return [
        CaseSummary(row.id, row.guarantee_code, row.occurrence_date, row.discovery_date)
        for row in cases_of_household(uow, household_id)
    ]


def person_row(uow: UnitOfWork, person_id: str) -> PersonRow | None:
    return uow.session.get(PersonRow, person_id)


def affiliations_of_household(uow: UnitOfWork, household_id: str) -> list[AffiliationRow]:
    return list(
        uow.session.scalars(
            select(AffiliationRow)
            .where(AffiliationRow.household_id == household_id)
            .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
        )
    )


def affiliation_row(uow: UnitOfWork, affiliation_id: str) -> AffiliationRow | None:
    return uow.session.get(AffiliationRow, affiliation_id)


def add(uow: UnitOfWork, row: object) -> None:
    uow.session.add(row)
    uow.session.flush()


def log_note_reads(
    uow: UnitOfWork,
    *,
    notes: Sequence[CaseNoteRow],
    user_id: str,
    purpose: str,
    at: datetime,
) -> None:
    uow.session.add_all(
        NoteAccessLogRow(
            note_id=note.id, case_id=note.case_id, user_id=user_id, purpose=purpose, accessed_at=at
        )
        for note in notes
    )
    uow.session.flush()


def note_reads(uow: UnitOfWork, case_id: str) -> list[NoteAccessLogRow]:
    return list(
        uow.session.scalars(
            select(NoteAccessLogRow)
            .where(NoteAccessLogRow.case_id == case_id)
            .order_by(NoteAccessLogRow.id)
        )
    )


def queue(uow: UnitOfWork, team: str) -> list[tuple[WorkstreamRow, CaseRow]]:
    """Workstreams of `team` not closed, soonest first-contact due first."""
    rows = uow.session.execute(
        select(WorkstreamRow, CaseRow)
        .join(CaseRow, CaseRow.id == WorkstreamRow.case_id)
        .where(
            WorkstreamRow.team == team,
            WorkstreamRow.status != WorkstreamStatus.CLOSED.value,
        )
        .order_by(
            WorkstreamRow.first_contact_at.is_not(None),
            WorkstreamRow.first_contact_due_at,
            WorkstreamRow.id,
        )
    )
    return [(ws, case) for ws, case in rows]


def untriaged(uow: UnitOfWork) -> list[CaseRow]:
    return list(
        uow.session.scalars(
            select(CaseRow)
            .where(CaseRow.status == CaseStatus.OPEN.value)
            .order_by(CaseRow.first_contact_due_at, CaseRow.id)
        )
    )


def cases_past_first_contact(uow: UnitOfWork, now: datetime) -> list[CaseRow]:
    escalated = aliased(SlaEscalationRow)
    return list(
        uow.session.scalars(
            select(CaseRow)
            .outerjoin(
                escalated,
                (escalated.subject_type == "case")
                & (escalated.subject_id == CaseRow.id)
                & (escalated.clock == "first_contact"),
            )
            .where(
                CaseRow.status != CaseStatus.CLOSED.value,
                CaseRow.first_contact_at.is_(None),
                CaseRow.first_contact_due_at < now,
                escalated.id.is_(None),
            )
            .order_by(CaseRow.first_contact_due_at, CaseRow.id)
        )
    )


def workstreams_past_first_contact(uow: UnitOfWork, now: datetime) -> list[WorkstreamRow]:
    escalated = aliased(SlaEscalationRow)
    return list(
        uow.session.scalars(
            select(WorkstreamRow)
            .outerjoin(
                escalated,
                (escalated.subject_type == "workstream")
                & (escalated.subject_id == WorkstreamRow.id)
                & (escalated.clock == "first_contact"),
            )
            .where(
                WorkstreamRow.status != WorkstreamStatus.CLOSED.value,
                WorkstreamRow.first_contact_at.is_(None),
                WorkstreamRow.first_contact_due_at < now,
                escalated.id.is_(None),
            )
            .order_by(WorkstreamRow.first_contact_due_at, WorkstreamRow.id)
        )
    )


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


def escalations(uow: UnitOfWork) -> list[SlaEscalationRow]:
    return list(uow.session.scalars(select(SlaEscalationRow).order_by(SlaEscalationRow.id)))


def supervisor_emails(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(e-mail, language) of every active supervisor."""
    rows = uow.session.execute(
        select(UserRow.email, UserRow.language)
        .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
        .where(UserRoleRow.role == "supervisor", UserRow.active.is_(True))
        .order_by(UserRow.email)
    )
    return [(email, language) for email, language in rows]
