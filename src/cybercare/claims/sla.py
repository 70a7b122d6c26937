"""The claims' service-level clocks (Art. 8.4): the decision is due 30 days after the file is
complete, the payment 30 days after the decision (values from the product's service levels).

The claims service sets them (`claims.decision_due_at`, `claims.payment_due_at`);
`flag_claim_breaches` escalates each clock that ran out once, through the same
`assistance.escalation.escalate_breach` as the first-contact clocks (run every minute).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from cybercare.assistance.calendar import BelgianCalendar
from cybercare.assistance.escalation import escalate_breach
from cybercare.assistance.sla import SlaKind, due_at
from cybercare.claims.domain import ClaimStatus
from cybercare.db.tables import ClaimRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.product.model import ProductVersion

CALENDAR = BelgianCalendar()
AWAITING_DECISION = (ClaimStatus.IN_REVIEW.value, ClaimStatus.AWAITING_APPROVAL.value)


def start_decision_clock(row: ClaimRow, product: ProductVersion, at: datetime) -> None:
    """The file is complete and waits for a handler: 30 days to decide (kept if running)."""
    if row.decision_due_at is None:
        row.decision_due_at = due_at(SlaKind.DECISION, at, CALENDAR, product.service_levels)


def restart_decision_clock(row: ClaimRow, product: ProductVersion, at: datetime) -> None:
    """A reopened claim needs a new decision: a new 30 days."""
    row.decision_due_at = due_at(SlaKind.DECISION, at, CALENDAR, product.service_levels)


def start_payment_clock(row: ClaimRow, product: ProductVersion, at: datetime) -> None:
    """A decision with money to pay: 30 days to pay it."""
    row.payment_due_at = due_at(SlaKind.PAYMENT, at, CALENDAR, product.service_levels)


def flag_claim_breaches(uow: UnitOfWork, clock: Clock) -> dict[str, int]:
    """Escalate every decision clock of an undecided claim and every payment clock of a claim
    not fully paid that ran out (once per claim and clock)."""
    now = clock.now()
    counts = {"decision": 0, "payment": 0}
    late_decisions = uow.session.execute(
        select(ClaimRow.id, ClaimRow.case_id, ClaimRow.decision_due_at).where(
            ClaimRow.status.in_(AWAITING_DECISION), ClaimRow.decision_due_at < now
        )
    )
    late_payments = uow.session.execute(
        select(ClaimRow.id, ClaimRow.case_id, ClaimRow.payment_due_at).where(
            ClaimRow.payment_due_at < now, ClaimRow.paid_cents < ClaimRow.payable_cents
        )
    )
    for name, rows in (("decision", list(late_decisions)), ("payment", list(late_payments))):
        for claim_id, case_id, due in rows:
            if due is not None and escalate_breach(
                uow,
                subject_type="claim",
                subject_id=claim_id,
                case_id=case_id,
                clock=name,
                due_at=due,
                now=now,
            ):
                counts[name] += 1
    return counts
