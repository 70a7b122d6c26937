"""The calendar days the platform accepts from outside: a sane horizon, as data.

Every date that enters through the API or a form is a day of someone's life or of a contract:
a birth, a start, a move, an incident, a payment. None lies before 1900 (the household rules
already refuse a birth before it) and none lies beyond 2100. Outside that band a date is a typo
or a probe (year 1, year 9999) and the domain's arithmetic is not made for it: a start date in
9999 has no first anniversary (`date` ends in 9999), so it would fail deep in a service instead
of being refused at the edge.

The band is fixed on purpose, not counted from today: a request then means the same whichever
day it is replayed (idempotency keys, tests on a fixed clock), and the nearer rules that do
depend on today ("not before today", "not in the future", "within the insurance year") stay with
the domain, which reads the injected clock.
"""

from __future__ import annotations

from datetime import date

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
OUTSIDE_HORIZON = (
    f"must be a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
)


def within_horizon(day: date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE
