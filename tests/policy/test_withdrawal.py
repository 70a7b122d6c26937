"""Art. 9.3: withdrawal within 14 days of subscription, cover ends on notification, pro rata
refund of the premium charged for the days not covered, within 30 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.billing.domain import BilledLine, refund_after
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.money import divide_rounded
from cybercare.policy.domain import AffiliationChangeKind, AffiliationStatus, status_on, suspend
from cybercare.policy.lifecycle import ChargedMonth, apply_withdrawal, preview_withdrawal
from tests.policy.builders import affiliation, product

SUBSCRIBED = date(2024, 3, 1)
CHARGED_THROUGH = date(2024, 4, 1)  # the first month, 31 days, charged in advance
PREMIUM = 499
FIRST_MONTH = (ChargedMonth(SUBSCRIBED, CHARGED_THROUGH, PREMIUM),)


def _day(n: int) -> date:
    """Day n of the withdrawal period: the subscription date plus n days."""
    return SUBSCRIBED + timedelta(days=n)


def test_art_9_3_withdrawal_on_day_13_is_accepted_with_pro_rata_refund() -> None:
    preview = preview_withdrawal(
        affiliation(subscribed_on=SUBSCRIBED), product(), _day(13), FIRST_MONTH
    )
    assert (preview.covered_days, preview.refunded_days) == (13, 18)
    assert preview.refund_cents == 290  # 4.99 * 18 / 31 = 2.8974
    assert preview.premium_due_cents == 209


def test_art_9_3_withdrawal_on_day_14_is_accepted_with_pro_rata_refund() -> None:
    preview = preview_withdrawal(
        affiliation(subscribed_on=SUBSCRIBED), product(), _day(14), FIRST_MONTH
    )
    assert preview.effective_date == _day(14)
    assert preview.deadline == _day(14)
    assert preview.article == Art("9.3")
    assert (preview.covered_days, preview.refunded_days) == (14, 17)
    assert preview.refund_cents == 274  # 4.99 * 17 / 31 = 2.7364
    assert preview.premium_due_cents == 225
    assert preview.refund_due_by == _day(14) + timedelta(days=30)
    assert [r.code for r in preview.reasons] == [
        "policy.withdrawal_within_period",
        "policy.withdrawal_refund_pro_rata",
    ]


def test_art_9_3_withdrawal_on_day_15_is_refused() -> None:
    with pytest.raises(Conflict) as refused:
        preview_withdrawal(affiliation(subscribed_on=SUBSCRIBED), product(), _day(15), FIRST_MONTH)
    assert refused.value.code == "policy.withdrawal_period_over"
    assert refused.value.clause == "Art. 9.3"
    assert refused.value.params["deadline"] == _day(14)


def test_art_9_3_cover_ends_on_the_notification_day() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED)
    preview = preview_withdrawal(subject, product(), _day(5), FIRST_MONTH)
    update = apply_withdrawal(subject, preview)
    assert status_on(update.affiliation, _day(4)) is AffiliationStatus.ACTIVE
    assert status_on(update.affiliation, _day(5)) is AffiliationStatus.WITHDRAWN
    assert update.changes[0].kind is AffiliationChangeKind.WITHDRAWN
    assert update.changes[0].effective_date == _day(5)


def test_art_9_3_withdrawal_before_the_start_date_refunds_everything() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED, start_date=_day(10))
    charged = (ChargedMonth(_day(10), _day(10) + timedelta(days=31), 499),)
    preview = preview_withdrawal(subject, product(), _day(3), charged)
    assert (preview.covered_days, preview.refund_cents, preview.premium_due_cents) == (0, 499, 0)
    withdrawn = apply_withdrawal(subject, preview).affiliation
    assert status_on(withdrawn, _day(9)) is None
    assert status_on(withdrawn, _day(10)) is AffiliationStatus.WITHDRAWN
    assert len(withdrawn.periods) == 1


def test_art_9_3_nothing_charged_means_nothing_refunded() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED)
    preview = preview_withdrawal(subject, product(), _day(2), ())
    assert (preview.refund_cents, preview.premium_due_cents) == (0, 0)


def test_art_9_3_a_charge_without_a_charged_period_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        preview_withdrawal(
            affiliation(subscribed_on=SUBSCRIBED),
            product(),
            _day(2),
            (ChargedMonth(SUBSCRIBED, SUBSCRIBED, 499),),
        )
    assert refused.value.field == "charged.0.covered_to"


def test_art_9_3_nothing_follows_a_withdrawal() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED)
    preview = preview_withdrawal(subject, product(), _day(1), FIRST_MONTH)
    withdrawn = apply_withdrawal(subject, preview).affiliation
    with pytest.raises(Conflict) as refused:
        preview_withdrawal(withdrawn, product(), _day(2), FIRST_MONTH)
    assert refused.value.code == "policy.already_ended"
    with pytest.raises(Conflict):
        suspend(withdrawn, _day(20), Art("9.6"))


@given(
    notified_after=st.integers(min_value=0, max_value=14),
    start_after=st.integers(min_value=0, max_value=30),
    charged_days=st.integers(min_value=1, max_value=400),
    charged=st.integers(min_value=0, max_value=10_000_000),
)
def test_art_9_3_refund_never_exceeds_what_was_charged(
    notified_after: int, start_after: int, charged_days: int, charged: int
) -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED, start_date=_day(start_after))
    charged_through = _day(start_after) + timedelta(days=charged_days)
    months = (ChargedMonth(_day(start_after), charged_through, charged),)
    preview = preview_withdrawal(subject, product(), _day(notified_after), months)
    assert 0 <= preview.refund_cents <= charged
    assert preview.refund_cents + preview.premium_due_cents == charged
    if preview.effective_date <= charged_through:
        assert preview.covered_days + preview.refunded_days == charged_days


# --- each month's premium for that month's uncovered days --------------------------------------

MARCH_START = date(2024, 3, 25)
MARCH = ChargedMonth(MARCH_START, date(2024, 4, 1), 113)  # 7 of 31 days: 4.99 * 7 / 31 = 1.1268
APRIL = ChargedMonth(date(2024, 4, 1), date(2024, 5, 1), 499)


def test_art_9_3_refund_covers_each_months_uncovered_days() -> None:
    """Withdrawn on 28 March: March's 4 uncovered days of its 7 charged (1.13 * 4 / 7 = 0.6457
    -> 0.65) and all of April (4.99): 5.64. Averaged over the 37 charged days it was 5.62."""
    subject = affiliation(subscribed_on=MARCH_START)
    preview = preview_withdrawal(subject, product(), date(2024, 3, 28), (MARCH, APRIL))
    assert (preview.covered_days, preview.refunded_days) == (3, 34)
    assert preview.refund_cents == 65 + 499
    assert preview.premium_due_cents == 113 + 499 - 564
    assert preview.charged_cents == 612
    assert preview.charged_through == date(2024, 5, 1)


@st.composite
def billed_months(draw: st.DrawFn) -> tuple[date, tuple[ChargedMonth, ...]]:
    """A start date and the months billed from it, as the billing run bills them: the first month
    pro rata by day, then whole months at the monthly premium."""
    start = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
    premium = draw(st.integers(min_value=0, max_value=100_000))
    count = draw(st.integers(min_value=1, max_value=3))
    months, day = [], start
    for _ in range(count):
        month_start = day.replace(day=1)
        month_end = (month_start + timedelta(days=32)).replace(day=1)
        whole = (month_end - month_start).days
        days = (month_end - day).days
        gross = premium if days == whole else divide_rounded(premium * days, whole)
        months.append(ChargedMonth(day, month_end, gross))
        day = month_end
    return start, tuple(months)


@given(billed=billed_months(), notified_after=st.integers(min_value=0, max_value=14))
def test_art_9_3_refund_is_the_sum_of_each_months_pro_rata_and_never_exceeds_the_charge(
    billed: tuple[date, tuple[ChargedMonth, ...]], notified_after: int
) -> None:
    start, months = billed
    subject = affiliation(subscribed_on=start)
    notified = start + timedelta(days=notified_after)
    preview = preview_withdrawal(subject, product(), notified, months)
    charged = sum(m.gross_cents for m in months)
    assert 0 <= preview.refund_cents <= charged
    expected = 0
    for month in months:
        uncovered = (month.covered_to - max(notified, month.covered_from)).days
        days = (month.covered_to - month.covered_from).days
        if uncovered > 0:
            expected += divide_rounded(month.gross_cents * min(uncovered, days), days)
    assert preview.refund_cents == expected
    # the very figures the daily refund job pays, line by line (billing.domain.refund_after)
    lines = [
        BilledLine(i, m.covered_from, m.covered_to, m.gross_cents, 925, paid=True)
        for i, m in enumerate(months)
    ]
    refunds = [refund_after(line, notified, notified) for line in lines]
    assert preview.refund_cents == sum(r.gross_cents for r in refunds if r is not None)
