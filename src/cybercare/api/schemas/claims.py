"""Request and response shapes of the claims API. Amounts are decimal strings ("400.00")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.api.schemas.days import InputDate
from cybercare.claims.views import ClaimView, DecisionView, ReasonView
from cybercare.cover.domain import Circumstances
from cybercare.cover.service import PotView
from cybercare.kernel.money import format_amount, parse_amount
from cybercare.payments.service import PayoutView

Amount = Annotated[str, StringConstraints(pattern=r"^\d{1,9}(\.\d{1,2})?$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=48)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CircumstancesIn(Strict):
    exclusions: list[Code] = Field(default_factory=list, description="Art. 6 codes that apply")
    obligations_respected: list[Code] = Field(default_factory=list, description="Art. 7.1")
    obligations_breached: list[Code] = Field(default_factory=list, description="Art. 7.1")
    seller_professional: bool | None = None
    written_claim_sent: bool | None = None
    promised_delivery_date: InputDate | None = None
    payment_date: InputDate | None = None
    bank_refused_definitively: bool | None = None
    data_loss_cause: Code | None = None

    def facts(self) -> Circumstances:
        return Circumstances(
            exclusions=frozenset(self.exclusions),
            obligations_respected=frozenset(self.obligations_respected),
            obligations_breached=frozenset(self.obligations_breached),
            seller_professional=self.seller_professional,
            written_claim_sent=self.written_claim_sent,
            promised_delivery_date=self.promised_delivery_date,
            payment_date=self.payment_date,
            bank_refused_definitively=self.bank_refused_definitively,
            data_loss_cause=self.data_loss_cause,
        )


class PayeeIn(Strict):
    iban: Annotated[str, StringConstraints(min_length=15, max_length=42)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=140)]


class ClaimCreate(Strict):
    guarantee: Code | None = Field(default=None, description="default: the case's guarantee")
    kind: Code | None = None
    amount_claimed: Amount = Field(description='decimal string in euros, e.g. "400.00"')
    circumstances: CircumstancesIn = Field(default_factory=CircumstancesIn)
    payee: PayeeIn | None = None

    @property
    def claimed_cents(self) -> int:
        return parse_amount(self.amount_claimed, field="amount_claimed")


class HandlerDecisionCreate(Strict):
    outcome: Literal["accepted", "partially_accepted", "declined"]
    payable: Amount
    note: Note
    # Needed when the outcome or the amount differs from the coverage engine's proposal.
    change_reason: Note | None = None


class ReopeningCreate(Strict):
    note: Note


class WithdrawalCreate(Strict):
    """A claim withdrawn before its decision; the reason is optional (kept in the audit trail)."""

    reason: Note | None = None


class RecoveryCreate(Strict):
    amount: Amount
    source: Note
    received_on: InputDate


class PaymentFileCreate(Strict):
    execution_date: InputDate


class ReasonRead(BaseModel):
    code: str
    article: str
    params: dict[str, Any]

    @classmethod
    def of(cls, reason: ReasonView) -> ReasonRead:
        return cls(code=reason.code, article=reason.article, params=reason.params)


class PotAfterRead(BaseModel):
    pot: str
    left: str | None = Field(description='Money left this insurance year, e.g. "4350.00"')
    cases_left: int | None


class DecisionRead(BaseModel):
    sequence: int
    kind: str
    state: str
    outcome: str
    payable: str
    reasons: list[ReasonRead]
    notices: list[ReasonRead]
    missing_evidence: list[str]
    product: str
    decided_by: str
    approved_by: str | None
    decided_at: datetime
    pot_after: PotAfterRead | None = Field(
        default=None, description="What is left in the pot after this final decision (Art. 5)"
    )
    trace: list[dict[str, Any]] | None = Field(default=None, description="staff only")
    review_reasons: list[ReasonRead] = Field(
        default_factory=list,
        description="Why a handler reviews the claim before any payment, beside the engine's "
        "reasons: e.g. claim.possible_duplicate with the other case in params.case_id",
    )

    @classmethod
    def of(cls, view: DecisionView, *, staff: bool) -> DecisionRead:
        return cls(
            sequence=view.sequence,
            kind=view.kind,
            state=view.state,
            outcome=view.outcome,
            payable=format_amount(view.payable_cents),
            reasons=[ReasonRead.of(r) for r in view.reasons],
            notices=[ReasonRead.of(r) for r in view.notices],
            missing_evidence=list(view.missing_evidence),
            product=f"{view.product_code} {view.product_version}",
            decided_by=view.decided_by if staff or view.kind == "engine" else "handler",
            approved_by=view.approved_by if staff else None,
            decided_at=view.decided_at,
            pot_after=PotAfterRead(
                pot=view.pot.pot,
                left=None if view.pot.left_cents is None else format_amount(view.pot.left_cents),
                cases_left=view.pot.cases_left,
            )
            if view.pot
            else None,
            trace=list(view.trace) if staff else None,
            review_reasons=[ReasonRead.of(r) for r in view.review_reasons],
        )


class EvidenceRead(BaseModel):
    id: int
    evidence_type: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    received_at: datetime


class PayoutRead(BaseModel):
    id: str
    claim_id: str
    amount: str
    iban: str
    status: str
    payment_file_id: str | None
    updated_at: datetime

    @classmethod
    def of(cls, view: PayoutView) -> PayoutRead:
        return cls(
            id=view.payout_id,
            claim_id=view.claim_id,
            amount=format_amount(view.amount_cents),
            iban=view.iban,
            status=view.status.value,
            payment_file_id=view.payment_file_id,
            updated_at=view.updated_at,
        )


class ClaimRead(BaseModel):
    id: str
    case_id: str
    guarantee: str
    kind: str | None
    amount_claimed: str
    status: str
    outcome: str | None
    queue_reason: str | None
    payable: str
    paid: str
    recovered: str
    submitted_at: datetime
    decided_at: datetime | None
    evidence: list[EvidenceRead]
    decision: DecisionRead | None
    history: list[DecisionRead]
    payouts: list[PayoutRead]

    @classmethod
    def of(cls, view: ClaimView, *, staff: bool = False) -> ClaimRead:
        history = [DecisionRead.of(d, staff=staff) for d in view.decisions]
        return cls(
            id=view.claim_id,
            case_id=view.case_id,
            guarantee=view.guarantee,
            kind=view.kind,
            amount_claimed=format_amount(view.claimed_cents),
            status=view.status.value,
            outcome=view.outcome,
            queue_reason=view.queue_reason,
            payable=format_amount(view.payable_cents),
            paid=format_amount(view.paid_cents),
            recovered=format_amount(view.recovered_cents),
            submitted_at=view.submitted_at,
            decided_at=view.decided_at,
            evidence=[
                EvidenceRead(
                    id=e.evidence_id,
                    evidence_type=e.evidence_type,
                    filename=e.filename,
                    content_type=e.content_type,
                    size_bytes=e.size_bytes,
                    sha256=e.sha256,
                    received_at=e.received_at,
                )
                for e in view.evidence
            ],
            decision=history[-1] if history else None,
            history=history,
            payouts=[PayoutRead.of(p) for p in view.payouts],
        )


class PotRead(BaseModel):
    pot: str
    guarantees: list[str]
    year_start: date
    year_last_day: date
    money_limit: str | None
    used: str
    reserved: str
    left: str | None
    case_limit: int | None
    cases_used: int
    cases_reserved: int
    cases_left: int | None

    @classmethod
    def of(cls, view: PotView) -> PotRead:
        def amount(cents: int | None) -> str | None:
            return None if cents is None else format_amount(max(0, cents))

        return cls(
            pot=view.pot,
            guarantees=list(view.guarantees),
            year_start=view.year.start,
            year_last_day=view.year.last_day,
            money_limit=amount(view.money_limit_cents),
            used=format_amount(view.used_cents),
            reserved=format_amount(view.reserved_cents),
            left=amount(view.left_cents),
            case_limit=view.case_limit,
            cases_used=view.cases_used,
            cases_reserved=view.cases_reserved,
            cases_left=view.cases_left,
        )


class PaymentFileRead(BaseModel):
    id: str
    execution_date: date
    count: int
    total: str
    sha256: str
