"""Recover: after paying ECOM or PAYF the insurer recovers from the seller or the fraudster, up
to the amount paid (subrogation, Art. 8.5). The pot is not refilled: the limits count the
benefits granted; the pot year reports what was recovered."""

from __future__ import annotations

from datetime import date

from cybercare.claims import claim_queries, repository
from cybercare.claims.decide import HANDLERS
from cybercare.claims.subrogation_service import record_recovery_on_claim
from cybercare.claims.views import ClaimView
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, require_role
from cybercare.kernel.clock import Clock
from cybercare.product.catalog import Catalog


def record_recovery(
    uow: UnitOfWork,
    principal: Principal,
    claim_id: str,
    *,
    amount_cents: int,
    source: str,
    received_on: date,
    catalog: Catalog,
    clock: Clock,
) -> ClaimView:
    """A handler records money recovered on a claim: through its recovery file (opened now if
    needed), so the file, the claim, the pot year's report and the books (RECOVERIES, party the
    claim) move together (claims.subrogation_service)."""
    require_role(principal, *HANDLERS)
    claim = repository.get(uow, claim_id, for_update=True)
    claim.recovered(amount_cents)  # Art. 8.5 refuses before anything is written
    record_recovery_on_claim(
        uow,
        principal,
        claim,
        amount_cents=amount_cents,
        received_on=received_on,
        note=source,
        at=clock.now(),
        catalog=catalog,
    )
    return claim_queries.view(uow, repository.get(uow, claim_id))
