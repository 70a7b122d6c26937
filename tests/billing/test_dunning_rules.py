"""Art. 9.6 as pure decisions, each step at its deadline -1, 0 and +1 day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cybercare.billing.dunning import Case, CaseStatus, DunningFacts, Step, decide
from cybercare.product.catalog import reference_product

LIFECYCLE = reference_product().lifecycle
NOTICE_ON = date(2026, 12, 10)
PAY_BY = NOTICE_ON + timedelta(days=15)  # 25 Dec: at least 15 days to pay
SUSPEND_FROM = PAY_BY + timedelta(days=1)  # 26 Dec: the day after that period
TERMINATE_FROM = SUSPEND_FROM + timedelta(days=15)  # 10 Jan: 15 days after the suspension
NOTICE = Case(CaseStatus.NOTICE_SENT, NOTICE_ON, PAY_BY)
SUSPENDED = Case(CaseStatus.SUSPENDED, NOTICE_ON, PAY_BY, SUSPEND_FROM)
DAY = timedelta(days=1)


def test_art_9_6_unpaid_premium_gets_a_formal_notice_giving_at_least_15_days() -> None:
    decision = decide(DunningFacts(NOTICE_ON, 499, None), LIFECYCLE)
    assert decision.step is Step.SEND_NOTICE
    assert decision.pay_by == PAY_BY
    assert str(decision.reason.article) == "Art. 9.6"
    assert decide(DunningFacts(NOTICE_ON, 0, None), LIFECYCLE).step is Step.NONE


@pytest.mark.parametrize(
    ("offset", "step"), [(-1, Step.NONE), (0, Step.SUSPEND), (1, Step.SUSPEND)]
)
def test_art_9_6_cover_is_suspended_the_day_after_the_notice_period(
    offset: int, step: Step
) -> None:
    decision = decide(DunningFacts(SUSPEND_FROM + offset * DAY, 499, NOTICE), LIFECYCLE)
    assert decision.step is step
    if step is Step.SUSPEND:
        assert decision.effective_date == SUSPEND_FROM  # never later, even if the job ran late


@pytest.mark.parametrize(
    ("paid_offset", "step"), [(-1, Step.SETTLE), (0, Step.SETTLE), (1, Step.SUSPEND)]
)
def test_art_9_6_payment_up_to_the_last_day_of_the_notice_avoids_suspension(
    paid_offset: int, step: Step
) -> None:
    paid_on = PAY_BY + paid_offset * DAY
    decision = decide(DunningFacts(SUSPEND_FROM + DAY, 0, NOTICE, paid_on), LIFECYCLE)
    assert decision.step is step


@pytest.mark.parametrize(
    ("offset", "step"), [(-1, Step.NONE), (0, Step.TERMINATE), (1, Step.TERMINATE)]
)
def test_art_9_6_termination_15_days_after_the_start_of_the_suspension(
    offset: int, step: Step
) -> None:
    decision = decide(DunningFacts(TERMINATE_FROM + offset * DAY, 499, SUSPENDED), LIFECYCLE)
    assert decision.step is step
    if step is Step.TERMINATE:
        assert decision.effective_date == TERMINATE_FROM


@pytest.mark.parametrize(
    ("paid_offset", "step"), [(-1, Step.LIFT), (0, Step.TERMINATE), (1, Step.TERMINATE)]
)
def test_art_9_6_payment_before_the_termination_date_saves_the_contract(
    paid_offset: int, step: Step
) -> None:
    paid_on = TERMINATE_FROM + paid_offset * DAY
    decision = decide(DunningFacts(TERMINATE_FROM + 2 * DAY, 0, SUSPENDED, paid_on), LIFECYCLE)
    assert decision.step is step


@pytest.mark.parametrize(("offset", "step"), [(-1, Step.NONE), (0, Step.LIFT), (1, Step.LIFT)])
def test_art_9_6_payment_of_all_arrears_lifts_the_suspension_the_day_after(
    offset: int, step: Step
) -> None:
    paid_on = SUSPEND_FROM + 3 * DAY
    lift_from = paid_on + DAY
    decision = decide(DunningFacts(lift_from + offset * DAY, 0, SUSPENDED, paid_on), LIFECYCLE)
    assert decision.step is step
    if step is Step.LIFT:
        assert decision.effective_date == lift_from


def test_art_9_6_partial_payment_does_not_lift_the_suspension() -> None:
    paid_on = SUSPEND_FROM + DAY
    decision = decide(DunningFacts(SUSPEND_FROM + 5 * DAY, 200, SUSPENDED, paid_on), LIFECYCLE)
    assert decision.step is Step.NONE


def test_a_case_closes_when_the_affiliation_ended_otherwise() -> None:
    facts = DunningFacts(SUSPEND_FROM, 499, NOTICE, affiliation_ended=True)
    assert decide(facts, LIFECYCLE).step is Step.CLOSE
