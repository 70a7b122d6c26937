"""The reads duplicate detection needs (`claims.duplicates`): the case's own flag and the money
claims of the household under the guarantees of one pot."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cybercare.claims.claim import Claim
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.duplicates import PURCHASE_GUARANTEES, Purchase
from cybercare.db.tables import CaseRow, ClaimRow
from cybercare.db.uow import UnitOfWork


def case_flag(uow: UnitOfWork, case_id: str) -> str | None:
    """The earlier case the claim's case may repeat (set when it was opened or triaged)."""
    return uow.session.scalar(select(CaseRow.possible_duplicate_of).where(CaseRow.id == case_id))


def household_purchases(uow: UnitOfWork, claim: Claim) -> list[Purchase]:
    """The other claims of the household under ECOM or PAYF for the same amount, the most recent
    first; a withdrawn claim claims no purchase any more."""
    rows = uow.session.execute(
        select(
            ClaimRow.id,
            ClaimRow.case_id,
            ClaimRow.guarantee,
            ClaimRow.claimed_cents,
            ClaimRow.circumstances,
        )
        .where(
            ClaimRow.household_id == claim.household_id,
            ClaimRow.guarantee.in_(sorted(PURCHASE_GUARANTEES)),
            ClaimRow.claimed_cents == claim.claimed_cents,
            ClaimRow.id != claim.claim_id,
            ClaimRow.status != ClaimStatus.WITHDRAWN.value,
        )
        .order_by(ClaimRow.submitted_at.desc())
    )
    return [
        Purchase(row.id, row.case_id, row.guarantee, row.claimed_cents, _paid_on(row.circumstances))
        for row in rows
    ]


def _paid_on(circumstances: dict[str, object] | None) -> date | None:
    text = (circumstances or {}).get("payment_date")
    return date.fromisoformat(text) if isinstance(text, str) else None
