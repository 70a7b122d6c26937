"""All SQL of the read log: appending reads (one statement per page view) and loading the
reads of persons. The table is append-only; nothing here updates or deletes."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import insert, literal, select

from cybercare.db.tables import ClaimRow, PersonalDataReadRow
from cybercare.db.tables.base import insert_into, table_of
from cybercare.db.uow import UnitOfWork
from cybercare.privacy.read_log import PersonalDataRead, ReadKind, ReadPurpose

_COLUMNS = (
    "read_at",
    "staff_user_id",
    "staff_function",
    "kind",
    "purpose",
    "person_id",
    "household_id",
    "case_id",
)


def append(uow: UnitOfWork, rows: Sequence[Mapping[str, object]]) -> None:
    """Several reads in one INSERT (Core: the rows are written, never read back here)."""
    if rows:
        uow.session.execute(insert_into(PersonalDataReadRow), list(rows))


def append_of_claim(
    uow: UnitOfWork,
    claim_id: str,
    *,
    at: datetime,
    staff_user_id: str,
    staff_function: str,
    kind: ReadKind,
    purpose: ReadPurpose,
) -> None:
    """The read of a claim's data (the claim, its evidence, its letter): the person, household
    and case come from the claim in the same INSERT ... SELECT, no round trip before it."""
    claim = ClaimRow
    source = select(
        literal(at, PersonalDataReadRow.read_at.type),
        literal(staff_user_id),
        literal(staff_function),
        literal(kind.value),
        literal(purpose.value),
        claim.person_id,
        claim.household_id,
        claim.case_id,
    ).where(claim.id == claim_id)
    uow.session.execute(insert(table_of(PersonalDataReadRow)).from_select(list(_COLUMNS), source))


def reads_of_persons(
    uow: UnitOfWork,
    person_ids: Collection[str],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[PersonalDataRead]:
    """The reads of the data of `person_ids`, newest first (`since` included, `until` not)."""
    if not person_ids:
        return []
    row = PersonalDataReadRow
    query = select(row).where(row.person_id.in_(sorted(person_ids)))
    if since is not None:
        query = query.where(row.read_at >= since)
    if until is not None:
        query = query.where(row.read_at < until)
    query = query.order_by(row.read_at.desc(), row.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [
        PersonalDataRead(
            read_id=r.id,
            read_at=r.read_at,
            staff_user_id=r.staff_user_id,
            staff_function=r.staff_function,
            kind=ReadKind(r.kind),
            purpose=ReadPurpose(r.purpose),
            person_id=r.person_id,
            household_id=r.household_id,
            case_id=r.case_id,
        )
        for r in uow.session.scalars(query)
    ]
