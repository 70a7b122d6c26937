"""Art. 9.3: withdrawal within 14 days of subscription, cover ends on notification, pro rata
refund of the premium charged for the days not covered, within 30 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.policy.domain import AffiliationChangeKind, AffiliationStatus, status_on, suspend
from cybercare.policy.lifecycle import apply_withdrawal, preview_withdrawal
from tests.policy.builders import affiliation, product

SUBSCRIBED = date(2024, 3, 1)
CHARGED_THROUGH = date(2024, 4, 1)  # the first month, 31 days, charged in advance
PREMIUM = 499


def _day(n: int) -> date:
    """Day n of the withdrawal period: the subscription date plus n days."""
    return SUBSCRIBED + timedelta(days=n)


def test_art_9_3_withdrawal_on_day_13_is_accepted_with_pro_rata_refund() -> None:
    preview = preview_withdrawal(
        affiliation(subscribed_on=SUBSCRIBED), product(), _day(13), PREMIUM, CHARGED_THROUGH
    )
    assert (preview.covered_days, preview.refunded_days) == (13, 18)
    assert preview.refund_cents == 290  # 4.99 * 18 / 31 = 2.8974
    assert preview.premium_due_cents == 209


def test_art_9_3_withdrawal_on_day_14_is_accepted_with_pro_rata_refund() -> None:
    preview = preview_withdrawal(
        affiliation(subscribed_on=SUBSCRIBED), product(), _day(14), PREMIUM, CHARGED_THROUGH
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
        preview_withdrawal(
            affiliation(subscribed_on=SUBSCRIBED), product(), _day(15), PREMIUM, CHARGED_THROUGH
        )
    assert refused.value.code == "policy.withdrawal_period_over"
    assert refused.value.clause == "Art. 9.3"
    assert refused.value.params["deadline"] == _day(14)


def test_art_9_3_cover_ends_on_the_notification_day() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED)
    preview = preview_withdrawal(subject, product(), _day(5), PREMIUM, CHARGED_THROUGH)
    update = apply_withdrawal(subject, preview)
    assert status_on(update.affiliation, _day(4)) is AffiliationStatus.ACTIVE
    assert status_on(update.affiliation, _day(5)) is AffiliationStatus.WITHDRAWN
    assert update.changes[0].kind is AffiliationChangeKind.WITHDRAWN
    assert update.changes[0].effective_date == _day(5)


def test_art_9_3_withdrawal_before_the_start_date_refunds_everything() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED, start_date=_day(10))
    preview = preview_withdrawal(subject, product(), _day(3), 499, _day(10) + timedelta(days=31))
    assert (preview.covered_days, preview.refund_cents, preview.premium_due_cents) == (0, 499, 0)
    withdrawn = apply_withdrawal(subject, preview).affiliation
    assert status_on(withdrawn, _day(9)) is None
    assert status_on(withdrawn, _day(10)) is AffiliationStatus.WITHDRAWN
    assert len(withdrawn.periods) == 1


def test_art_9_3_nothing_charged_means_nothing_refunded() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED)
    preview = preview_withdrawal(subject, product(), _day(2), 0, SUBSCRIBED)
    assert (preview.refund_cents, preview.premium_due_cents) == (0, 0)


def test_art_9_3_a_charge_without_a_charged_period_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        preview_withdrawal(
            affiliation(subscribed_on=SUBSCRIBED), product(), _day(2), 499, SUBSCRIBED
        )
    assert refused.value.field == "charged_through"


def test_art_9_3_nothing_follows_a_withdrawal() -> None:
    subject = affiliation(subscribed_on=SUBSCRIBED)
    preview = preview_withdrawal(subject, product(), _day(1), PREMIUM, CHARGED_THROUGH)
    withdrawn = apply_withdrawal(subject, preview).affiliation
    with pytest.raises(Conflict) as refused:
        preview_withdrawal(withdrawn, product(), _day(2), PREMIUM, CHARGED_THROUGH)
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
    preview = preview_withdrawal(subject, product(), _day(notified_after), charged, charged_through)
    assert 0 <= preview.refund_cents <= charged
    assert preview.refund_cents + preview.premium_due_cents == charged
    if preview.effective_date <= charged_through:
        assert preview.covered_days + preview.refunded_days == charged_days
