"""The pure arithmetic of the dashboards: shares and the loss ratio in basis points (rounded
half away from zero, never a division by zero) and the calendar buckets of weeks and months."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.reporting.figures import (
    Attainment,
    brussels_midnight,
    last_months,
    last_weeks,
    loss_ratio_bp,
    share_bp,
)

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))


@given(
    st.integers(0, 10**9).flatmap(lambda whole: st.tuples(st.integers(0, whole), st.just(whole)))
)
def test_attainment_is_always_between_0_and_100_percent(pair: tuple[int, int]) -> None:
    met, measured = pair
    share = Attainment(met, measured).bp
    if measured == 0:
        assert share is None
    else:
        assert share is not None and 0 <= share <= 10_000
        assert (share == 10_000) == (met == measured) or measured > 20_000
        assert abs(share * measured - met * 10_000) * 2 <= measured


def test_nothing_measured_has_no_attainment_rather_than_0_or_100_percent() -> None:
    assert Attainment(0, 0).bp is None
    assert Attainment(0, 3).bp == 0
    assert Attainment(2, 3).bp == 6_667  # 66.67 %, half away from zero
    with pytest.raises(ValueError, match="4 met of 3 measured"):
        Attainment(4, 3)


@given(st.integers(-(10**10), 10**10), st.integers(1, 10**10))
def test_loss_ratio_is_paid_over_premiums_rounded_half_away_from_zero(
    paid: int, premiums: int
) -> None:
    ratio = loss_ratio_bp(paid, premiums)
    assert ratio is not None
    exact = paid * 10_000 / premiums
    assert abs(ratio - exact) <= 0.5
    assert (ratio >= 0) == (paid >= 0) or ratio == 0


@given(st.integers(0, 10**10), st.integers(-(10**10), 0))
def test_no_loss_ratio_without_premium_income(paid: int, premiums: int) -> None:
    assert loss_ratio_bp(paid, premiums) is None


def test_share_refuses_a_part_larger_than_the_whole() -> None:
    with pytest.raises(ValueError, match="5 is not a part of 4"):
        share_bp(5, 4)
    assert share_bp(1, 8) == 1_250


@given(days, st.integers(1, 60))
def test_weeks_are_consecutive_mondays_ending_with_the_week_of_today(
    today: date, count: int
) -> None:
    weeks = last_weeks(today, count)
    assert len(weeks) == count
    assert today in weeks[-1]
    for week in weeks:
        assert week.start.weekday() == 0 and week.end - week.start == timedelta(days=7)
        year, number, _ = week.start.isocalendar()
        assert week.code == f"{year:04d}-W{number:02d}"
    for before, after in pairwise(weeks):
        assert before.end == after.start


@given(days, st.integers(1, 36))
def test_months_are_consecutive_calendar_months_ending_with_this_month(
    today: date, count: int
) -> None:
    months = last_months(today, count)
    assert len(months) == count
    assert today in months[-1]
    for month in months:
        assert month.start.day == 1 and month.end.day == 1
        assert month.code == month.start.strftime("%Y-%m")
    for before, after in pairwise(months):
        assert before.end == after.start


def test_a_brussels_day_starts_at_23_or_22_utc_with_summer_time() -> None:
    assert brussels_midnight(date(2026, 11, 23)).isoformat() == "2026-11-22T23:00:00+00:00"
    assert brussels_midnight(date(2026, 7, 6)).isoformat() == "2026-07-05T22:00:00+00:00"
