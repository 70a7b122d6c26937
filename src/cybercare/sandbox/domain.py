"""Test clocks (pure): how far one advance may go, and the instants at which the daily jobs run
on the days it crosses. The sandbox's magic values (a failing IBAN, as payment providers give)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.errors import Conflict, InvalidInput

MAX_ADVANCE = timedelta(days=731)  # two years (and a leap day) per call
# The worker's daily jobs run at night; on a test clock they run at this Brussels hour of every
# day the advance crosses, so that an advance to 10:00 runs that day's jobs, one to 04:00 not.
DAILY_JOBS_AT = time(5, 0)

# Magic IBANs (valid numbers at Belfius, GKCCBEBB): a mandate on one of them has every direct
# debit returned by the sandbox's bank with this SEPA reason code (docs/partner-sandbox.md).
# Any other valid IBAN is collected on the collection date.
FAILING_IBANS = {
    "BE43096999990401": "AM04",  # insufficient funds: unpaid, formal notice (Art. 9.6)
    "BE88096999994441": "AC04",  # account closed: unpaid, a new IBAN asked, Art. 9.6 too
}


class ClockStatus(StrEnum):
    READY = "ready"
    ADVANCING = "advancing"


@dataclass(frozen=True, slots=True)
class TestClock:
    id: str
    distributor: str
    name: str
    frozen_time: datetime
    status: ClockStatus
    advancing_to: datetime | None
    created_at: datetime


class ClockBusy(Conflict):
    code = "test_clock.advancing"


def check_advance(clock: TestClock, to: datetime) -> None:
    """Only forward, at most two years at once, one advance at a time."""
    if to.tzinfo is None:
        raise InvalidInput("frozen_time", "give the instant with its offset (e.g. Z)")
    if clock.status is ClockStatus.ADVANCING:
        raise ClockBusy(
            f"test clock {clock.id} is still advancing to {clock.advancing_to}; wait for it",
            params={"advancing_to": str(clock.advancing_to)},
        )
    if to <= clock.frozen_time:
        raise InvalidInput(
            "frozen_time",
            f"a test clock only moves forward: {to.isoformat()} is not after its time "
            f"{clock.frozen_time.isoformat()}",
        )
    if to - clock.frozen_time > MAX_ADVANCE:
        raise InvalidInput(
            "frozen_time", f"one advance may move the clock {MAX_ADVANCE.days} days at most"
        )


def job_instant(day: date) -> datetime:
    return datetime.combine(day, DAILY_JOBS_AT, BRUSSELS)


def job_days(after: datetime, upto: datetime) -> list[date]:
    """The days whose daily-jobs instant lies in (after, upto], in order."""
    day = after.astimezone(BRUSSELS).date()
    last = upto.astimezone(BRUSSELS).date()
    days = []
    while day <= last:
        if after < job_instant(day) <= upto:
            days.append(day)
        day += timedelta(days=1)
    return days
