"""Reopen: a decided claim goes back to the handler queue (after a complaint, Art. 10.1). Its
decisions stay in the history, superseded; what it used in the pot is held again until the new
decision settles it, and a new decision is due in 30 days (Art. 8.4)."""

from __future__ import annotations

from cybercare.audit.trail import record
from cybercare.claims import claim_queries, repository, sla
from cybercare.claims.adjudicate import facts_for, product_for
from cybercare.claims.claim import ClaimDecision
from cybercare.claims.decide import HANDLERS
from cybercare.claims.views import ClaimView
from cybercare.cover import service as cover
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, require_role
from cybercare.kernel.clock import Clock
from cybercare.policy import repository as policies
from cybercare.product.catalog import Catalog


def reopen_claim(
    uow: UnitOfWork, principal: Principal, claim_id: str, note: str, catalog: Catalog, clock: Clock
) -> ClaimView:
    require_role(principal, *HANDLERS)
    now = clock.now()
    claim = repository.get(uow, claim_id, for_update=True)
    claim.require("reopened")
    product = product_for(uow, catalog, claim.affiliation_id)
    previous = repository.latest_decision(uow, claim.claim_id)
    assert previous is not None
    repository.save_decision(uow, previous.superseded())
    start = policies.load(uow, claim.affiliation_id).affiliation.start_date
    held = facts_for(uow, claim, product, start, now).held
    if held is not None and claim.payable_cents:
        cover.reopen(uow, held, claim.payable_cents, at=now)
    repository.save_decision(
        uow,
        ClaimDecision(
            claim_id=claim.claim_id,
            sequence=repository.next_sequence(uow, claim.claim_id),
            kind="reopening",
            state="superseded",
            outcome="needs_review",
            payable_cents=0,
            product_code=product.code,
            product_version=product.version,
            inputs=None,
            decision={"reasons": [], "notices": [], "reopened_from": previous.sequence},
            decided_by=principal.actor,
            note=note,
            decided_at=now,
        ),
    )
    claim = claim.reopened(sla.decision_due(product, now))
    repository.save(uow, claim)
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.reopened",
        subject_type="claim",
        subject_id=claim.claim_id,
        details={"previous_outcome": previous.outcome},  # the note is on the decision
    )
    return claim_queries.view(uow, claim)
