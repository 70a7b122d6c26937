"""Loading a case for a principal with the Art. 11 check, for this package and for claims.

A case the principal may not see answers `CaseNotFound`, exactly like a case that does not exist:
an adult's case does not even reveal its existence to the other adults of the household.
"""

from __future__ import annotations

from datetime import date

from cybercare.assistance import repository
from cybercare.assistance.case import Case
from cybercare.assistance.domain import CaseNotFound, may_see_case
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Household, is_minor
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.policy.repository import load_household


def load_case_for(
    uow: UnitOfWork, principal: Principal, case_id: str, *, today: date, for_update: bool = False
) -> Case:
    """The case when `principal` may see it (Art. 11.3); `CaseNotFound` otherwise."""
    row = repository.case_row(uow, case_id, for_update=for_update)
    if row is None or not can_see(uow, principal, row, today=today):
        raise CaseNotFound(f"no case {case_id!r}", params={"case_id": case_id})
    return row


def can_see(uow: UnitOfWork, principal: Principal, row: Case, *, today: date) -> bool:
    if principal.is_staff:
        return True
    if principal.household_id != row.household_id:
        return False
    if principal.person_id is not None and principal.person_id == row.person_id:
        return True  # the member concerned (Art. 11.3): no need to load the household
    return may_see_row(principal, row, load_household(uow, row.household_id), today=today)


def may_see_row(principal: Principal, row: Case, household: Household, *, today: date) -> bool:
    """Art. 11.3 for one case: the member concerned, or a legal representative of the minor
    concerned, today or on the incident date (a minor who has left the household since stays
    represented for what happened while they lived there), while the person is still a minor."""
    if may_see_case(
        principal,
        household_id=row.household_id,
        concerned_person_id=row.person_id,
        household=household,
        on=today,
    ):
        return True
    try:
        minor_today = is_minor(household.person(row.person_id), today)
    except InvalidInput:
        return False
    return minor_today and may_see_case(
        principal,
        household_id=row.household_id,
        concerned_person_id=row.person_id,
        household=household,
        on=row.incident_date,
    )
