"""Decide: a handler decides a claim in review, from the queue. Above the handler authority
limit the decision waits for a second, different person (four eyes, `approve`); otherwise it is
final and acted on at once (`enact_handler_decision`, shared with `approve`).

The handler starts from the coverage engine's proposal: confirming it needs nothing more; an
outcome or an amount other than the proposal's needs the reason why, and the audit trail keeps
both the proposal and the handler's choice."""

from __future__ import annotations

from dataclasses import dataclass

from cybercare.audit.trail import record
from cybercare.claims import claim_queries, repository
from cybercare.claims.adjudicate import facts_for, product_for
from cybercare.claims.claim import Claim, ClaimDecision
from cybercare.claims.domain import HandlerOutcome, check_handler_amount, needs_second_approval
from cybercare.claims.final_decision import DecidingMove, finalize, notify_decision
from cybercare.claims.views import ClaimView
from cybercare.cover.domain import Consumption
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.payments import service as payments
from cybercare.policy import repository as policies
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion

HANDLERS = (Role.CLAIMS_HANDLER, Role.SUPERVISOR)


@dataclass(frozen=True, slots=True)
class HandlerDecision:
    outcome: HandlerOutcome
    payable_cents: int
    note: str
    change_reason: str = ""  # why the outcome or amount differs from the engine's proposal


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the coverage engine proposed, when it proposed an outcome a handler can confirm
    (an engine asking for a review proposes none)."""

    outcome: HandlerOutcome
    payable_cents: int


def proposal_of(engine: ClaimDecision | None) -> Proposal | None:
    if engine is None or engine.outcome not in {o.value for o in HandlerOutcome}:
        return None
    return Proposal(HandlerOutcome(engine.outcome), engine.payable_cents)


def departs_from(proposal: Proposal | None, decision: HandlerDecision) -> bool:
    """The handler chose another outcome or amount than the engine proposed."""
    return proposal is not None and (
        proposal.outcome is not decision.outcome or proposal.payable_cents != decision.payable_cents
    )


def handler_queue(uow: UnitOfWork, principal: Principal) -> list[ClaimView]:
    require_role(principal, *HANDLERS)
    return [claim_queries.view(uow, claim) for claim in repository.queue(uow)]


def _reasons(uow: UnitOfWork, claim: Claim, decision: HandlerDecision) -> dict[str, object]:
    """The handler's decision cites the engine's reasons it rests on, then the handler's own."""
    engine = repository.latest_decision(uow, claim.claim_id, kinds=("engine",))
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
    claim = repository.get(uow, claim_id, for_update=True)
    claim.require("handler_decides")
    check_handler_amount(decision.outcome, decision.payable_cents, claim.claimed_cents)
    already = payments.payouts_total(uow, claim.claim_id)
    if decision.payable_cents < already:
        raise InvalidInput("payable", f"{already} cents were already paid out on this claim")
    proposal = proposal_of(repository.latest_decision(uow, claim.claim_id, kinds=("engine",)))
    departs = departs_from(proposal, decision)
    if departs and not decision.change_reason.strip():
        raise InvalidInput(
            "change_reason", "say why the outcome or the amount differs from the proposal"
        )
    product = product_for(uow, catalog, claim.affiliation_id)
    four_eyes = needs_second_approval(decision.payable_cents, product.claims)
    stored = repository.save_decision(
        uow,
        ClaimDecision(
            claim_id=claim.claim_id,
            sequence=repository.next_sequence(uow, claim.claim_id),
            kind="handler",
            state="pending_approval" if four_eyes else "final",
            outcome=decision.outcome.value,
            payable_cents=decision.payable_cents,
            product_code=product.code,
            product_version=product.version,
            inputs=None,
            decision=_reasons(uow, claim, decision),
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
        subject_id=claim.claim_id,
        details={
            "outcome": decision.outcome.value,
            "payable_cents": decision.payable_cents,
            "four_eyes": four_eyes,
            "authority_limit_cents": product.claims.handler_authority_limit_cents,
            "proposal": None
            if proposal is None
            else {"outcome": proposal.outcome.value, "payable_cents": proposal.payable_cents},
            "follows_proposal": proposal is not None and not departs,
            "change_reason": decision.change_reason.strip() if departs else None,
        },
    )
    if four_eyes:
        claim = claim.awaits_second_approval()
        repository.save(uow, claim)
    else:
        claim = enact_handler_decision(
            uow, claim, Claim.handler_decides, stored, product, clock=clock
        )
    return claim_queries.view(uow, claim)


def enact_handler_decision(
    uow: UnitOfWork,
    claim: Claim,
    move: DecidingMove,
    decision: ClaimDecision,
    product: ProductVersion,
    *,
    clock: Clock,
) -> Claim:
    """A handler's final decision settles the pot on what it pays (releasing what the claim
    held), then goes the way of every final decision (`final_decision.finalize`)."""
    now = clock.now()
    start = policies.load(uow, claim.affiliation_id).affiliation.start_date
    held = facts_for(uow, claim, product, start, now).held
    consumption = None
    if held is not None and decision.outcome != "declined":
        consumption = Consumption(
            held.locked.state.pot,
            decision.payable_cents,
            0 if held.case.case_counted else 1,
            released_cents=held.claim.reserved_cents,
            released_cases=1 if held.case.case_reserved else 0,
        )
    done = finalize(
        uow,
        claim,
        move,
        decision,
        held,
        consumption=consumption,
        product=product,
        at=now,
        today=clock.today(),
    )
    notify_decision(uow, done.claim, done.decision, product, at=now)
    return done.claim
