"""What has expired, and what an erasure request can have (GDPR art. 5(1)(e), 17). Pure.

An event on date `e` of a category has expired on `today` when `e < cutoff(category, today)`:
the cutoff is `today` minus the period (from 1 January after the event's year for the
accounting periods). The SQL of the pseudonymisation job compares event dates with the same
cutoff, so "expired" means one thing in the job, in the erasure answers and in the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cybercare.privacy.schedule import Category, Period, Schedule


def minus(day: date, period: Period) -> date:
    """`day` minus whole years (29 February becomes 28 February) and days."""
    year = day.year - period.years
    try:
        shifted = day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        shifted = date(year, 2, 28)
    return shifted - timedelta(days=period.days)


def cutoff(category: Category, today: date) -> date:
    """Events strictly before this date have expired on `today`."""
    if category.from_next_january:
        # expired once 1 January after the event's year plus the period has come
        return date(minus(today, category.period).year, 1, 1)
    return minus(today, category.period) + timedelta(days=1)


def expired(category: Category, event_on: date, today: date) -> bool:
    return event_on < cutoff(category, today)


def expires_on(category: Category, event_on: date) -> date:
    """The first day on which an event of `event_on` has expired."""
    if category.from_next_january:
        start = date(event_on.year + 1, 1, 1)
        return date(start.year + category.period.years, 1, 1) + timedelta(days=category.period.days)
    day = _plus(event_on, category.period)
    # `minus` clamps 29 February, so walk to the exact first day (at most a day or two)
    while not expired(category, event_on, day):
        day += timedelta(days=1)
    while expired(category, event_on, day - timedelta(days=1)):
        day -= timedelta(days=1)
    return day


def _plus(day: date, period: Period) -> date:
    year = day.year + period.years
    try:
        shifted = day.replace(year=year)
    except ValueError:
        shifted = date(year, 2, 28)
    return shifted + timedelta(days=period.days)


class Outcome(StrEnum):
    ERASE_NOW = "erase_now"  # no retention duty left: everything of the person goes at once
    RETAINED = "retained"  # a duty keeps some data: what could go goes, the rest at `until`


@dataclass(frozen=True, slots=True)
class Kept:
    """One category kept: until when (None while the contract or a case still runs) and why."""

    category: str
    until: date | None
    legal_basis: str


@dataclass(frozen=True, slots=True)
class ErasureDecision:
    outcome: Outcome
    erase_now: tuple[str, ...]  # categories erased for the person at once
    kept: tuple[Kept, ...]
    schedule_version: str

    @property
    def until(self) -> date | None:
        """The last date anything is kept: None when open-ended (a running contract)."""
        if not self.kept or any(k.until is None for k in self.kept):
            return None
        return max(k.until for k in self.kept if k.until is not None)


# The categories an erasure request acts on for one person; the household's letters and
# address, the books and the bank's statements follow their own clocks.
PERSONAL = ("member_identity", "cases_and_claims", "psychological_notes", "evidence_files")


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """When each category's event happened for the person: absent when the category holds
    nothing of theirs, None when its event has not happened yet (a running contract, an open
    case)."""

    events: Mapping[str, date | None]


def decide_erasure(schedule: Schedule, facts: PersonFacts, today: date) -> ErasureDecision:
    erase: list[str] = []
    kept: list[Kept] = []
    for category in schedule.categories:
        if category.code not in facts.events or not category.columns:
            continue
        event_on = facts.events[category.code]
        if event_on is not None and expired(category, event_on, today):
            if category.code in PERSONAL:
                erase.append(category.code)
            continue
        until = None if event_on is None else expires_on(category, event_on)
        kept.append(Kept(category.code, until, category.legal_basis))
    outcome = Outcome.RETAINED if kept else Outcome.ERASE_NOW
    return ErasureDecision(outcome, tuple(erase), tuple(kept), schedule.version)
