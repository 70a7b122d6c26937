"""Service-level clocks of Art. 8.4, as pure functions of an instant, a calendar and the product's
service levels.

- Urgent first contact: `urgent_first_contact_hours` after the request, day and night.
- Normal first contact: within `normal_first_contact_working_days` working days. A request on a
  working day at 17:00 is due at 17:00 on the next working day; a request on a weekend or a
  public holiday is due by the end of the next working day (00:00 the day after it).
- Decision: `decision_days_after_complete_file` calendar days after the file became complete;
  payment: `payment_days_after_decision` calendar days after the decision (same Brussels
  wall-clock time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from cybercare.assistance.calendar import WorkingCalendar, next_working_day
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import BRUSSELS
from cybercare.product.model import ServiceLevels

ART_8_4 = Art("8.4")


class SlaKind(StrEnum):
    URGENT_FIRST_CONTACT = "urgent_first_contact"
    FIRST_CONTACT = "first_contact"
    DECISION = "decision"
    PAYMENT = "payment"


def first_contact_kind(*, urgent: bool) -> SlaKind:
    return SlaKind.URGENT_FIRST_CONTACT if urgent else SlaKind.FIRST_CONTACT


def due_at(
    kind: SlaKind, from_instant: datetime, calendar: WorkingCalendar, levels: ServiceLevels
) -> datetime:
    """When the clock `kind` started at `from_instant` runs out (a UTC instant)."""
    if from_instant.tzinfo is None:
        raise ValueError("from_instant must be timezone-aware")
    if kind is SlaKind.URGENT_FIRST_CONTACT:
        return from_instant.astimezone(UTC) + timedelta(hours=levels.urgent_first_contact_hours)
    if kind is SlaKind.FIRST_CONTACT:
        return _add_working_days(from_instant, levels.normal_first_contact_working_days, calendar)
    days = (
        levels.decision_days_after_complete_file
        if kind is SlaKind.DECISION
        else levels.payment_days_after_decision
    )
    return _add_calendar_days(from_instant, days)


def _add_calendar_days(from_instant: datetime, days: int) -> datetime:
    local = from_instant.astimezone(BRUSSELS)
    day = local.date() + timedelta(days=days)
    return _local(day, local.timetz().replace(tzinfo=None))


def _add_working_days(from_instant: datetime, days: int, calendar: WorkingCalendar) -> datetime:
    local = from_instant.astimezone(BRUSSELS)
    day = local.date()
    if not calendar.is_working_day(day):
        # The clock starts with the next working day and runs out when its Nth one ends.
        day = next_working_day(calendar, day)
        for _ in range(days - 1):
            day = next_working_day(calendar, day)
        return _local(day + timedelta(days=1), time(0, 0))
    for _ in range(days):
        day = next_working_day(calendar, day)
    return _local(day, local.time().replace(tzinfo=None))


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BRUSSELS).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class ClockState:
    """Where a clock stands at `now`: what is left (negative when late) and whether it broke."""

    due_at: datetime
    met_at: datetime | None
    now: datetime

    @property
    def seconds_left(self) -> int:
        end = self.met_at or self.now
        return int((self.due_at - end).total_seconds())

    @property
    def breached(self) -> bool:
        return (self.met_at or self.now) > self.due_at
