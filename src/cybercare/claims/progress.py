"""Where a claim stands for its member, derived from its real state only (pure: no I/O).

One derivation for every page that shows a claim (the case page, the list of cases, the portal
home), so that they can never disagree: a claim is "paid" when the money decided has left the
insurer's bank (`paid_cents` reaches `payable_cents`), "payment returned" when the transfer still
owed came back from the bank, and "decided, payment on its way" in between. While money decided
is not yet paid, the promise of Art. 8.4 holds: payment within the product's
`service_levels.payment_days_after_decision` days of the decision, the due instant the decision
stored on the claim (`Claim.payment_due_at`). A returned transfer does not stop that clock.

The steps are the claim's dated events: submitted, each decision the member reads (a decision
replaced after a review included), each transfer paid and each transfer returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from cybercare.payments.domain import PAYMENT_CLAUSE, PayoutStatus

DECIDED = "decided"
DECLINED = "declined"


class ClaimStage(StrEnum):
    INCOMPLETE = "incomplete"  # Art. 8.3: evidence or answers missing
    IN_REVIEW = "in_review"  # a handler reviews it (or a second one approves)
    DECLINED = "declined"  # decided: nothing is paid
    DECIDED = "decided"  # decided: no money to pay (nothing was granted beyond what is paid)
    PAYMENT_DUE = "payment_due"  # decided: money to pay, the transfer is on its way
    PAYMENT_RETURNED = "payment_returned"  # decided: the bank sent the transfer back
    PAID = "paid"  # decided: everything granted is paid
    WITHDRAWN = "withdrawn"  # the member withdrew it before a decision: nothing is decided


# A claim status the stages above do not name passes through as it is (a status added later
# is shown with its own text, never as another stage).
STAGE_OF_STATUS = {
    "incomplete": ClaimStage.INCOMPLETE,
    "in_review": ClaimStage.IN_REVIEW,
    "awaiting_approval": ClaimStage.IN_REVIEW,
    "withdrawn": ClaimStage.WITHDRAWN,
}


class StepKind(StrEnum):
    SUBMITTED = "claim.submitted"
    DECIDED = "claim.decided"
    PAID = "payment.paid"
    RETURNED = "payment.returned"
    WITHDRAWN = "claim.withdrawn"


class _Order(IntEnum):
    """Steps at the same instant (a claim decided straight through as it is submitted)."""

    SUBMITTED = 0
    DECIDED = 1
    PAID = 2
    RETURNED = 3
    WITHDRAWN = 4


@dataclass(frozen=True, slots=True)
class DecisionFact:
    decided_at: datetime
    outcome: str
    payable_cents: int


@dataclass(frozen=True, slots=True)
class PaymentFact:
    amount_cents: int
    iban_end: str
    status: PayoutStatus
    paid_at: datetime | None
    returned_at: datetime | None


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    status: str
    outcome: str | None
    payable_cents: int
    paid_cents: int
    submitted_at: datetime
    decisions: tuple[DecisionFact, ...]  # the decisions the member reads, oldest first
    payment_due_at: datetime | None  # Art. 8.4, stored with the decision that left money to pay
    payments: tuple[PaymentFact, ...]  # oldest first
    withdrawn_at: datetime | None = None  # when the claim was withdrawn (status `withdrawn`)


@dataclass(frozen=True, slots=True)
class ClaimStep:
    at: datetime
    kind: StepKind
    outcome: str | None = None
    amount_cents: int | None = None
    iban_end: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentPromise:
    """Art. 8.4: what is still to pay, and the instant it is due by."""

    amount_cents: int
    due_at: datetime
    late: bool  # the due instant has passed: the breach is escalated to the handlers
    article: str = PAYMENT_CLAUSE


@dataclass(frozen=True, slots=True)
class ClaimProgress:
    stage: str  # a ClaimStage, or a claim status the stages do not name
    steps: tuple[ClaimStep, ...]
    promise: PaymentPromise | None  # while money decided is not yet paid
    payment: PaymentFact | None  # the latest transfer (its status, its account)
    paid_at: datetime | None  # PAID: when the last transfer was paid

    @property
    def returned(self) -> bool:
        return self.stage == ClaimStage.PAYMENT_RETURNED


def claim_progress(facts: ClaimFacts, now: datetime) -> ClaimProgress:
    """The stage, the dated steps and the payment promise of one claim at `now`."""
    latest = facts.payments[-1] if facts.payments else None
    promise = None
    paid_at = None
    if facts.status != DECIDED:
        stage: str = STAGE_OF_STATUS.get(facts.status, facts.status)
    else:
        to_pay = facts.payable_cents - facts.paid_cents
        if to_pay > 0:
            returned = latest is not None and latest.status is PayoutStatus.RETURNED
            stage = ClaimStage.PAYMENT_RETURNED if returned else ClaimStage.PAYMENT_DUE
            if facts.payment_due_at is not None:
                promise = PaymentPromise(to_pay, facts.payment_due_at, now > facts.payment_due_at)
        elif facts.paid_cents > 0:
            stage = ClaimStage.PAID
            paid = [p.paid_at for p in facts.payments if p.status is PayoutStatus.PAID]
            paid_at = max((at for at in paid if at is not None), default=None)
        elif facts.outcome == DECLINED:
            stage = ClaimStage.DECLINED
        else:
            stage = ClaimStage.DECIDED
    return ClaimProgress(stage, _steps(facts), promise, latest, paid_at)


def _steps(facts: ClaimFacts) -> tuple[ClaimStep, ...]:
    dated: list[tuple[datetime, _Order, ClaimStep]] = [
        (facts.submitted_at, _Order.SUBMITTED, ClaimStep(facts.submitted_at, StepKind.SUBMITTED))
    ]
    for decision in facts.decisions:
        step = ClaimStep(
            decision.decided_at,
            StepKind.DECIDED,
            outcome=decision.outcome,
            amount_cents=decision.payable_cents,
        )
        dated.append((decision.decided_at, _Order.DECIDED, step))
    for payment in facts.payments:
        if payment.paid_at is not None:
            step = ClaimStep(
                payment.paid_at,
                StepKind.PAID,
                amount_cents=payment.amount_cents,
                iban_end=payment.iban_end,
            )
            dated.append((payment.paid_at, _Order.PAID, step))
        if payment.returned_at is not None:
            step = ClaimStep(
                payment.returned_at,
                StepKind.RETURNED,
                amount_cents=payment.amount_cents,
                iban_end=payment.iban_end,
            )
            dated.append((payment.returned_at, _Order.RETURNED, step))
    if facts.withdrawn_at is not None:
        step = ClaimStep(facts.withdrawn_at, StepKind.WITHDRAWN)
        dated.append((facts.withdrawn_at, _Order.WITHDRAWN, step))
    return tuple(step for _at, _order, step in sorted(dated, key=lambda d: (d[0], d[1])))
