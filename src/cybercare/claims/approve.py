"""Approve: the second pair of eyes. Another handler or a supervisor approves the decision
waiting above the authority limit; it becomes final and is acted on."""

from __future__ import annotations

from cybercare.audit.trail import record
from cybercare.claims import claim_queries, repository
from cybercare.claims.adjudicate import product_for
from cybercare.claims.claim import Claim
from cybercare.claims.decide import HANDLERS, enact_handler_decision
from cybercare.claims.views import ClaimView
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, require_role
from cybercare.kernel.clock import Clock
from cybercare.product.catalog import Catalog


def approve_claim(
    uow: UnitOfWork, principal: Principal, claim_id: str, catalog: Catalog, clock: Clock
) -> ClaimView:
    require_role(principal, *HANDLERS)
    claim = repository.get(uow, claim_id, for_update=True)
    claim.require("approved")
    pending = repository.latest_decision(uow, claim.claim_id, kinds=("handler",))
    assert pending is not None
    assert pending.state == "pending_approval"
    approved = pending.approved(principal.actor)  # four eyes: never the first handler
    record(
        uow,
        at=clock.now(),
        actor=principal.actor,
        action="claim.decision_approved",
        subject_type="claim",
        subject_id=claim.claim_id,
        details={"sequence": approved.sequence, "decided_by": approved.decided_by},
    )
    product = product_for(uow, catalog, claim.affiliation_id)
    claim = enact_handler_decision(uow, claim, Claim.approved, approved, product, clock=clock)
    return claim_queries.view(uow, claim)
