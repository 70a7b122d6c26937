"""What the claims services hand to the edges, and the circumstances as stored JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

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
