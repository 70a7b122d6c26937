"""Recover: after paying ECOM or PAYF the insurer recovers from the seller or the fraudster, up
to the amount paid (subrogation, Art. 8.5). The pot is not refilled: the limits count the
benefits granted; the pot year reports what was recovered."""

from __future__ import annotations

from datetime import date

from cybercare.audit.trail import record
from cybercare.claims import claim_queries, repository
from cybercare.claims.adjudicate import facts_for, product_for
from cybercare.claims.decide import HANDLERS
from cybercare.claims.views import ClaimView
from cybercare.cover import service as cover
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, require_role
from cybercare.kernel.clock import Clock
from cybercare.payments import service as payments
from cybercare.policy import repository as policies
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
    require_role(principal, *HANDLERS)
    now = clock.now()
    claim = repository.get(uow, claim_id, for_update=True)
    recovered = claim.recovered(amount_cents)
    recovery_id = repository.add_recovery(
        uow,
        claim.claim_id,
        amount_cents=amount_cents,
        source=source,
        received_on=received_on,
        recorded_by=principal.actor,
        recorded_at=now,
    )
    repository.save(uow, recovered)
    payments.book_recovery(
        uow,
        claim_id=claim.claim_id,
        recovery_id=recovery_id,
        household_id=claim.household_id,
        cents=amount_cents,
        on=received_on,
        at=now,
    )
    product = product_for(uow, catalog, claim.affiliation_id)
    start = policies.load(uow, claim.affiliation_id).affiliation.start_date
    held = facts_for(uow, claim, product, start, now).held
    if held is not None:
        cover.record_recovery(uow, held, amount_cents, at=now)
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.recovery_recorded",
        subject_type="claim",
        subject_id=claim.claim_id,
        clause="Art. 8.5",
        details={"amount_cents": amount_cents, "source": source},
    )
    return claim_queries.view(uow, recovered)
