"""Pure arithmetic of the staff dashboards: calendar buckets in Brussels time, shares and the
loss ratio in basis points, rounded by the platform's one rule (`kernel.money.divide_rounded`).

A share of nothing is `None`, never 0 % or 100 %: a team without a clock due in the window has
no attainment, a month without premium has no loss ratio (no division by zero)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.money import BASIS_POINTS, divide_rounded
from cybercare.kernel.periods import add_months


@dataclass(frozen=True, slots=True)
class Bucket:
    """Calendar days `[start, end)` of a week (Monday to Sunday) or of a month, in Brussels."""

    code: str  # "2026-W48" or "2026-11"
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def last_weeks(today: date, count: int) -> tuple[Bucket, ...]:
    """The `count` ISO weeks ending with the week of `today`, oldest first."""
    if count < 1:
        raise ValueError("count must be positive")
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(count - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        year, week, _ = start.isocalendar()
        weeks.append(Bucket(f"{year:04d}-W{week:02d}", start, start + timedelta(days=7)))
    return tuple(weeks)


def last_months(today: date, count: int) -> tuple[Bucket, ...]:
    """The `count` calendar months ending with the month of `today`, oldest first."""
    if count < 1:
        raise ValueError("count must be positive")
    first = today.replace(day=1)
    months = []
    for back in range(count - 1, -1, -1):
        start = add_months(first, -back)
        months.append(Bucket(f"{start.year:04d}-{start.month:02d}", start, add_months(start, 1)))
    return tuple(months)


def brussels_midnight(day: date) -> datetime:
    """The instant (UTC) a Brussels calendar day begins: buckets of instants (cases opened)
    follow the day as staff in Belgium see it, summer time included."""
    return datetime.combine(day, time(), BRUSSELS).astimezone(UTC)


def share_bp(part: int, whole: int) -> int | None:
    """`part` of `whole` in basis points (10,000 = 100 %), or None when `whole` is 0."""
    if whole < 0 or not 0 <= part <= whole:
        raise ValueError(f"{part} is not a part of {whole}")
    if whole == 0:
        return None
    return divide_rounded(part * BASIS_POINTS, whole)


def loss_ratio_bp(paid_cents: int, premium_cents: int) -> int | None:
    """Claims paid / premiums in basis points; None when no premium was earned (a month of
    refunds only, or nothing billed yet). Returned payouts can make `paid_cents` negative."""
    if premium_cents <= 0:
        return None
    return divide_rounded(paid_cents * BASIS_POINTS, premium_cents)


@dataclass(frozen=True, slots=True)
class Attainment:
    """Clocks of Art. 8.4 that ran out or were met in a window: `met` of them on time."""

    met: int
    measured: int

    def __post_init__(self) -> None:
        if not 0 <= self.met <= self.measured:
            raise ValueError(f"{self.met} met of {self.measured} measured")

    @property
    def missed(self) -> int:
        return self.measured - self.met

    @property
    def bp(self) -> int | None:
        return share_bp(self.met, self.measured)
