"""Handler use cases: the queue, a handler's decision (four eyes above the authority limit),
the second approval, reopening a decided claim (history kept), subrogation recoveries (Art. 8.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.audit.trail import record
from cybercare.claims import repository, sla
from cybercare.claims.domain import (
    ClaimNotDecidable,
    ClaimStatus,
    HandlerOutcome,
    check_handler_amount,
    check_second_approver,
    needs_second_approval,
)
from cybercare.claims.service import _product, facts_for
from cybercare.claims.settlement import finalize, notify_decision
from cybercare.claims.views import ClaimView
from cybercare.cover import service as cover
from cybercare.cover.domain import Consumption
from cybercare.db.tables import ClaimDecisionRow, ClaimRow, RecoveryRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.payments import service as payments
from cybercare.policy import repository as policies
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion

HANDLERS = (Role.CLAIMS_HANDLER, Role.SUPERVISOR)
SUBROGATION = ("ECOM", "PAYF")  # Art. 8.5: the insurer takes over the member's rights


@dataclass(frozen=True, slots=True)
class HandlerDecision:
    outcome: HandlerOutcome
    payable_cents: int
    note: str


def handler_queue(uow: UnitOfWork, principal: Principal) -> list[ClaimView]:
    require_role(principal, *HANDLERS)
    return [repository.view(uow, row) for row in repository.queue(uow)]


def _in_state(row: ClaimRow, *states: ClaimStatus) -> None:
    if row.status not in {s.value for s in states}:
        raise ClaimNotDecidable(
            f"the claim is {row.status}", params={"claim_id": row.id, "status": row.status}
        )


def _reasons(uow: UnitOfWork, row: ClaimRow, decision: HandlerDecision) -> dict[str, object]:
    """The handler's decision cites the engine's reasons it rests on, then the handler's own."""
    engine = repository.latest_decision(uow, row.id, kinds=("engine",))
    data = engine.decision if engine is not None else {}
    reasons = list(data.get("reasons", []))
    main = reasons[0]["article"] if reasons else "Art. 4"
    reasons.append({"code": "handler.decision", "article": main, "params": {"note": decision.note}})
    notices = list(data.get("notices", []))
    if decision.outcome is not HandlerOutcome.ACCEPTED and not any(
        n["code"] == "complaints.path" for n in notices
    ):
        notices.append({"code": "complaints.path", "article": "Art. 10.1", "params": {}})
    return {
        "outcome": decision.outcome.value,
        "payable_cents": decision.payable_cents,
        "reasons": reasons,
        "notices": notices,
        "trace": data.get("trace", []),
    }


def decide_claim(
    uow: UnitOfWork,
    principal: Principal,
    claim_id: str,
    decision: HandlerDecision,
    catalog: Catalog,
    clock: Clock,
) -> ClaimView:
    """A handler decides a claim in review; above the authority limit it waits for a second,
    different person (four eyes)."""
    require_role(principal, *HANDLERS)
    now = clock.now()
    row = repository.get(uow, claim_id, for_update=True)
    _in_state(row, ClaimStatus.IN_REVIEW)
    check_handler_amount(decision.outcome, decision.payable_cents, row.claimed_cents)
    already = payments.payouts_total(uow, row.id)
    if decision.payable_cents < already:
        raise InvalidInput("payable", f"{already} cents were already paid out on this claim")
    product = _product(uow, catalog, row.affiliation_id)
    four_eyes = needs_second_approval(decision.payable_cents, product.claims)
    stored = repository.add_decision(
        uow,
        ClaimDecisionRow(
            claim_id=row.id,
            sequence=repository.next_sequence(uow, row.id),
            kind="handler",
            state="pending_approval" if four_eyes else "final",
            outcome=decision.outcome.value,
            payable_cents=decision.payable_cents,
            product_code=product.code,
            product_version=product.version,
            inputs=None,
            decision=_reasons(uow, row, decision),
            decided_by=principal.actor,
            note=decision.note,
            decided_at=now,
        ),
    )
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.handler_decided",
        subject_type="claim",
        subject_id=row.id,
        details={
            "outcome": decision.outcome.value,
            "payable_cents": decision.payable_cents,
            "four_eyes": four_eyes,
        },
    )
    if four_eyes:
        row.status = ClaimStatus.AWAITING_APPROVAL.value
        row.queue_reason = "claims.above_authority_limit"
        uow.session.flush()
    else:
        _apply(uow, row, stored, product, now_today=clock.today(), clock=clock)
    return repository.view(uow, row)


