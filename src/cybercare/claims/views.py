"""What the claims services hand to the edges (built from the entities of `claims.claim`), and
the circumstances as stored JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cybercare.claims.claim import Claim, ClaimDecision
from cybercare.claims.domain import ClaimStatus
from cybercare.cover.domain import Circumstances
from cybercare.payments.service import PayoutView


def circumstances_as_dict(facts: Circumstances) -> dict[str, Any]:
    def iso(day: date | None) -> str | None:
        return None if day is None else day.isoformat()

    return {
        "exclusions": sorted(facts.exclusions),
        "obligations_respected": sorted(facts.obligations_respected),
        "obligations_breached": sorted(facts.obligations_breached),
        "seller_professional": facts.seller_professional,
        "written_claim_sent": facts.written_claim_sent,
        "promised_delivery_date": iso(facts.promised_delivery_date),
        "payment_date": iso(facts.payment_date),
        "bank_refused_definitively": facts.bank_refused_definitively,
        "data_loss_cause": facts.data_loss_cause,
    }


def circumstances_from_dict(data: dict[str, Any]) -> Circumstances:
    def day(text: str | None) -> date | None:
        return None if text is None else date.fromisoformat(text)

    return Circumstances(
        exclusions=frozenset(data.get("exclusions", ())),
        obligations_respected=frozenset(data.get("obligations_respected", ())),
        obligations_breached=frozenset(data.get("obligations_breached", ())),
        seller_professional=data.get("seller_professional"),
        written_claim_sent=data.get("written_claim_sent"),
        promised_delivery_date=day(data.get("promised_delivery_date")),
        payment_date=day(data.get("payment_date")),
        bank_refused_definitively=data.get("bank_refused_definitively"),
        data_loss_cause=data.get("data_loss_cause"),
    )


@dataclass(frozen=True, slots=True)
class ReasonView:
    code: str
    article: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PotAfterView:
    """What is left in the pot once a final decision applied (Art. 5), as stored with it."""

    pot: str
    left_cents: int | None
    cases_left: int | None


@dataclass(frozen=True, slots=True)
class DecisionView:
    sequence: int
    kind: str  # engine, handler, approval, reopening
    state: str  # proposed, pending_approval, final, superseded
    outcome: str
    payable_cents: int
    reasons: tuple[ReasonView, ...]
    notices: tuple[ReasonView, ...]
    missing_evidence: tuple[str, ...]
    product_code: str
    product_version: str
    decided_by: str
    approved_by: str | None
    note: str | None
    decided_at: datetime
    pot: PotAfterView | None  # where the pot stands after this decision (final decisions)
    trace: tuple[dict[str, Any], ...]  # the engine's rules, for handlers
    # why the claim waits for a handler beside the engine's reasons (a possible duplicate)
    review_reasons: tuple[ReasonView, ...] = ()


@dataclass(frozen=True, slots=True)
class EvidenceView:
    evidence_id: int
    evidence_type: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimView:
    claim_id: str
    case_id: str
    affiliation_id: str
    person_id: str
    guarantee: str
    kind: str | None
    claimed_cents: int
    status: ClaimStatus
    outcome: str | None
    queue_reason: str | None
    payable_cents: int
    paid_cents: int
    recovered_cents: int
    submitted_at: datetime
    decided_at: datetime | None
    evidence: tuple[EvidenceView, ...]
    decisions: tuple[DecisionView, ...]
    payouts: tuple[PayoutView, ...]

    @property
    def decision(self) -> DecisionView | None:
        """The latest decision (the one in force, or the proposal a handler reviews)."""
        return self.decisions[-1] if self.decisions else None


def _reasons(items: list[dict[str, Any]] | None) -> tuple[ReasonView, ...]:
    return tuple(
        ReasonView(r["code"], r["article"], dict(r.get("params", {}))) for r in items or ()
    )


def _pot_after(stored: dict[str, Any] | None) -> PotAfterView | None:
    if not stored:
        return None
    return PotAfterView(stored["pot"], stored.get("left_cents"), stored.get("cases_left"))


def decision_view(decision: ClaimDecision) -> DecisionView:
    data = decision.decision
    return DecisionView(
        sequence=decision.sequence,
        kind=decision.kind,
        state=decision.state,
        outcome=decision.outcome,
        payable_cents=decision.payable_cents,
        reasons=_reasons(data.get("reasons")),
        notices=_reasons(data.get("notices")),
        missing_evidence=tuple(data.get("missing_evidence", ())),
        product_code=decision.product_code,
        product_version=decision.product_version,
        decided_by=decision.decided_by,
        approved_by=decision.approved_by,
        note=decision.note,
        decided_at=decision.decided_at,
        pot=_pot_after(data.get("pot_after")),
        trace=tuple(data.get("trace", ())),
        review_reasons=_reasons(data.get("review_reasons")),
    )


def claim_view(
    claim: Claim,
    evidence: list[EvidenceView],
    decisions: list[ClaimDecision],
    payouts: list[PayoutView],
) -> ClaimView:
    return ClaimView(
        claim_id=claim.claim_id,
        case_id=claim.case_id,
        affiliation_id=claim.affiliation_id,
        person_id=claim.person_id,
        guarantee=claim.guarantee,
        kind=claim.kind,
        claimed_cents=claim.claimed_cents,
        status=claim.status,
        outcome=claim.outcome,
        queue_reason=claim.queue_reason,
        payable_cents=claim.payable_cents,
        paid_cents=claim.paid_cents,
        recovered_cents=claim.recovered_cents,
        submitted_at=claim.submitted_at,
        decided_at=claim.decided_at,
        evidence=tuple(evidence),
        decisions=tuple(decision_view(d) for d in decisions),
        payouts=tuple(payouts),
    )
