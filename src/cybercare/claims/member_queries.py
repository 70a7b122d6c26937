"""Claims as a member reads them in the portal (Art. 5, 8.3, 10.1, 11.3): the claims of a case
they may see, the evidence received (name, type, size, receipt, SHA-256), the decisions with
their reasons and what is left in the pot, and the decision letters as PDF.

Every read goes through the case's Art. 11 check (`assistance.access.load_case_for`): a claim
of a case the member may not see answers not found, like a claim that does not exist. The
member's view holds no staff detail: neither the engine's trace, nor the handler's note or name,
nor the proposals a handler has not decided yet ("the system never declines by itself").

Each claim carries its progress (`claims.progress`): the stage, the dated steps (decided, paid,
returned) and the payment promise of Art. 8.4, derived once from the claim, its decisions and
its payouts; the case page, the list of cases and the portal home all show that one value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from cybercare.assistance import service as cases
from cybercare.assistance.access import load_case_for
from cybercare.audit import trail
from cybercare.claims import claim_queries, repository
from cybercare.claims.claim import Claim, EvidenceFile
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.final_decision import letter_view
from cybercare.claims.letters import render_letter
from cybercare.claims.progress import (
    ClaimFacts,
    ClaimProgress,
    DecisionFact,
    PaymentFact,
    claim_progress,
)
from cybercare.claims.views import ClaimView, DecisionView, EvidenceView, PotAfterView, ReasonView
from cybercare.claims.visibility import case_of_visible_claim
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import NotFound
from cybercare.payments.member_queries import PayoutHistory, payout_histories
from cybercare.product.catalog import Catalog

DECIDING_KINDS = ("engine", "handler")
SHOWN_STATES = ("final", "superseded")  # a superseded decision was final until a reopening


@dataclass(frozen=True, slots=True)
class MemberDecision:
    sequence: int
    by_handler: bool
    outcome: str  # accepted, partially_accepted, declined
    payable_cents: int
    reasons: tuple[ReasonView, ...]
    complaints_path: bool  # Art. 10.1: stated on every decline or partial settlement
    decided_at: datetime
    pot: PotAfterView | None
    superseded: bool


@dataclass(frozen=True, slots=True)
class MemberPayout:
    amount_cents: int
    iban_end: str  # the last four characters only
    status: str
    updated_at: datetime
    payout_id: str = ""  # a returned payout links to the form for another account (issue 15)


@dataclass(frozen=True, slots=True)
class MemberClaim:
    claim_id: str
    case_id: str
    guarantee: str
    kind: str | None
    claimed_cents: int
    status: str
    outcome: str | None
    payable_cents: int
    paid_cents: int
    submitted_at: datetime
    decided_at: datetime | None
    evidence: tuple[EvidenceView, ...]
    decisions: tuple[MemberDecision, ...]  # oldest first
    missing_evidence: tuple[str, ...]
    payouts: tuple[MemberPayout, ...]
    progress: ClaimProgress  # the stage, steps and payment promise every page shows
    # why a handler reviews the claim before any payment (a possible duplicate, with its case)
    review_reasons: tuple[ReasonView, ...] = ()

    @property
    def decision(self) -> MemberDecision | None:
        """The decision in force (None while a handler reviews the claim)."""
        final = [d for d in self.decisions if not d.superseded]
        return final[-1] if final and self.status == ClaimStatus.DECIDED else None


@dataclass(frozen=True, slots=True)
class DecisionLetter:
    """A decision letter the member may download (Documents)."""

    claim_id: str
    case_id: str
    guarantee: str
    product_key: tuple[str, str]
    outcome: str
    decided_at: datetime


def claims_of_case(
    uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock
) -> list[MemberClaim]:
    """The claims of a case the member may see (Art. 11.3), oldest first."""
    load_case_for(uow, principal, case_id, today=clock.today())
    claims = _member_claims(uow, repository.claims_of_case(uow, case_id), clock)
    return [
        replace(c, review_reasons=_shown(uow, principal, c.review_reasons, clock))
        if c.review_reasons
        else c
        for c in claims
    ]


def _shown(
    uow: UnitOfWork, principal: Principal, reasons: tuple[ReasonView, ...], clock: Clock
) -> tuple[ReasonView, ...]:
    """A reason naming another case names it only to a member who may see that case (Art. 11.3:
    another adult's case is not even revealed to exist)."""
    shown = []
    for reason in reasons:
        other = reason.params.get("case_id")
        try:
            if other is not None:
                load_case_for(uow, principal, str(other), today=clock.today())
            shown.append(reason)
        except NotFound:
            params = {k: v for k, v in reason.params.items() if k != "case_id"}
            shown.append(ReasonView(reason.code, reason.article, params))
    return tuple(shown)


def claims_by_case(
    uow: UnitOfWork, principal: Principal, clock: Clock
) -> dict[str, tuple[MemberClaim, ...]]:
    """The claims of every case the member sees (their own, and those of a minor they
    represent), oldest first per case: the list of cases and the portal home show their
    progress exactly as the case page does."""
    found: dict[str, tuple[MemberClaim, ...]] = {}
    for case in cases.list_cases(uow, principal, clock):
        claims = _member_claims(uow, repository.claims_of_case(uow, case.case_id), clock)
        if claims:
            found[case.case_id] = tuple(claims)
    return found


def decision_letters(uow: UnitOfWork, principal: Principal, clock: Clock) -> list[DecisionLetter]:
    """The decision letters of every case the member sees (their own, and those of a minor
    they represent), the most recent first."""
    letters = []
    for case in cases.list_cases(uow, principal, clock):
        for claim_id in repository.claims_of_case(uow, case.case_id):
            claim = repository.get(uow, claim_id)
            stored = repository.latest_decision(uow, claim_id, kinds=DECIDING_KINDS)
            if claim.status != ClaimStatus.DECIDED or stored is None or stored.state != "final":
                continue
            letters.append(
                DecisionLetter(
                    claim_id,
                    case.case_id,
                    claim.guarantee,
                    (stored.product_code, stored.product_version),
                    stored.outcome,
                    stored.decided_at,
                )
            )
    return sorted(letters, key=lambda letter: letter.decided_at, reverse=True)


def decision_letter_pdf(
    uow: UnitOfWork,
    principal: Principal,
    claim_id: str,
    language: str,
    catalog: Catalog,
    clock: Clock,
) -> bytes:
    """The letter of the decision in force, rendered from the stored decision in `language`."""
    claim = _visible_claim(uow, principal, claim_id, clock)
    stored = repository.latest_decision(uow, claim_id, kinds=DECIDING_KINDS)
    if claim.status != ClaimStatus.DECIDED or stored is None or stored.state != "final":
        raise NotFound("the claim has no decision yet", code="claim.not_decided")
    product = catalog.get(stored.product_code, stored.product_version)
    return render_letter(replace(letter_view(claim, stored, product), language=language))


def evidence_file(
    uow: UnitOfWork, principal: Principal, claim_id: str, evidence_id: int, clock: Clock
) -> EvidenceFile:
    """A file exactly as received, for a member who may see its case."""
    _visible_claim(uow, principal, claim_id, clock)
    return repository.evidence_content(uow, claim_id, evidence_id)


# --- helpers ----------------------------------------------------------------------------------


def _visible_claim(uow: UnitOfWork, principal: Principal, claim_id: str, clock: Clock) -> Claim:
    """The claim when its case is one the member may see; the same `not found` otherwise."""
    claim = repository.get(uow, claim_id)
    case_of_visible_claim(uow, principal, claim, today=clock.today())
    return claim


def _member_claims(uow: UnitOfWork, claim_ids: list[str], clock: Clock) -> list[MemberClaim]:
    payouts = payout_histories(uow, claim_ids)
    now = clock.now()
    claims = []
    for claim_id in claim_ids:
        claim = repository.get(uow, claim_id)
        withdrawn_at = (
            _withdrawn_at(uow, claim_id) if claim.status == ClaimStatus.WITHDRAWN else None
        )
        view = claim_queries.view(uow, claim)
        claims.append(_member_claim(view, claim, payouts.get(claim_id, ()), now, withdrawn_at))
    return claims


def _withdrawn_at(uow: UnitOfWork, claim_id: str) -> datetime | None:
    """When a withdrawn claim was withdrawn, from its audit event: withdrawal is rare, and the
    trail is where that instant is kept (the claim row keeps no date for it)."""
    return next(
        (
            event.occurred_at
            for event in trail.events_for(uow, "claim", claim_id)
            if event.action == "claim.withdrawn"
        ),
        None,
    )


def _member_claim(
    view: ClaimView,
    claim: Claim,
    payouts: tuple[PayoutHistory, ...],
    now: datetime,
    withdrawn_at: datetime | None = None,
) -> MemberClaim:
    decisions = tuple(
        _member_decision(d)
        for d in view.decisions
        if d.kind in DECIDING_KINDS and d.state in SHOWN_STATES
    )
    latest = view.decision
    missing = (
        latest.missing_evidence
        if latest is not None and view.status == ClaimStatus.INCOMPLETE
        else ()
    )
    engine = [d for d in view.decisions if d.kind == "engine"]
    waiting = view.status in (ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL)
    return MemberClaim(
        review_reasons=engine[-1].review_reasons if engine and waiting else (),
        claim_id=view.claim_id,
        case_id=view.case_id,
        guarantee=view.guarantee,
        kind=view.kind,
        claimed_cents=view.claimed_cents,
        status=view.status.value,
        outcome=view.outcome,
        payable_cents=view.payable_cents,
        paid_cents=view.paid_cents,
        submitted_at=view.submitted_at,
        decided_at=view.decided_at,
        evidence=view.evidence,
        decisions=decisions,
        missing_evidence=missing,
        payouts=tuple(
            MemberPayout(p.amount_cents, p.iban[-4:], p.status.value, p.updated_at, p.payout_id)
            for p in view.payouts
        ),
        progress=claim_progress(_facts(view, claim, decisions, payouts, withdrawn_at), now),
    )


def _facts(
    view: ClaimView,
    claim: Claim,
    decisions: tuple[MemberDecision, ...],
    payouts: tuple[PayoutHistory, ...],
    withdrawn_at: datetime | None,
) -> ClaimFacts:
    return ClaimFacts(
        status=view.status.value,
        outcome=view.outcome,
        payable_cents=view.payable_cents,
        paid_cents=view.paid_cents,
        submitted_at=view.submitted_at,
        decisions=tuple(DecisionFact(d.decided_at, d.outcome, d.payable_cents) for d in decisions),
        payment_due_at=claim.payment_due_at,
        payments=tuple(
            PaymentFact(p.amount_cents, p.iban_end, p.status, p.paid_at, p.returned_at)
            for p in payouts
        ),
        withdrawn_at=withdrawn_at,
    )


def _member_decision(view: DecisionView) -> MemberDecision:
    return MemberDecision(
        sequence=view.sequence,
        by_handler=view.kind == "handler",
        outcome=view.outcome,
        payable_cents=view.payable_cents,
        reasons=view.reasons,
        complaints_path=view.outcome in ("declined", "partially_accepted"),
        decided_at=view.decided_at,
        pot=view.pot,
        superseded=view.state == "superseded",
    )
