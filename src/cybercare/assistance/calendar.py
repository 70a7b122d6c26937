"""Belgian working days (Art. 8.4): Monday to Friday, except the Belgian public holidays.

The holidays come from the `holidays` package (national public holidays of Belgium: New Year,
Easter Monday, Labour Day, Ascension, Whit Monday, National Day, Assumption, All Saints',
Armistice, Christmas). Pure: no clock, no I/O; the package computes each year on first use.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Protocol

import holidays


class WorkingCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...


class BelgianCalendar:
    """Working days in Belgium; `extra_closed_days` adds days the service declares closed."""

    def __init__(self, extra_closed_days: Collection[date] = ()) -> None:
        self._holidays = holidays.country_holidays("BE")
        self._extra = frozenset(extra_closed_days)

    def is_public_holiday(self, day: date) -> bool:
        return day in self._holidays

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return str(name) if name is not None else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays and day not in self._extra


def next_working_day(calendar: WorkingCalendar, day: date) -> date:
    """The first working day strictly after `day`."""
    following = day + timedelta(days=1)
    while not calendar.is_working_day(following):
        following += timedelta(days=1)
    return following
