"""Non-payment (Art. 9.6) as pure decisions: one step at a time, each citing its article.

Timeline of a case (N = the day the formal notice is sent, days from the product's lifecycle):
    pay_by          = N + formal_notice_days        last day to pay
    suspend_from    = pay_by + 1                    "the day after that period"
    terminate_from  = suspend_from + termination_days_after_suspension
    lift_from       = payment day + suspension_lifted_days_after_payment
A step is taken on the first daily run on or after its date and takes effect on its date, so a
job that missed a day catches up with the same result (the decision is idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from cybercare.kernel.clauses import Art, Reason
from cybercare.product.model import Lifecycle

ART_9_6 = Art("9.6")


class CaseStatus(StrEnum):
    NOTICE_SENT = "notice_sent"
    SUSPENDED = "suspended"
    SETTLED = "settled"  # paid before the suspension
    LIFTED = "lifted"  # paid during the suspension
    TERMINATED = "terminated"
    CLOSED = "closed"  # the affiliation ended otherwise (withdrawal, termination)


OPEN_STATUSES = frozenset({CaseStatus.NOTICE_SENT, CaseStatus.SUSPENDED})


class Step(StrEnum):
    NONE = "none"
    SEND_NOTICE = "send_notice"
    SUSPEND = "suspend"
    TERMINATE = "terminate"
    LIFT = "lift"
    SETTLE = "settle"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class Case:
    """An open dunning case as stored."""

    status: CaseStatus
    notice_on: date
    pay_by: date
    suspended_from: date | None = None


@dataclass(frozen=True, slots=True)
class DunningFacts:
    today: date
    arrears_cents: int  # unpaid premiums of the affiliation now
    case: Case | None
    paid_on: date | None = None  # when the arrears were last paid in full (if they are)
    affiliation_ended: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    step: Step
    effective_date: date | None
    reason: Reason
    pay_by: date | None = None
    params: dict[str, Any] = field(default_factory=dict)


def pay_by_for(notice_on: date, lifecycle: Lifecycle) -> date:
    return notice_on + timedelta(days=lifecycle.formal_notice_days)


def suspend_from_for(pay_by: date) -> date:
    return pay_by + timedelta(days=1)


def terminate_from_for(suspended_from: date, lifecycle: Lifecycle) -> date:
    return suspended_from + timedelta(days=lifecycle.termination_days_after_suspension)


def lift_from_for(paid_on: date, lifecycle: Lifecycle) -> date:
    return paid_on + timedelta(days=lifecycle.suspension_lifted_days_after_payment)


def _reason(code: str, **params: Any) -> Reason:
    return Reason(f"dunning.{code}", ART_9_6, params)


def decide(facts: DunningFacts, lifecycle: Lifecycle) -> Decision:
    """The next step of non-payment for one affiliation on `facts.today`."""
    today, case = facts.today, facts.case
    if case is None:
        if facts.arrears_cents <= 0 or facts.affiliation_ended:
            return Decision(Step.NONE, None, _reason("nothing_due"))
        pay_by = pay_by_for(today, lifecycle)
        return Decision(
            Step.SEND_NOTICE,
            today,
            _reason("formal_notice", arrears_cents=facts.arrears_cents, pay_by=pay_by),
            pay_by=pay_by,
        )
    if facts.affiliation_ended:
        return Decision(Step.CLOSE, today, _reason("affiliation_ended"))
    if case.status is CaseStatus.NOTICE_SENT:
        return _during_notice(facts, case)
    if case.status is CaseStatus.SUSPENDED:
        assert case.suspended_from is not None
        return _during_suspension(facts, case.suspended_from, lifecycle)
    return Decision(Step.NONE, None, _reason("case_closed", status=case.status.value))


def _during_notice(facts: DunningFacts, case: Case) -> Decision:
    suspend_from = suspend_from_for(case.pay_by)
    if facts.arrears_cents <= 0:
        paid_on = facts.paid_on or facts.today
        if paid_on <= case.pay_by:
            return Decision(Step.SETTLE, paid_on, _reason("paid_in_time", paid_on=paid_on))
        # Paid after the notice period: suspended from the day after it until the day after
        # payment (Art. 9.6); the caller suspends then lifts.
        return Decision(
            Step.SUSPEND,
            suspend_from,
            _reason("unpaid_after_notice", pay_by=case.pay_by, paid_on=paid_on),
            params={"paid_on": paid_on},
        )
    if facts.today < suspend_from:
        return Decision(Step.NONE, None, _reason("notice_running", pay_by=case.pay_by))
    return Decision(
        Step.SUSPEND,
        suspend_from,
        _reason("unpaid_after_notice", pay_by=case.pay_by, arrears_cents=facts.arrears_cents),
    )


def _during_suspension(facts: DunningFacts, suspended_from: date, lifecycle: Lifecycle) -> Decision:
    terminate_from = terminate_from_for(suspended_from, lifecycle)
    if facts.arrears_cents <= 0 and facts.paid_on is not None and facts.paid_on < terminate_from:
        lift_from = lift_from_for(max(facts.paid_on, suspended_from), lifecycle)
        if facts.today < lift_from:
            return Decision(Step.NONE, None, _reason("lift_scheduled", lift_from=lift_from))
        return Decision(Step.LIFT, lift_from, _reason("arrears_paid", paid_on=facts.paid_on))
    if facts.today < terminate_from:
        return Decision(
            Step.NONE, None, _reason("suspension_running", terminate_from=terminate_from)
        )
    return Decision(
        Step.TERMINATE,
        terminate_from,
        _reason(
            "unpaid_after_suspension",
            suspended_from=suspended_from,
            arrears_cents=facts.arrears_cents,
        ),
    )
