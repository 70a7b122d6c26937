"""All SQL of the assistance context that loads or writes its entities: cases, workstreams,
notes, the access log, takedowns, contact attempts, escalations (the clocks past due are read in
`sla_queries`, the contact details and attempts shown in `contact_queries`).
Maps rows to the entities of `assistance.case` and writes them back: the services of this
package never see a row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from operator import attrgetter
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from cybercare.assistance.case import Case, Note, Takedown, Workstream
from cybercare.assistance.domain import (
    CaseOutcome,
    CaseStatus,
    Compartment,
    ContactTry,
    WorkstreamStatus,
)
from cybercare.db.tables import (
    AffiliationRow,
    CaseCallbackRow,
    CaseNoteRow,
    CaseRow,
    ClaimRow,
    ContactAttemptRow,
    NoteAccessLogRow,
    PersonRow,
    SlaEscalationRow,
    TakedownRequestRow,
    WorkstreamRow,
)
from cybercare.db.uow import UnitOfWork

_CASE = select(CaseRow).where(CaseRow.id == bindparam("case_id"))  # built once: see db.inserts
_CASE_FOR_UPDATE = _CASE.with_for_update()

# Rows and entities share their column names; the enums are stored as their values.
_CASE_FIELDS = tuple(Case.__dataclass_fields__)
_CASE_COLUMNS = attrgetter(*_CASE_FIELDS)
_STATUS, _OUTCOME = _CASE_FIELDS.index("status"), _CASE_FIELDS.index("closure_outcome")
_WORKSTREAM_FIELDS = tuple(Workstream.__dataclass_fields__)
_TAKEDOWN_FIELDS = tuple(Takedown.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    household_id: str
    language: str
    given_name: str
    family_name: str


@dataclass(frozen=True, slots=True)
class AffiliationRecord:
    id: str
    status: str
    product_code: str
    product_version: str


def _save(
    uow: UnitOfWork, table: type[Any], entity: Any, fields: tuple[str, ...], *, new: bool
) -> None:
    """Inserts `entity`, or writes the columns that changed onto its row (loaded and kept by this
    unit of work: no query; an unchanged row is neither updated nor versioned)."""
    values = {name: getattr(entity, name) for name in fields}
    values = {k: v.value if isinstance(v, StrEnum) else v for k, v in values.items()}
    if new:
        uow.session.add(table(**values))
    else:
        row = uow.session.get(table, values["id"])
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    uow.session.flush()


def to_case(row: CaseRow) -> Case:
    # On the claim path (every claim loads its case): one getter, positional construction.
    values = list(_CASE_COLUMNS(row))
    values[_STATUS] = CaseStatus(values[_STATUS])
    if values[_OUTCOME] is not None:
        values[_OUTCOME] = CaseOutcome(values[_OUTCOME])
    return Case(*values)


def to_workstream(row: WorkstreamRow) -> Workstream:
    values: dict[str, Any] = {name: getattr(row, name) for name in _WORKSTREAM_FIELDS}
    return Workstream(**{**values, "status": WorkstreamStatus(row.status)})


def _note(row: CaseNoteRow) -> Note:
    return Note(
        row.id,
        row.case_id,
        row.workstream_id,
        row.author_user_id,
        Compartment(row.compartment),
        row.body,
        row.created_at,
    )


def _takedown(row: TakedownRequestRow) -> Takedown:
    return Takedown(**{name: getattr(row, name) for name in _TAKEDOWN_FIELDS})


# --- cases -----------------------------------------------------------------------------------


def case_row(uow: UnitOfWork, case_id: str, *, for_update: bool = False) -> Case | None:
    """The case (locked for the command when `for_update`), None when there is none."""
    row = uow.session.scalar(_CASE_FOR_UPDATE if for_update else _CASE, {"case_id": case_id})
    if row is None:
        return None
    uow.keep(row)  # a save later in the command finds it without a query
    return to_case(row)


def add_case(uow: UnitOfWork, case: Case) -> None:
    _save(uow, CaseRow, case, _CASE_FIELDS, new=True)


def save_case(uow: UnitOfWork, case: Case) -> None:
    _save(uow, CaseRow, case, _CASE_FIELDS, new=False)


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


def cases_of_household(uow: UnitOfWork, household_id: str) -> list[Case]:
    return [
        to_case(row)
        for row in uow.session.scalars(
            select(CaseRow)
            .where(CaseRow.household_id == household_id)
            .order_by(CaseRow.opened_at, CaseRow.id)
        )
    ]


def person_row(uow: UnitOfWork, person_id: str) -> PersonRecord | None:
    row = uow.session.get(PersonRow, person_id)
    if row is None:
        return None
    return PersonRecord(row.id, row.household_id, row.language, row.given_name, row.family_name)


def _affiliation(row: AffiliationRow) -> AffiliationRecord:
    return AffiliationRecord(row.id, row.status, row.product_code, row.product_version)


def affiliations_of_household(uow: UnitOfWork, household_id: str) -> list[AffiliationRecord]:
    return [
        _affiliation(row)
        for row in uow.session.scalars(
            select(AffiliationRow)
            .where(AffiliationRow.household_id == household_id)
            .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
        )
    ]


def affiliation_row(uow: UnitOfWork, affiliation_id: str) -> AffiliationRecord | None:
    row = uow.session.get(AffiliationRow, affiliation_id)
    return _affiliation(row) if row is not None else None


# --- workstreams -----------------------------------------------------------------------------


def workstream(
    uow: UnitOfWork, workstream_id: str, *, for_update: bool = False
) -> Workstream | None:
    query = select(WorkstreamRow).where(WorkstreamRow.id == workstream_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalar(query)
    if row is None:
        return None
    uow.keep(row)
    return to_workstream(row)


def workstreams_of(uow: UnitOfWork, case_id: str) -> list[Workstream]:
    rows = list(
        uow.session.scalars(
            select(WorkstreamRow)
            .where(WorkstreamRow.case_id == case_id)
            .order_by(WorkstreamRow.opened_at, WorkstreamRow.team)
        )
    )
    for row in rows:
        uow.keep(row)
    return [to_workstream(row) for row in rows]


def add_workstream(uow: UnitOfWork, ws: Workstream) -> None:
    _save(uow, WorkstreamRow, ws, _WORKSTREAM_FIELDS, new=True)


def save_workstream(uow: UnitOfWork, ws: Workstream) -> None:
    _save(uow, WorkstreamRow, ws, _WORKSTREAM_FIELDS, new=False)


# --- notes -----------------------------------------------------------------------------------


def notes_of(uow: UnitOfWork, case_id: str) -> list[Note]:
    return [
        _note(row)
        for row in uow.session.scalars(
            select(CaseNoteRow)
            .where(CaseNoteRow.case_id == case_id)
            .order_by(CaseNoteRow.created_at, CaseNoteRow.id)
        )
    ]


def add_note(
    uow: UnitOfWork,
    *,
    case_id: str,
    workstream_id: str | None,
    author_user_id: str,
    compartment: Compartment,
    body: str,
    at: datetime,
) -> Note:
    row = CaseNoteRow(
        case_id=case_id,
        workstream_id=workstream_id,
        author_user_id=author_user_id,
        compartment=compartment.value,
        body=body,
        created_at=at,
    )
    uow.session.add(row)
    uow.session.flush()
    return _note(row)


def log_note_reads(
    uow: UnitOfWork,
    *,
    notes: Sequence[Note],
    user_id: str,
    purpose: str,
    at: datetime,
) -> None:
    uow.session.add_all(
        NoteAccessLogRow(
            note_id=note.note_id,
            case_id=note.case_id,
            user_id=user_id,
            purpose=purpose,
            accessed_at=at,
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


# --- takedowns -------------------------------------------------------------------------------


def takedowns_of(uow: UnitOfWork, case_id: str) -> list[Takedown]:
    return [
        _takedown(row)
        for row in uow.session.scalars(
            select(TakedownRequestRow)
            .where(TakedownRequestRow.case_id == case_id)
            .order_by(TakedownRequestRow.sent_at, TakedownRequestRow.id)
        )
    ]


def takedown(uow: UnitOfWork, takedown_id: str) -> Takedown | None:
    row = uow.session.get(TakedownRequestRow, takedown_id)
    if row is None:
        return None
    uow.keep(row)
    return _takedown(row)


def add_takedown(uow: UnitOfWork, takedown: Takedown) -> bool:
    """False when the case tracks a request for this URL already (one per URL and case)."""
    try:
        with uow.session.begin_nested():
            _save(uow, TakedownRequestRow, takedown, _TAKEDOWN_FIELDS, new=True)
    except IntegrityError:
        return False
    return True


def save_takedown(uow: UnitOfWork, takedown: Takedown) -> None:
    _save(uow, TakedownRequestRow, takedown, _TAKEDOWN_FIELDS, new=False)


# --- contact attempts (Art. 8.4) ----------------------------------------------------------


def add_contact_attempt(
    uow: UnitOfWork,
    *,
    case_id: str,
    workstream_id: str | None,
    person_id: str | None,
    attempt: ContactTry,
    note: str | None,
    first_contact: bool,
    next_try_at: datetime | None,
    made_by: str,
    at: datetime,
) -> int:
    """Appends one try (the table refuses updates); its id."""
    row = ContactAttemptRow(
        case_id=case_id,
        workstream_id=workstream_id,
        person_id=person_id,
        kind=attempt.kind.value,
        outcome=attempt.outcome.value,
        channel=attempt.channel.value,
        note=note,
        first_contact=first_contact,
        next_try_at=next_try_at,
        made_by=made_by,
        made_at=at,
    )
    uow.session.add(row)
    uow.session.flush()
    return row.id


# --- escalations -----------------------------------------------------------------------


def add_escalation(
    uow: UnitOfWork,
    *,
    subject_type: str,
    subject_id: str,
    case_id: str | None,
    clock: str,
    due_at: datetime,
    detected_at: datetime,
) -> bool:
    """Records a breach; False when a concurrent run recorded it first (one per subject and
    clock, by the unique key)."""
    try:
        with uow.session.begin_nested():
            uow.session.add(
                SlaEscalationRow(
                    subject_type=subject_type,
                    subject_id=subject_id,
                    case_id=case_id,
                    clock=clock,
                    due_at=due_at,
                    detected_at=detected_at,
                )
            )
            uow.session.flush()
    except IntegrityError:
        return False
    return True


# --- call-backs (Art. 8.4) -------------------------------------------------------------------


def add_call_back(
    uow: UnitOfWork, *, case_id: str, phone: str, channel: str, requested_by: str, at: datetime
) -> None:
    uow.session.add(
        CaseCallbackRow(
            case_id=case_id,
            phone=phone,
            channel=channel,
            requested_by=requested_by,
            requested_at=at,
        )
    )


def call_back_phone(uow: UnitOfWork, case_id: str) -> str | None:
    row = uow.session.get(CaseCallbackRow, case_id)
    return row.phone if row is not None else None
