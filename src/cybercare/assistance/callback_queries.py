"""What the call-back use case reads besides the case (Art. 8.1, 8.4): the login of a person
(the distributor's app speaks for a member), and the distributor whose line a household calls."""

from __future__ import annotations

from sqlalchemy import select

from cybercare.db.tables import AffiliationRow, UserRow
from cybercare.db.uow import UnitOfWork

IN_FORCE = ("active", "suspended")


def member_user_id(uow: UnitOfWork, person_id: str) -> str | None:
    """The login of an insured person, if they have one."""
    return uow.session.scalar(
        select(UserRow.id).where(UserRow.person_id == person_id, UserRow.kind == "member")
    )


def household_distributor(uow: UnitOfWork, household_id: str) -> str | None:
    """The distributor of the household's affiliation (in force first, else the latest)."""
    rows = uow.session.execute(
        select(AffiliationRow.distributor_code, AffiliationRow.status)
        .where(AffiliationRow.household_id == household_id)
        .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
    ).all()
    for code, status in rows:
        if status in IN_FORCE:
            return str(code)
    return str(rows[0][0]) if rows else None
