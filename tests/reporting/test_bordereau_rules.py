"""The bordereaux's pure rules: each line's commission share adds up to the booked commission
exactly, whatever the lines; a month's books close at the first Brussels midnight after it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel.errors import InvalidInput
from cybercare.reporting.bordereau import CommissionShare, Month, money_text


@given(
    nets=st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=200),
    rate_bp=st.integers(min_value=0, max_value=5_000),
)
def test_line_commissions_add_up_to_the_booked_commission_exactly(
    nets: list[int], rate_bp: int
) -> None:
    total = sum(nets)
    booked = (total * rate_bp + 5_000) // 10_000
    share = CommissionShare({"d": (total, booked)})
    parts = [share.of("d", net) for net in nets]
    assert sum(parts) == booked
    assert all(part >= 0 for part in parts)


def test_a_distributor_without_booked_premium_gets_no_commission() -> None:
    share = CommissionShare({})
    assert share.of("nobody", 455) == 0


def test_november_closes_at_brussels_midnight_and_a_bad_month_is_refused() -> None:
    assert Month.parse("2026-11").as_of == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert Month.parse("2026-07").as_of == datetime(2026, 7, 31, 22, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        Month.parse("2026-13")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_amounts_are_written_as_the_api_writes_them(cents: int) -> None:
    from cybercare.kernel.money import format_amount

    assert money_text(cents) == format_amount(cents)
