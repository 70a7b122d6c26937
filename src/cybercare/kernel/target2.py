"""TARGET2 business days: the days the Eurosystem's settlement system is open, on which SEPA
direct debits settle (EPC SDD Core rulebook, "Banking Business Day"; ECB closing days).

TARGET2 is closed on Saturdays and Sundays, New Year's Day, Good Friday, Easter Monday,
1 May (Labour Day), Christmas Day and 26 December. Easter follows the Gregorian computus
(`dateutil.easter`, the same table the `holidays` library uses).
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import EASTER_WESTERN, easter

_FIXED_CLOSING_DAYS = ((1, 1), (5, 1), (12, 25), (12, 26))


def closing_days(year: int) -> frozenset[date]:
    """The weekday closing days of `year` (weekends are closed too, see is_business_day)."""
    sunday = easter(year, EASTER_WESTERN)
    fixed = {date(year, month, day) for month, day in _FIXED_CLOSING_DAYS}
    return frozenset(fixed | {sunday - timedelta(days=2), sunday + timedelta(days=1)})


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in closing_days(day.year)


def next_business_day(day: date) -> date:
    """The first TARGET2 business day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while not is_business_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def earliest_collection_date(today: date) -> date:
    """The first date a direct debit submitted today may be collected on: at least one TARGET2
    business day after today (the SDD Core D-1 rule), itself a business day."""
    return next_business_day(today)
