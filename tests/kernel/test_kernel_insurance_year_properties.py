"""Art. 3.1: insurance years, for every start date of a full leap cycle."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel.periods import anniversary, insurance_year

CYCLE_START = date(2024, 1, 1)  # 2024-2027: one leap year and three common years
CYCLE = [CYCLE_START + timedelta(days=n) for n in range((date(2028, 1, 1) - CYCLE_START).days)]
YEARS_CHECKED = 9  # spans two leap days after any start of the cycle


def test_art_3_1_cycle_holds_every_day_of_four_years() -> None:
    assert len(CYCLE) == 4 * 365 + 1
    assert date(2024, 2, 29) in CYCLE


def test_art_3_1_years_are_contiguous_and_start_on_anniversaries_for_every_start_date() -> None:
    for start in CYCLE:
        previous_end = start
        for index in range(YEARS_CHECKED):
            year = insurance_year(start, previous_end)
            assert (year.index, year.start) == (index, anniversary(start, index)), start
            assert year.start == previous_end, start  # no gap, no overlap
            assert insurance_year(start, year.last_day) == year, start
            assert year.end == anniversary(start, index + 1)
            assert 365 <= (year.end - year.start).days <= 366, start
            previous_end = year.end


def test_art_3_1_leap_day_start_anniversary_on_28_february() -> None:
    start = date(2024, 2, 29)
    for index in range(1, YEARS_CHECKED):
        expected = anniversary(start, index)
        leap = expected.year % 4 == 0
        assert expected == date(2024 + index, 2, 29 if leap else 28)
        assert insurance_year(start, expected).index == index
        assert insurance_year(start, expected - timedelta(days=1)).index == index - 1


@given(
    start=st.sampled_from(CYCLE),
    offset=st.integers(min_value=0, max_value=YEARS_CHECKED * 365),
)
def test_art_3_1_the_year_of_any_day_is_unique(start: date, offset: int) -> None:
    day = start + timedelta(days=offset)

    year = insurance_year(start, day)

    assert day in year
    assert year.start == anniversary(start, year.index)
    containing = [
        k
        for k in range(YEARS_CHECKED + 2)
        if anniversary(start, k) <= day < anniversary(start, k + 1)
    ]
    assert containing == [year.index]
