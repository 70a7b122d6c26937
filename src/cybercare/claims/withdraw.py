"""Withdraw: a claim is withdrawn before its decision, by the member or by an agent on the
member's behalf; what it holds on its pot is given back.

Who may withdraw whose claim follows Art. 11.3, checked here (not only hidden in pages): the
member concerned, a minor's legal representative in the household, and the staff who work the
claim (assistance agents, claims handlers, supervisors). Another adult of the household does not
even see an adult's claim (not found, as for a claim that does not exist); a distributor is never
a principal (Art. 11.1). A decided claim is not withdrawn: it is contested (Art. 10.1).

The claim's money reservation on its pot is released in the same transaction, with the audit
event; the case keeps the place it holds among the year's cases until the case is closed
(Art. 5.2: `cover.service.count_case` or `release_case`). Withdrawing a withdrawn claim again
changes nothing (a retried form or request answers the same).
"""

from __future__ import annotations

from cybercare.assistance.domain import AGENT_ROLES, Compartment
from cybercare.assistance.repository import add_note
from cybercare.audit.trail import record
from cybercare.claims import claim_queries, repository
from cybercare.claims.adjudicate import facts_for, product_for
from cybercare.claims.claim import ART_8_4
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.views import ClaimView
from cybercare.claims.visibility import case_of_visible_claim
from cybercare.cover import service as cover
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.policy import repository as policies
from cybercare.product.catalog import Catalog

ART_11_3 = "Art. 11.3"
STAFF_WHO_WITHDRAW = (*AGENT_ROLES, Role.CLAIMS_HANDLER)
MAX_REASON = 2000


def withdraw_claim(
    uow: UnitOfWork,
    principal: Principal,
    claim_id: str,
    catalog: Catalog,
    clock: Clock,
    *,
    reason: str | None = None,
) -> ClaimView:
    """Withdraw a claim not decided yet; its reservation on the pot is released (audited)."""
    now = clock.now()
    if principal.is_staff:
        require_role(principal, *STAFF_WHO_WITHDRAW)
    note = (reason or "").strip() or None
    if note is not None and len(note) > MAX_REASON:
        raise InvalidInput("reason", f"at most {MAX_REASON} characters")
    if principal.is_staff and note is None:  # on the member's behalf: the trail says how asked
        raise InvalidInput("reason", "say how and when the member asked to withdraw the claim")
    claim = repository.get(uow, claim_id, for_update=True)
    # Art. 11.3: the member concerned, a minor's legal representative, staff
    case_of_visible_claim(uow, principal, claim, today=clock.today())
    if claim.status is ClaimStatus.WITHDRAWN:
        return claim_queries.view(uow, claim)
    claim.require("withdrawn")  # a decided claim: ClaimNotDecidable (Art. 8.4)
    product = product_for(uow, catalog, claim.affiliation_id)
    start = policies.load(uow, claim.affiliation_id).affiliation.start_date
    held = facts_for(uow, claim, product, start, now).held
    released = 0
    if held is not None and held.claim.reserved_cents:
        released = held.claim.reserved_cents
        cover.release(uow, held, at=now)
    pending = repository.latest_decision(uow, claim.claim_id, kinds=("handler",))
    if pending is not None and pending.state == "pending_approval":
        repository.save_decision(uow, pending.superseded())
    claim = claim.withdrawn()
    repository.save(uow, claim)
    # The reason is free text: a note on the case (erased with it), the trail names its id.
    reason_note_id: int | None = None
    if note:
        reason_note_id = add_note(
            uow,
            case_id=claim.case_id,
            workstream_id=None,
            author_user_id=principal.user_id,
            compartment=Compartment.GENERAL,
            body=note,
            at=now,
        ).note_id
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.withdrawn",
        subject_type="claim",
        subject_id=claim.claim_id,
        clause=str(ART_8_4),
        details={
            "case_id": claim.case_id,
            "by": "staff" if principal.is_staff else "member",
            "access": ART_11_3,
            "released_cents": released,
            **({"reason_note_id": reason_note_id} if reason_note_id is not None else {}),
        },
    )
    return claim_queries.view(uow, claim)
