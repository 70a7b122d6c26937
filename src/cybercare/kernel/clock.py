"""The only place that reads the wall clock. Everything else receives a `Clock`.

Instants are timezone-aware UTC datetimes; calendar rules use dates in Europe/Brussels.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(BRUSSELS).date()


class FixedClock:
    """A clock that only moves when told to: for tests, demos and replays."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self._instant = instant.astimezone(UTC)

    @classmethod
    def on(cls, day: date, hour: int = 12) -> FixedClock:
        return cls(datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS))

    def now(self) -> datetime:
        return self._instant

    def today(self) -> date:
        return self._instant.astimezone(BRUSSELS).date()

    def advance(self, delta: timedelta) -> None:
        self._instant += delta
