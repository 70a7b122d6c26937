"""All SQL of book imports: which households of a batch are done, and the rows that mark them.

The affiliations, households, mandates, audit and feed rows are written by their own contexts'
repositories (`policy.repository.add_many`, `billing.mandate_repository.add_many`, the audit
trail, the feed), each one multi-row INSERT per table and batch."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select

from cybercare.db.inserts import insert_rows
from cybercare.db.tables import BookImportRow, DistributorRow
from cybercare.db.uow import UnitOfWork


def distributor_exists(uow: UnitOfWork, code: str) -> bool:
    return (
        uow.session.scalar(select(DistributorRow.code).where(DistributorRow.code == code))
        is not None
    )


def imported_refs(uow: UnitOfWork, distributor: str, refs: Sequence[str]) -> set[str]:
    """Which of `refs` this distributor's earlier imports brought in (primary key look-ups)."""
    if not refs:
        return set()
    query = select(BookImportRow.customer_ref).where(
        BookImportRow.distributor_code == distributor, BookImportRow.customer_ref.in_(refs)
    )
    return set(uow.session.scalars(query))


def mark_imported(
    uow: UnitOfWork,
    *,
    distributor: str,
    batch_id: str,
    at: datetime,
    households: Sequence[tuple[str, str, int, date | None]],
) -> None:
    """(customer_ref, affiliation_id, line, paid_until) of each household of the batch, in the
    batch's transaction: the key a re-run skips them by."""
    insert_rows(
        uow.session,
        BookImportRow,
        [
            {
                "distributor_code": distributor,
                "customer_ref": ref,
                "affiliation_id": affiliation_id,
                "batch_id": batch_id,
                "line_no": line,
                "paid_until": paid_until,
                "imported_at": at,
            }
            for ref, affiliation_id, line, paid_until in households
        ],
    )
