"""Art. 9.1: net premium and tax add up to the gross to the cent, for every premium and rate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel.money import BASIS_POINTS, split_gross

PREMIUMS = range(100_001)  # 0.00 .. 1000.00 EUR
RATES = range(3_001)  # 0.00 % .. 30.00 %


def _assert_split(gross: int, rate: int) -> None:
    net, tax = split_gross(gross, rate)
    assert net + tax == gross
    assert 0 <= tax <= gross
    # the net is the gross without tax, rounded once (half away from zero)
    divisor = BASIS_POINTS + rate
    assert 2 * abs(gross * BASIS_POINTS - net * divisor) <= divisor


@given(gross=st.sampled_from(PREMIUMS), rate=st.sampled_from(RATES))
def test_art_9_1_net_plus_tax_is_gross_for_any_premium_and_rate(gross: int, rate: int) -> None:
    _assert_split(gross, rate)


def test_art_9_1_every_premium_at_the_rates_of_the_tax_table() -> None:
    for rate in (0, 925, 960, 3_000):
        for gross in PREMIUMS:
            _assert_split(gross, rate)


def test_art_9_1_every_rate_for_the_monthly_premium_and_round_amounts() -> None:
    for gross in (0, 1, 499, 5_988, 99_999, 100_000):
        for rate in RATES:
            _assert_split(gross, rate)


def test_art_9_1_monthly_premium_of_4_99_at_9_25_percent() -> None:
    assert split_gross(499, 925) == (457, 42)
