"""The claims' service-level clocks (Art. 8.4): the decision is due 30 days after the file is
complete, the payment 30 days after the decision (values from the product's service levels).

The claim entity holds them (`Claim.decision_due_at`, `Claim.payment_due_at`), set by its moves
with the due times computed here; `flag_claim_breaches` escalates each clock that ran out once,
through the same `assistance.escalation.escalate_breach` as the first-contact clocks (run every
minute).
"""

from __future__ import annotations

from datetime import datetime

from cybercare.assistance.calendar import BelgianCalendar
from cybercare.assistance.escalation import escalate_breach
from cybercare.assistance.sla import SlaKind, due_at
from cybercare.claims import repository
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.product.model import ProductVersion

CALENDAR = BelgianCalendar()


def decision_due(product: ProductVersion, at: datetime) -> datetime:
    """A complete file waits for a handler: 30 days to decide from `at`."""
    return due_at(SlaKind.DECISION, at, CALENDAR, product.service_levels)


def payment_due(product: ProductVersion, at: datetime) -> datetime:
    """A decision with money to pay: 30 days to pay it."""
    return due_at(SlaKind.PAYMENT, at, CALENDAR, product.service_levels)


def flag_claim_breaches(uow: UnitOfWork, clock: Clock) -> dict[str, int]:
    """Escalate every decision clock of an undecided claim and every payment clock of a claim
    not fully paid that ran out (once per claim and clock)."""
    now = clock.now()
    counts = {"decision": 0, "payment": 0}
    for name, late in repository.late_clocks(uow, now).items():
        for claim_id, case_id, due in late:
            if escalate_breach(
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