def approve_claim(
    uow: UnitOfWork, principal: Principal, claim_id: str, catalog: Catalog, clock: Clock
) -> ClaimView:
    """The second pair of eyes: another handler or a supervisor approves the pending decision."""
    require_role(principal, *HANDLERS)
    row = repository.get(uow, claim_id, for_update=True)
    _in_state(row, ClaimStatus.AWAITING_APPROVAL)
    pending = repository.latest_decision(uow, row.id, kinds=("handler",))
    assert pending is not None
    assert pending.state == "pending_approval"
    check_second_approver(pending.decided_by, principal.actor)
    pending.approved_by, pending.state = principal.actor, "final"
    record(
        uow,
        at=clock.now(),
        actor=principal.actor,
        action="claim.decision_approved",
        subject_type="claim",
        subject_id=row.id,
        details={"sequence": pending.sequence, "decided_by": pending.decided_by},
    )
    product = _product(uow, catalog, row.affiliation_id)
    _apply(uow, row, pending, product, now_today=clock.today(), clock=clock)
    return repository.view(uow, row)


def _apply(
    uow: UnitOfWork,
    row: ClaimRow,
    stored: ClaimDecisionRow,
    product: ProductVersion,
    *,
    now_today: date,
    clock: Clock,
) -> None:
    now = clock.now()
    start = policies.load(uow, row.affiliation_id).affiliation.start_date
    held = facts_for(uow, row, product, start, now).held
    consumption = None
    if held is not None and stored.outcome != "declined":
        consumption = Consumption(
            held.locked.state.pot,
            stored.payable_cents,
            0 if held.case.case_counted else 1,
            released_cents=held.claim.reserved_cents,
            released_cases=1 if held.case.case_reserved else 0,
        )
    finalize(
        uow,
        row,
        stored,
        held,
        consumption=consumption,
        payable_cents=stored.payable_cents,
        outcome=stored.outcome,
        at=now,
        today=now_today,
        product=product,
    )
    notify_decision(uow, row, stored, product, at=now)


def reopen_claim(
    uow: UnitOfWork, principal: Principal, claim_id: str, note: str, catalog: Catalog, clock: Clock
) -> ClaimView:
    """A decided claim goes back to the queue; its decisions stay in the history, superseded.
    What it used in the pot is held again until the new decision settles it."""
    require_role(principal, *HANDLERS)
    now = clock.now()
    row = repository.get(uow, claim_id, for_update=True)
    _in_state(row, ClaimStatus.DECIDED)
    product = _product(uow, catalog, row.affiliation_id)
    previous = repository.latest_decision(uow, row.id)
    assert previous is not None
    previous.state = "superseded"
    start = policies.load(uow, row.affiliation_id).affiliation.start_date
    held = facts_for(uow, row, product, start, now).held
    if held is not None and row.payable_cents:
        cover.reopen(uow, held, row.payable_cents, at=now)
    repository.add_decision(
        uow,
        ClaimDecisionRow(
            claim_id=row.id,
            sequence=repository.next_sequence(uow, row.id),
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
    row.status, row.outcome, row.queue_reason = ClaimStatus.IN_REVIEW.value, None, "claims.reopened"
    sla.restart_decision_clock(row, product, now)  # Art. 8.4: a new decision is due
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.reopened",
        subject_type="claim",
        subject_id=row.id,
        details={"note": note, "previous_outcome": previous.outcome},
    )
    uow.session.flush()
    return repository.view(uow, row)


class RecoveryRefused(Conflict):
    code = "claim.recovery_refused"


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
    """Art. 8.5: after paying ECOM or PAYF the insurer recovers from the seller or fraudster, up
    to the amount paid. The pot is not refilled (the limits count benefits granted)."""
    require_role(principal, *HANDLERS)
    now = clock.now()
    row = repository.get(uow, claim_id, for_update=True)
    if row.guarantee not in SUBROGATION:
        raise RecoveryRefused("subrogation applies to ECOM and PAYF only", clause="Art. 8.5")
    if amount_cents <= 0 or row.recovered_cents + amount_cents > row.paid_cents:
        raise InvalidInput(
            "amount", "a recovery is positive and at most the amount paid", clause="Art. 8.5"
        )
    recovery_id = repository.add_recovery(
        uow,
        RecoveryRow(
            claim_id=row.id,
            amount_cents=amount_cents,
            source=source[:200],
            received_on=received_on,
            recorded_by=principal.actor,
            recorded_at=now,
        ),
    )
    row.recovered_cents += amount_cents
    payments.book_recovery(
        uow,
        claim_id=row.id,
        recovery_id=recovery_id,
        household_id=row.household_id,
        cents=amount_cents,
        on=received_on,
        at=now,
    )
    product = _product(uow, catalog, row.affiliation_id)
    start = policies.load(uow, row.affiliation_id).affiliation.start_date
    held = facts_for(uow, row, product, start, now).held
    if held is not None:
        cover.record_recovery(uow, held, amount_cents, at=now)
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.recovery_recorded",
        subject_type="claim",
        subject_id=row.id,
        clause="Art. 8.5",
        details={"amount_cents": amount_cents, "source": source},
    )
    uow.session.flush()
    return repository.view(uow, row)
