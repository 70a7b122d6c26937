"""Art. 11.3 for a claim: the claim's case decides who may see it, and a claim the principal may
not see answers exactly like a claim that does not exist (`ClaimNotFound`, the same message and
parameters). The refusal must never be the case's: a `CaseNotFound` would name the case id behind
the claim, revealing both that the claim exists and which case it belongs to."""

from __future__ import annotations

from datetime import date

from cybercare.assistance.access import load_case_for
from cybercare.assistance.case import Case
from cybercare.claims.claim import Claim
from cybercare.claims.repository import ClaimNotFound
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import NotFound


def hidden_claim(claim_id: str) -> ClaimNotFound:
    """The refusal for a claim that does not exist, or exists out of the principal's sight."""
    return ClaimNotFound(f"no claim {claim_id!r}", params={"claim_id": claim_id})


def case_of_visible_claim(
    uow: UnitOfWork, principal: Principal, claim: Claim, *, today: date, for_update: bool = False
) -> Case:
    """The claim's case when `principal` may see it; `ClaimNotFound` (never the case's error)
    otherwise."""
    try:
        return load_case_for(uow, principal, claim.case_id, today=today, for_update=for_update)
    except NotFound:
        raise hidden_claim(claim.claim_id) from None
