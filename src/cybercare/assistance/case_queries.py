"""Reads of a household's cases that need no entity: what duplicate detection compares
(Art. 8.2) and who a case concerns. For the services of this package and the report pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from cybercare.assistance.domain import CaseSummary
from cybercare.db.tables import CaseRow
from cybercare.db.uow import UnitOfWork


def household_case_summaries(uow: UnitOfWork, household_id: str) -> list[CaseSummary]:
    """Every case of the household as duplicate detection compares them, oldest first (the
    caller shows a case's details only to a member who may see it, Art. 11.3)."""
    rows = uow.session.execute(
        select(CaseRow.id, CaseRow.guarantee_code, CaseRow.occurrence_date, CaseRow.discovery_date)
        .where(CaseRow.household_id == household_id)
        .order_by(CaseRow.opened_at, CaseRow.id)
    )
    return [CaseSummary(*row) for row in rows]


def case_opening(uow: UnitOfWork, case_id: str) -> tuple[str, datetime]:
    """The person a case concerns and when it was opened."""
    row = uow.session.execute(
        select(CaseRow.person_id, CaseRow.opened_at).where(CaseRow.id == case_id)
    ).one()
    return row[0], row[1]
