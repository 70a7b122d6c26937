"""The reads of one claim through the case's Art. 11.3 check: the claim, its decision letter,
an evidence file, the case it belongs to. The member's use cases (submit a claim, add evidence)
are in `claims.submit`. The handlers' use cases are one module per verb (`claims.decide`,
`claims.approve`, `claims.reopen`, `claims.recover`); the engine's adjudication is in
`claims.adjudicate`.
"""

from __future__ import annotations

from cybercare.assistance.access import load_case_for
from cybercare.claims import claim_queries, repository
from cybercare.claims.claim import Claim, EvidenceFile
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.final_decision import letter_view
from cybercare.claims.letters import render_letter
from cybercare.claims.views import ClaimView
from cybercare.claims.visibility import case_of_visible_claim
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import NotFound
from cybercare.product.catalog import Catalog


def _visible(uow: UnitOfWork, principal: Principal, claim_id: str, clock: Clock) -> Claim:
    claim = repository.get(uow, claim_id)
    case_of_visible_claim(uow, principal, claim, today=clock.today())  # Art. 11.3
    return claim


def get_claim(uow: UnitOfWork, principal: Principal, claim_id: str, clock: Clock) -> ClaimView:
    return claim_queries.view(uow, _visible(uow, principal, claim_id, clock))


def latest_claim_of_case(
    uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock
) -> ClaimView | None:
    """The most recent claim of a case (None before the first)."""
    load_case_for(uow, principal, case_id, today=clock.today())  # before naming its claims
    ids = repository.claims_of_case(uow, case_id)
    return get_claim(uow, principal, ids[-1], clock) if ids else None


def decision_letter(
    uow: UnitOfWork, principal: Principal, claim_id: str, catalog: Catalog, clock: Clock
) -> bytes:
    """The letter of the decision in force as a PDF, in the claim's language, rendered from the
    stored decision with the product version it was taken on."""
    claim = _visible(uow, principal, claim_id, clock)
    stored = repository.latest_decision(uow, claim_id, kinds=("engine", "handler"))
    if claim.status is not ClaimStatus.DECIDED or stored is None or stored.state != "final":
        raise NotFound("the claim has no decision yet", code="claim.not_decided")
    product = catalog.get(stored.product_code, stored.product_version)
    return render_letter(letter_view(claim, stored, product))


def claim_case_id(uow: UnitOfWork, principal: Principal, claim_id: str, clock: Clock) -> str:
    """The case of a claim the principal may see (the check of `get_claim`, without building
    the claim's view): where a form about the claim sends the handler back."""
    return _visible(uow, principal, claim_id, clock).case_id


def evidence_file(
    uow: UnitOfWork, principal: Principal, claim_id: str, evidence_id: int, clock: Clock
) -> EvidenceFile:
    """One evidence file byte for byte (its SHA-256 with it), after the Art. 11.3 check."""
    _visible(uow, principal, claim_id, clock)
    return repository.evidence_content(uow, claim_id, evidence_id)
