"""Calendar arithmetic of the terms: insurance years (Art. 3.1) and month offsets."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def anniversary(start: date, years: int) -> date:
    """The `years`-th anniversary of `start`; a 29 February start falls on 28 February in
    common years (Art. 3.1). Always computed from the original start, never chained."""
    return add_months(start, 12 * years)


@dataclass(frozen=True, slots=True)
class InsuranceYear:
    """Twelve months from the start date or an anniversary (Art. 3.1); `end` is exclusive."""

    index: int  # 0 for the first year
    start: date
    end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def insurance_year(policy_start: date, day: date) -> InsuranceYear:
    """The insurance year of a policy that contains `day` (which must not precede the start)."""
    if day < policy_start:
        raise ValueError(f"{day} precedes the policy start {policy_start}")
    index = day.year - policy_start.year
    if anniversary(policy_start, index) > day:
        index -= 1
    return InsuranceYear(
        index, anniversary(policy_start, index), anniversary(policy_start, index + 1)
    )


def days_in_period(start: date, end: date) -> int:
    """Number of days in [start, end)."""
    return (end - start).days
