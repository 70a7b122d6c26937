"""Art. 9.1 and 9.3 as pure rules: pro rata by day, one rounding rule, the dated tax table,
refunds, structured communications."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.billing.domain import (
    BilledLine,
    LineStatus,
    Outcome,
    Period,
    apply_outcome,
    commission_cents,
    communication_for,
    covered_interval,
    line_id_of,
    monthly_premium,
    refund_after,
)
from cybercare.kernel.errors import InvalidInput
from cybercare.product.catalog import reference_product

PREMIUM = reference_product().premium


def test_art_9_1_a_full_month_is_the_gross_premium_split_into_net_and_tax() -> None:
    amount = monthly_premium(PREMIUM, Period(2026, 3))
    assert (amount.gross_cents, amount.net_cents, amount.tax_cents) == (499, 457, 42)
    assert amount.tax_rate_bp == 925


def test_art_9_1_a_period_starting_2026_07_01_uses_the_9_60_rate() -> None:
    assert monthly_premium(PREMIUM, Period(2026, 6)).tax_rate_bp == 925
    july = monthly_premium(PREMIUM, Period(2026, 7))
    assert (july.tax_rate_bp, july.net_cents, july.tax_cents) == (960, 455, 44)


def test_art_9_1_the_rate_follows_the_period_start_even_for_a_late_partial_month() -> None:
    june = Period(2026, 6)
    assert monthly_premium(PREMIUM, june, days=3).tax_rate_bp == 925  # 28-30 June


def test_art_9_1_a_start_within_the_month_is_billed_pro_rata_by_day() -> None:
    period = Period(2026, 2)
    covered = covered_interval(period, date(2026, 2, 15), None)
    assert covered == (date(2026, 2, 15), date(2026, 3, 1))
    assert monthly_premium(PREMIUM, period, days=14).gross_cents == 250  # 499 * 14 / 28 = 249.5


def test_art_9_1_an_end_within_the_month_is_billed_up_to_the_day_before() -> None:
    period = Period(2026, 4)
    assert covered_interval(period, date(2025, 1, 1), date(2026, 4, 11)) == (
        date(2026, 4, 1),
        date(2026, 4, 11),
    )
    assert monthly_premium(PREMIUM, period, days=10).gross_cents == 166  # 499/3 = 166.33


@given(year=st.integers(2024, 2030), month=st.integers(1, 12), days=st.integers(1, 31))
def test_art_9_1_net_and_tax_add_up_to_the_gross_to_the_cent(
    year: int, month: int, days: int
) -> None:
    period = Period(year, month)
    days = min(days, period.days)
    amount = monthly_premium(PREMIUM, period, days)
    assert amount.net_cents + amount.tax_cents == amount.gross_cents
    assert 0 < amount.gross_cents <= PREMIUM.gross_monthly_cents


def test_a_period_is_parsed_strictly() -> None:
    assert Period.parse("2026-12").end == date(2027, 1, 1)
    for bad in ("2026-13", "2026/12", "26-1", "x"):
        with pytest.raises(InvalidInput):
            Period.parse(bad)


def test_art_9_3_withdrawal_refunds_the_days_after_cover_ended_pro_rata() -> None:
    line = BilledLine(7, date(2026, 12, 1), date(2027, 1, 1), 499, 960, paid=True)
    refund = refund_after(line, date(2026, 12, 11), date(2027, 1, 10))
    assert refund is not None
    assert (refund.days, refund.gross_cents) == (21, 338)  # 499 * 21 / 31 = 338.03
    assert refund.net_cents + refund.tax_cents == refund.gross_cents
    assert refund_after(line, date(2027, 1, 1), date(2027, 1, 30)) is None
    whole = refund_after(line, date(2026, 11, 20), date(2026, 12, 20))
    assert whole is not None and whole.gross_cents == 499


def test_structured_communication_is_the_line_id_with_modulo_97_check_digits() -> None:
    assert communication_for(1234567890) == "+++123/4567/89002+++"
    assert line_id_of("+++123/4567/89002+++") == 1234567890
    assert communication_for(97 * 5) == "+++000/0000/48597+++"  # remainder 0 becomes 97
    with pytest.raises(InvalidInput):
        line_id_of("+++123/4567/89003+++")


@given(st.integers(1, 10**10 - 1))
def test_structured_communication_round_trips(line_id: int) -> None:
    assert line_id_of(communication_for(line_id)) == line_id


def test_payment_outcomes_move_money_only_when_paid_or_returned() -> None:
    paid = apply_outcome(LineStatus.OPEN, Outcome.PAID, 499)
    assert paid is not None and paid.collected_cents == 499
    returned = apply_outcome(LineStatus.PAID, Outcome.UNPAID, 499)
    assert returned is not None and returned.collected_cents == -499
    unpaid = apply_outcome(LineStatus.OPEN, Outcome.UNPAID, 499)
    assert unpaid is not None and unpaid.collected_cents == 0
    assert apply_outcome(LineStatus.PAID, Outcome.PAID, 499) is None


def test_commission_is_the_agreement_rate_on_the_net_premium() -> None:
    assert commission_cents(45_500, 1500) == 6_825
    assert commission_cents(455, 1250) == 57  # 56.875 rounds half away from zero
