"""The pure rules of test clocks: the days whose jobs an advance runs, and its bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.errors import InvalidInput
from cybercare.sandbox import domain
from cybercare.sandbox.domain import ClockBusy, ClockStatus, check_advance, job_days

MONDAY_9 = datetime(2027, 1, 4, 9, tzinfo=BRUSSELS)


def _clock(status: ClockStatus = ClockStatus.READY) -> domain.TestClock:
    target = MONDAY_9 + timedelta(days=1) if status is ClockStatus.ADVANCING else None
    return domain.TestClock("clk_1", "proximus", "x", MONDAY_9, status, target, MONDAY_9)


def test_the_daily_jobs_run_at_five_in_brussels_on_each_day_crossed() -> None:
    assert job_days(MONDAY_9, MONDAY_9 + timedelta(hours=19)) == []  # Tuesday 04:00
    assert job_days(MONDAY_9, MONDAY_9 + timedelta(hours=20)) == [date(2027, 1, 5)]
    month = job_days(MONDAY_9, datetime(2027, 2, 4, 9, tzinfo=BRUSSELS))
    assert (month[0], month[-1], len(month)) == (date(2027, 1, 5), date(2027, 2, 4), 31)
    # the spring change of hour: 05:00 Brussels is 04:00 UTC before, 03:00 UTC after
    spring = job_days(datetime(2027, 3, 27, 4, tzinfo=UTC), datetime(2027, 3, 28, 3, tzinfo=UTC))
    assert spring == [date(2027, 3, 28)]


def test_a_clock_moves_forward_only_two_years_at_most_one_advance_at_a_time() -> None:
    for to in (MONDAY_9, MONDAY_9 - timedelta(seconds=1), MONDAY_9 + timedelta(days=732)):
        with pytest.raises(InvalidInput) as refused:
            check_advance(_clock(), to)
        assert refused.value.errors[0][0] == "frozen_time"
    check_advance(_clock(), MONDAY_9 + timedelta(days=731))
    with pytest.raises(ClockBusy):
        check_advance(_clock(ClockStatus.ADVANCING), MONDAY_9 + timedelta(days=2))
